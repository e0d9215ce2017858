"""What an OParl import remembers between runs, in one SQLite file per index.

Per source (Body) and list: when the last complete run started (the next `modified_since`)
and where an interrupted run stopped. Per object: type, `modified`, raw JSON. Per file: the
document it became, its content hash and HTTP validators, and its outcome, so that a failed
file is tried again and an unchanged one is neither downloaded nor ingested.

The state lives beside the index, not in it, so both backends share the same code.
"""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ratsuche.settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS lists (
    source TEXT NOT NULL, name TEXT NOT NULL, started_at TEXT, completed_at TEXT,
    resume_url TEXT, resume_since TEXT, resume_started_at TEXT, status TEXT,
    PRIMARY KEY (source, name));
CREATE TABLE IF NOT EXISTS objects (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, type TEXT NOT NULL, modified TEXT,
    data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, parent TEXT NOT NULL, path TEXT NOT NULL,
    document_id TEXT, sha256 TEXT, etag TEXT, last_modified TEXT, meta_hash TEXT,
    fingerprint TEXT,
    status TEXT NOT NULL, reason TEXT, updated_at TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS files_parent ON files (parent);
"""


@dataclass
class ListState:
    started_at: str | None = None  # of the last complete run
    completed_at: str | None = None
    resume_url: str | None = None  # the page where an interrupted run stopped
    resume_since: str | None = None  # the filter of that interrupted run
    resume_started_at: str | None = None  # when that interrupted run started
    status: str | None = None  # complete | partial


@dataclass
class FileState:
    id: str
    parent: str
    path: str
    document_id: str | None
    sha256: str | None
    etag: str | None
    last_modified: str | None
    meta_hash: str | None
    fingerprint: str | None
    status: str  # ingested | unchanged | failed
    reason: str | None


class SyncState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    # --- lists
    def list_state(self, source: str, name: str) -> ListState:
        with self._db() as db:
            row = db.execute("SELECT started_at, completed_at, resume_url, resume_since,"
                             " resume_started_at, status"
                             " FROM lists WHERE source = ? AND name = ?", (source, name)).fetchone()
        return ListState(**dict(row)) if row else ListState()

    def save_list(self, source: str, name: str, state: ListState) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO lists VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (source, name, state.started_at, state.completed_at, state.resume_url,
                 state.resume_since, state.resume_started_at, state.status),
            )

    def sources(self) -> list[dict[str, Any]]:
        """Every source and list with its last sync, for `/health` and the CLI."""
        with self._db() as db:
            rows = db.execute("SELECT source, name AS list, started_at, completed_at, status"
                              " FROM lists ORDER BY source, name").fetchall()
        return [dict(r) for r in rows]

    # --- objects
    def put_object(self, source: str, kind: str, raw: dict[str, Any]) -> None:
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO objects VALUES (?, ?, ?, ?, ?)",
                       (raw["id"], source, kind, raw.get("modified"),
                        json.dumps(raw, ensure_ascii=False)))

    def get_object(self, object_id: str) -> dict[str, Any] | None:
        with self._db() as db:
            row = db.execute("SELECT data FROM objects WHERE id = ?", (object_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def objects(self, source: str, kind: str) -> list[dict[str, Any]]:
        with self._db() as db:
            rows = db.execute("SELECT data FROM objects WHERE source = ? AND type = ?",
                              (source, kind)).fetchall()
        return [json.loads(r["data"]) for r in rows]

    def delete_object(self, object_id: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM objects WHERE id = ?", (object_id,))

    # --- files
    def file(self, file_id: str) -> FileState | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
        return _file(row) if row else None

    def files_of(self, parent: str) -> list[FileState]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM files WHERE parent = ?", (parent,)).fetchall()
        return [_file(r) for r in rows]

    def failed_files(self, source: str) -> list[FileState]:
        """Files to try again: failed ones, and those an interrupted run planned but did not
        finish (their parents are not in the next run's changes)."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM files WHERE source = ? AND"
                              " (status = 'failed' OR pending = 1)", (source,)).fetchall()
        return [_file(r) for r in rows]

    def mark_pending(self, source: str, files: list[tuple[str, str, str]], now: str) -> None:
        """Remember (file id, parent, path) as planned before any is fetched."""
        with self._db() as db:
            db.executemany(
                "INSERT INTO files (id, source, parent, path, status, updated_at, pending)"
                " VALUES (?, ?, ?, ?, 'pending', ?, 1)"
                " ON CONFLICT (id) DO UPDATE SET pending = 1, parent = excluded.parent",
                [(file_id, source, parent, path, now) for file_id, parent, path in files])

    def save_file(self, source: str, state: FileState, now: str) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (state.id, source, state.parent, state.path, state.document_id, state.sha256,
                 state.etag, state.last_modified, state.meta_hash, state.fingerprint,
                 state.status, state.reason, now),
            )

    def delete_file(self, file_id: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM files WHERE id = ?", (file_id,))


def _file(row: sqlite3.Row) -> FileState:
    values = dict(row)
    for column in ("source", "updated_at", "pending"):
        values.pop(column)
    return FileState(**values)


def state_path(settings: "Settings") -> Path:
    """The sync state of the index the settings name."""
    return settings.oparl_dir / f"{settings.index_alias}.sync.sqlite3"


def last_syncs(settings: "Settings") -> list[dict[str, Any]]:
    """Each source's lists with their last sync, for `/health` (none before a first import)."""
    path = state_path(settings)
    return SyncState(path).sources() if path.exists() else []
