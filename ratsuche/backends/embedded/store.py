"""The embedded backend: one SQLite file per index, no server process.

- Keyword search: an FTS5 table of each chunk's terms, analyzed in Python by the same rules
  as the OpenSearch analyzers (`ratsuche.analysis`), ranked by FTS5's BM25.
- Semantic search: exact nearest neighbours over the chunk vectors (a dot product over all
  of them, kept in memory; tens of milliseconds for the whole shared corpus), with the
  filters applied before ranking.
- Filters and facets: plain columns and a table of multi-valued fields (factions,
  citations), queried with SQL.
- A document is written in one transaction: all of it becomes visible, or nothing.
"""

import contextlib
import functools
import hashlib
import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import DamerauLevenshtein
from threadpoolctl import threadpool_limits

from index_config import read_word_list
from ratsuche.analysis import analyze_exact, analyze_index
from ratsuche.backends.base import CANDIDATE_FIELDS, Browsed, Health, Hit
from ratsuche.backends.embedded.highlight import highlight
from ratsuche.backends.embedded.sql import (
    FIELD_COLUMNS,
    MULTI_VALUED,
    facets,
    filter_sql,
    fts_query,
    quoted,
)
from ratsuche.citations import cited_paragraphs
from ratsuche.core.errors import NotFound, StoreUnavailable
from ratsuche.core.fields import PAGE_CITATIONS
from ratsuche.core.query import CITATION_BOOST, Filters, ParsedQuery, Sort
from ratsuche.core.stored import (
    DocumentStatus,
    RecordType,
    StoredDocument,
    complete_status,
)
from ratsuche.sqlite_db import transaction

log = logging.getLogger(__name__)

# Raise when the tables change: a store of another schema (or other field columns) is
# emptied by `ensure_ready` (ingest the files again; the vector cache makes that cheap).
SCHEMA_VERSION = 4  # 4: `page_citations` (JSON) for the unused `citations` column
TABLES = ("meta", "records", "sources", "record_values", "vectors", "chunk_rows", "chunk_text")
# Small columns for filters, facets, sorting and ranking; whole records live in `sources`
# (kept apart so that scans over thousands of units never read their texts). The metadata
# columns come from the field table.
COLUMNS = ("record", "document_id", "unit_id", "file", "date", *FIELD_COLUMNS,
           "page_first", "page_last")
# The multi-valued fields too: their `record_values` rows are written at ingestion only.
SCHEMA_ID = f"{SCHEMA_VERSION}:{','.join(FIELD_COLUMNS)}:{','.join(MULTI_VALUED)}"
FTS_TOKENS = "unicode61 remove_diacritics 0 tokenchars '.,_-''§'"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, record TEXT NOT NULL, document_id TEXT NOT NULL, unit_id TEXT,
    file TEXT, date TEXT, {", ".join(FIELD_COLUMNS)}, page_first INTEGER,
    page_last INTEGER, {PAGE_CITATIONS} TEXT);
CREATE TABLE IF NOT EXISTS sources (id TEXT PRIMARY KEY, source TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_document ON records (document_id);
CREATE INDEX IF NOT EXISTS records_file ON records (file);
CREATE INDEX IF NOT EXISTS records_kind_date ON records (record, date);
CREATE TABLE IF NOT EXISTS record_values (id TEXT NOT NULL, field TEXT NOT NULL, value TEXT);
CREATE INDEX IF NOT EXISTS record_values_id ON record_values (id);
DROP INDEX IF EXISTS record_values_value;
CREATE INDEX IF NOT EXISTS record_values_lookup ON record_values (field, value, id);
CREATE TABLE IF NOT EXISTS vectors (id TEXT PRIMARY KEY, record TEXT NOT NULL, vector BLOB);
CREATE TABLE IF NOT EXISTS chunk_rows (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_text USING fts5(
    terms, exact, title_terms, title_exact, tokenize="{FTS_TOKENS}");
"""


def definition_version() -> str:
    """Fingerprint of what the stored terms depend on: schema and analysis word lists."""
    parts = [str(SCHEMA_VERSION), *read_word_list("stop_de.txt"),
             *read_word_list("decompound_de.txt")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:10]


class EmbeddedBackend:
    """An index in `<folder>/<name>.sqlite3`."""

    engine = "embedded"

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / f"{name}.sqlite3"
        self.name = name
        self._vectors: dict[str, _VectorMatrix] = {}

    # --- connections
    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A transaction on the store; SQLite's errors (locked, corrupt, unreadable) become
        StoreUnavailable, i.e. a clear 503 rather than a stack trace."""
        if not self.path.exists():
            raise StoreUnavailable(f"no index at {self.path}: run `ratsuche ingest` first")
        try:
            with transaction(self.path) as db:
                yield db
        except sqlite3.IntegrityError:
            raise
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            raise StoreUnavailable(f"embedded store {self.path}: {exc}") from exc

    def _generation(self, db: sqlite3.Connection) -> str:
        """Changes with every write, and differs between stores (a dropped and re-made store
        starts anew)."""
        rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN "
                               "('store', 'generation')").fetchall())
        return f"{rows.get('store')}:{rows.get('generation', 0)}"

    # --- the store itself
    def health(self) -> Health:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return Health(False, "unreachable", None, f"cannot create {folder}: {exc}")
        return Health(True, "green", f"SQLite {sqlite3.sqlite_version}")

    def ensure_ready(self, vector_dimension: int) -> str:
        """Create the tables; with a changed analysis, analyze the stored chunks anew."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch(exist_ok=True)
        version = definition_version()
        with self._db() as db:
            self._drop_other_schema(db)
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('store', ?)", (uuid.uuid4().hex,))
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_ID,))
            stored = db.execute("SELECT value FROM meta WHERE key = 'dimension'").fetchone()
            if stored and int(stored[0]) != vector_dimension:
                raise ValueError(
                    f"{self.path} holds {stored[0]}-dimension vectors, the model gives "
                    f"{vector_dimension}: use another INDEX_ALIAS for this model")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('dimension', ?)",
                       (str(vector_dimension),))
            row = db.execute("SELECT value FROM meta WHERE key = 'definition'").fetchone()
            if row is None or row[0] != version:
                db.execute("DELETE FROM chunk_text")
                chunks = db.execute("SELECT c.rowid, s.source FROM chunk_rows c "
                                    "JOIN sources s ON s.id = c.id").fetchall()
                for rowid, source in chunks:
                    _insert_terms(db, rowid, json.loads(source))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('definition', ?)", (version,))
        return f"{self.name}-{version}"

    def _drop_other_schema(self, db: sqlite3.Connection) -> None:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            return
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_ID:
            log.warning("%s has another schema: emptied, ingest the files again", self.path)
            for table in TABLES:
                db.execute(f"DROP TABLE IF EXISTS {table}")

    def index_name(self) -> str | None:
        if not self.path.exists():
            return None
        with self._db() as db:
            try:
                row = db.execute("SELECT value FROM meta WHERE key = 'definition'").fetchone()
            except sqlite3.OperationalError:  # an empty file: never made ready
                return None
        return f"{self.name}-{row[0]}" if row else None

    def drop_previous(self) -> list[str]:
        """Nothing to drop: a changed definition is applied to the one store in place."""
        return []

    def store_bytes(self) -> int:
        files = [self.path, Path(f"{self.path}-wal")]
        return sum(f.stat().st_size for f in files if f.exists())

    def stored_documents(self) -> Iterator[StoredDocument]:
        with self._db() as db:
            ids = [i for (i,) in db.execute(
                "SELECT document_id FROM records WHERE record = 'document' "
                "ORDER BY document_id")]
        for document_id in ids:
            with self._db() as db:
                rows = db.execute(
                    "SELECT r.id, s.source, v.vector FROM records r "
                    "JOIN sources s ON s.id = r.id LEFT JOIN vectors v ON v.id = r.id "
                    "WHERE r.document_id = ?", (document_id,)).fetchall()
            records = []
            for record_id, source, vector in rows:
                record = {**json.loads(source), "_id": record_id}
                if vector is not None:
                    record["vector"] = np.frombuffer(vector, dtype=np.float32).tolist()
                records.append(record)
            if records:  # removed in between
                yield StoredDocument.from_store(records)

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._vectors.clear()

    # --- writing
    def document_status(self, document_id: str, want_ocr: bool = False) -> DocumentStatus:
        exists = self.path.exists()
        source = self.get_record(document_id, RecordType.document) if exists else None
        return DocumentStatus.absent if source is None else complete_status(source, want_ocr)

    def write_document(self, doc: StoredDocument) -> None:
        records = doc.records
        with self._db() as db:
            _delete(db, "document_id = ?", (doc.document_id,))
            _delete(db, "file = ? AND document_id != ?", (doc.file, doc.document_id))
            for record in records:
                _insert(db, {**record, "complete": True})
            _bump(db)

    def drop_other_versions(self, file: str, document_id: str) -> int:
        with self._db() as db:
            deleted = _delete(db, "file = ? AND document_id != ?", (file, document_id))
            if deleted:
                _bump(db)
        return deleted

    def delete_document(self, document_id: str) -> int:
        with self._db() as db:
            deleted = _delete(db, "document_id = ?", (document_id,))
            _bump(db)
        return deleted

    # --- retrieval
    def keyword_chunks(
        self, parsed: ParsedQuery, filters: Filters, size: int, cited_only: bool = False
    ) -> list[Hit]:
        """BM25 over the chunk terms, plus a constant for chunks of units that cite a
        queried paragraph (with or without its Absatz); a cited chunk matches without the
        words too, but never against the query's phrases, OR groups or exclusions (as in the
        engine's bool query)."""
        where, params = filter_sql(filters, RecordType.chunk)
        query = fts_query(parsed)
        citations = json.dumps(cited_paragraphs(parsed.citations))
        cited = ("r.id IN (SELECT id FROM record_values WHERE field = 'citations' AND "
                 "value IN (SELECT value FROM json_each(?)))")
        in_fts = "c.rowid IN (SELECT rowid FROM chunk_text WHERE chunk_text MATCH ?)"
        scored: dict[str, float] = {}
        with self._db() as db:
            if query.expression:
                rows = db.execute(
                    "SELECT r.id, -bm25(chunk_text, 1, 1, 0, 1) FROM chunk_text "
                    "JOIN chunk_rows c ON c.rowid = chunk_text.rowid "
                    f"JOIN records r ON r.id = c.id WHERE chunk_text MATCH ? AND {where} "
                    f"{'AND ' + cited if cited_only else ''} "
                    "ORDER BY bm25(chunk_text, 1, 1, 0, 1) LIMIT ?",
                    (query.expression, *params, *([citations] if cited_only else []), size),
                ).fetchall()
                scored.update(rows)
            if parsed.citations:
                conditions, extra = [where, cited], [*params, citations]
                if query.required:
                    conditions.append(in_fts)
                    extra.append(query.required)
                if query.excluded:
                    conditions.append(f"NOT {in_fts}")
                    extra.append(query.excluded)
                rows = db.execute(
                    "SELECT r.id FROM records r JOIN chunk_rows c ON c.id = r.id "
                    f"WHERE {' AND '.join(conditions)}", extra,
                ).fetchall()
                for (chunk_id,) in rows:
                    scored[chunk_id] = scored.get(chunk_id, 0.0) + CITATION_BOOST
            best = sorted(scored.items(), key=lambda item: -item[1])[:size]
            found = _sources(db, [chunk_id for chunk_id, _ in best])
        return [_hit(chunk_id, score, found[chunk_id]) for chunk_id, score in best
                if chunk_id in found]

    def vector_chunks(
        self, vector: NDArray[np.float32], filters: Filters, size: int, k: int
    ) -> list[Hit]:
        return self._nearest(RecordType.chunk, vector, filters, min(size, k), exclude_document=None)

    def chunk_vectors(self, chunk_ids: list[str]) -> dict[str, NDArray[np.float32]]:
        with self._db() as db:
            matrix = self._matrix(db, RecordType.chunk)
        return {i: matrix.matrix[matrix.rows[i]] for i in chunk_ids if i in matrix.rows}

    def _nearest(
        self, record: RecordType, vector: NDArray[np.float32], filters: Filters, size: int,
        exclude_document: str | None,
    ) -> list[Hit]:
        """Exact nearest records of one type (units: whole records, chunks: the candidate
        fields), scored like the engine's cosine space: (1 + cos) / 2."""
        where, params = filter_sql(filters, record)
        if exclude_document:
            where += " AND r.document_id != ?"
            params.append(exclude_document)
        with self._db() as db:
            matrix = self._matrix(db, record)
            allowed = None
            if filters != Filters() or exclude_document:
                ids = db.execute(f"SELECT r.id FROM records r WHERE {where}", params).fetchall()
                allowed = [matrix.rows[i] for (i,) in ids if i in matrix.rows]
            best = matrix.nearest(vector, size, allowed)
            found = _sources(db, [matrix.ids[row] for row, _ in best],
                             full=record == RecordType.unit)
        return [
            _hit(matrix.ids[row], (1.0 + score) / 2.0, found[matrix.ids[row]])
            for row, score in best if matrix.ids[row] in found
        ]

    def _matrix(self, db: sqlite3.Connection, record: RecordType) -> "_VectorMatrix":
        """The vectors of one record type, loaded once per change of the store. Loaded
        without a lock (two threads may both load after a write; the last one stays), so a
        reload never holds up searches on the matrix before it."""
        generation = self._generation(db)
        cached = self._vectors.get(record)
        if cached is None or cached.generation != generation:
            rows = db.execute("SELECT id, vector FROM vectors WHERE record = ? ORDER BY id",
                              (record,)).fetchall()
            cached = _VectorMatrix(generation, rows)
            self._vectors[record] = cached
        return cached

    def load_shown(self, hits: list[Hit], parsed: ParsedQuery) -> None:
        if not hits:
            return
        with self._db() as db:
            found = _sources(db, [h.chunk_id for h in hits], full=True)
        words = parsed.highlight_text
        for hit in hits:
            source = found.get(hit.chunk_id, {})
            text = str(source.pop("text", ""))
            hit.source = {**hit.source, **source}
            hit.highlight = highlight(text, words, parsed.part_terms)

    def browse_units(self, filters: Filters, sort: Sort, offset: int, size: int) -> Browsed:
        where, params = filter_sql(filters, RecordType.unit)
        order = "ASC" if sort == Sort.date_asc else "DESC"
        with self._db() as db:
            total = db.execute(f"SELECT COUNT(*) FROM records r WHERE {where}",
                               params).fetchone()[0]
            rows = db.execute(
                f"SELECT s.source FROM records r JOIN sources s ON s.id = r.id WHERE {where} "
                f"ORDER BY r.date IS NULL, r.date {order}, r.unit_id LIMIT ? OFFSET ?",
                (*params, size, offset),
            ).fetchall()
            counts = facets(db, f"SELECT r.id FROM records r WHERE {where}", params)
        return Browsed(total=total, units=[json.loads(s) for (s,) in rows], facets=counts)

    # --- records
    def get_record(self, record_id: str, record: RecordType) -> dict[str, Any] | None:
        with self._db() as db:
            row = db.execute("SELECT s.source FROM records r JOIN sources s ON s.id = r.id "
                             "WHERE r.id = ? AND r.record = ?",
                             (record_id, str(record))).fetchone()
        return json.loads(row[0]) if row else None

    def similar_units(self, unit_id: str, size: int) -> list[tuple[dict[str, Any], float]]:
        with self._db() as db:
            row = db.execute("SELECT r.document_id, v.vector FROM records r JOIN vectors v "
                             "ON v.id = r.id WHERE r.id = ?", (unit_id,)).fetchone()
        if row is None:
            raise NotFound(f"unit {unit_id!r} has no vector")
        vector = np.frombuffer(row[1], dtype=np.float32)
        hits = self._nearest(RecordType.unit, vector, Filters(), size, exclude_document=row[0])
        return [(hit.source, hit.score) for hit in hits]

    def list_documents(self) -> list[dict[str, Any]]:
        with self._db() as db:
            rows = db.execute("SELECT s.source FROM records r JOIN sources s ON s.id = r.id "
                              "WHERE r.record = 'document' "
                              "ORDER BY r.date IS NULL, r.date DESC, r.file").fetchall()
        return [json.loads(s) for (s,) in rows]

    def unknown_terms(self, terms: list[str]) -> set[str]:
        with self._db() as db:
            return {term for term in terms if db.execute(
                "SELECT 1 FROM chunk_text WHERE chunk_text MATCH ? LIMIT 1",
                (f"{{terms}} : {quoted(term)}",)).fetchone() is None}

    def close_words(self, term: str, most: int) -> dict[str, int]:
        if not term or most < 1:
            return {}
        with self._db() as db:  # the words of the `exact` column that start like `term`
            db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunk_vocab "
                       "USING fts5vocab(main, chunk_text, col)")
            rows = db.execute("SELECT term, doc FROM temp.chunk_vocab WHERE col = 'exact' "
                              "AND term >= ? AND term < ?",
                              (term[0], chr(ord(term[0]) + 1))).fetchall()
        return {other: chunks for other, chunks in rows
                if other != term and abs(len(other) - len(term)) <= most
                and DamerauLevenshtein.distance(term, other, score_cutoff=most) <= most}

    def texts_holding(self, term: str, size: int = 5) -> list[str]:
        where, params = filter_sql(Filters(), RecordType.chunk)
        with self._db() as db:
            ids = [chunk_id for (chunk_id,) in db.execute(  # the text index first: fast
                "SELECT r.id FROM (SELECT rowid FROM chunk_text WHERE chunk_text MATCH ? "
                "LIMIT ?) t JOIN chunk_rows c ON c.rowid = t.rowid JOIN records r "
                f"ON r.id = c.id WHERE {where} LIMIT ?",
                (f"{{exact}} : {quoted(term)}", 10 * size, *params, size))]
            found = _sources(db, ids, full=True)
        return [str(found[chunk_id].get("text", "")) for chunk_id in ids if chunk_id in found]

    def count_documents(self) -> int:
        with self._db() as db:
            count: int = db.execute(
                "SELECT COUNT(*) FROM records WHERE record = 'document'").fetchone()[0]
        return count

    def document_units(self, document_id: str) -> list[dict[str, Any]]:
        with self._db() as db:
            rows = db.execute("SELECT s.source FROM records r JOIN sources s ON s.id = r.id "
                              "WHERE r.record = 'unit' AND r.document_id = ? ORDER BY r.unit_id",
                              (document_id,)).fetchall()
        return [json.loads(s) for (s,) in rows]


class _VectorMatrix:
    """The vectors of one record type as a matrix, for exact nearest-neighbour search."""

    def __init__(self, generation: str, rows: Sequence[tuple[str, bytes]]) -> None:
        self.generation = generation
        self.ids = [record_id for record_id, _ in rows]
        self.rows = {record_id: i for i, record_id in enumerate(self.ids)}
        vectors = [np.frombuffer(blob, dtype=np.float32) for _, blob in rows]
        self.matrix = np.vstack(vectors) if vectors else np.empty((0, 0), dtype=np.float32)

    def nearest(
        self, vector: NDArray[np.float32], size: int, allowed: list[int] | None
    ) -> list[tuple[int, float]]:
        """(row, cosine) of the `size` best rows, among `allowed` rows if given."""
        if not self.ids or size <= 0:
            return []
        _one_blas_thread()
        rows = np.arange(len(self.ids)) if allowed is None else np.asarray(allowed, dtype=int)
        if rows.size == 0:
            return []
        scores = self.matrix[rows] @ vector if allowed is not None else self.matrix @ vector
        take = min(size, rows.size)
        best = np.argpartition(-scores, take - 1)[:take]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(rows[i]), float(scores[i])) for i in best]


@functools.cache
def _one_blas_thread() -> None:
    """numpy's BLAS on one thread in a process that scans vectors: the requests are the
    parallelism, and OpenBLAS's own threads spin between calls (whole corpus, hybrid with
    feedback, 150 requests: API CPU per request 137 -> 77 ms at concurrency 1, 135 -> 101 ms
    at 8; p50 at 1 68 -> 52 ms; BENCHMARKS.md). Once per process, for the whole process."""
    threadpool_limits(limits=1, user_api="blas")


def _sources(
    db: sqlite3.Connection, ids: Sequence[str], full: bool = False
) -> dict[str, dict[str, Any]]:
    """The stored records of `ids`; unless `full`, only CANDIDATE_FIELDS (from the small
    columns and the multi-valued rows: much faster than parsing hundreds of whole records)."""
    wanted = (json.dumps(list(ids)),)
    if full:
        rows = db.execute("SELECT id, source FROM sources WHERE id IN "
                          "(SELECT value FROM json_each(?))", wanted).fetchall()
        return {record_id: json.loads(source) for record_id, source in rows}
    rows = db.execute(f"SELECT id, {', '.join(_CANDIDATE_COLUMNS)}, {PAGE_CITATIONS} FROM "
                      "records WHERE id IN (SELECT value FROM json_each(?))", wanted).fetchall()
    found: dict[str, dict[str, Any]] = {
        record_id: {**dict(zip(_CANDIDATE_COLUMNS, values, strict=True)),
                    PAGE_CITATIONS: json.loads(cited or "[]"),
                    **{name: [] for name in _CANDIDATE_MULTI}}
        for record_id, *values, cited in rows}
    marks = ",".join("?" * len(_CANDIDATE_MULTI))
    for record_id, name, value in db.execute(
            f"SELECT id, field, value FROM record_values WHERE field IN ({marks}) AND id IN "
            "(SELECT value FROM json_each(?)) ORDER BY rowid", (*_CANDIDATE_MULTI, *wanted)):
        found[record_id][name].append(value)
    return found


# `page_citations` is a JSON column: read with the row, cheaper than rows of its own (a
# hybrid request reads some 700 candidates).
_CANDIDATE_COLUMNS = [name for name in CANDIDATE_FIELDS
                      if name not in MULTI_VALUED and name != PAGE_CITATIONS]
_CANDIDATE_MULTI = [name for name in CANDIDATE_FIELDS if name in MULTI_VALUED]


def _hit(chunk_id: str, score: float, source: dict[str, Any]) -> Hit:
    return Hit(str(source["unit_id"]), score, source, [], chunk_id)


def _insert(db: sqlite3.Connection, record: dict[str, Any]) -> None:
    source = dict(record)
    record_id = source.pop("_id")
    vector = source.pop("vector", None)
    db.execute(f"INSERT INTO records (id, {', '.join(COLUMNS)}, {PAGE_CITATIONS}) "
               f"VALUES (?, {', '.join('?' * len(COLUMNS))}, ?)",
               (record_id, *(source.get(c) for c in COLUMNS),
                json.dumps(source.get(PAGE_CITATIONS) or [])))
    db.execute("INSERT INTO sources VALUES (?, ?)",
               (record_id, json.dumps(source, ensure_ascii=False)))
    for field in MULTI_VALUED:
        db.executemany("INSERT INTO record_values VALUES (?, ?, ?)",
                       [(record_id, field, value) for value in source.get(field) or []])
    if vector is not None:
        db.execute("INSERT INTO vectors VALUES (?, ?, ?)",
                   (record_id, source["record"],
                    np.asarray(vector, dtype=np.float32).tobytes()))
    if source["record"] == RecordType.chunk:
        rowid = db.execute("INSERT INTO chunk_rows (id) VALUES (?)", (record_id,)).lastrowid
        _insert_terms(db, rowid, source)


def _insert_terms(db: sqlite3.Connection, rowid: int | None, source: dict[str, Any]) -> None:
    text, title = str(source.get("text") or ""), str(source.get("title") or "")
    db.execute(
        "INSERT INTO chunk_text (rowid, terms, exact, title_terms, title_exact) "
        "VALUES (?, ?, ?, ?, ?)",
        (rowid, *(" ".join(t.term for t in analyze(value))
                  for analyze, value in ((analyze_index, text), (analyze_exact, text),
                                         (analyze_index, title), (analyze_exact, title)))),
    )


def _delete(db: sqlite3.Connection, where: str, params: Sequence[Any]) -> int:
    """Remove the records that `where` selects, with their values, vectors and terms."""
    ids = f"SELECT id FROM records WHERE {where}"
    db.execute(f"DELETE FROM chunk_text WHERE rowid IN (SELECT rowid FROM chunk_rows "
               f"WHERE id IN ({ids}))", params)
    db.execute(f"DELETE FROM chunk_rows WHERE id IN ({ids})", params)
    db.execute(f"DELETE FROM record_values WHERE id IN ({ids})", params)
    db.execute(f"DELETE FROM vectors WHERE id IN ({ids})", params)
    db.execute(f"DELETE FROM sources WHERE id IN ({ids})", params)
    return db.execute(f"DELETE FROM records WHERE {where}", params).rowcount


def _bump(db: sqlite3.Connection) -> None:
    """Mark a change, so that every process reloads its vector matrices."""
    db.execute("INSERT INTO meta VALUES ('generation', 1) ON CONFLICT(key) "
               "DO UPDATE SET value = value + 1")
