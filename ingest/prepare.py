"""From a source file to the records the index stores: extract → segment → enrich → chunk.

Embedding is the one expensive step; it is applied afterwards (`attach_vectors`) so that
everything before it stays a pure, model-free function of the file's bytes.
"""

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ingest.chunk import Chunk, chunk_unit, page_slices, worth_embedding
from ingest.enrich import document_meta, enrich_unit
from ingest.enrich.resolutions import share_stacked
from ingest.extract import extract_document
from ingest.ocr import OcrOptions
from ingest.segment import document_title, segment
from ratsuche.citations import find_citations, section_citations, statute_code
from ratsuche.core.fields import CITATION_PAGES, PAGE_CITATIONS
from ratsuche.core.records import DocumentMeta, Page, Unit
from ratsuche.core.stored import PIPELINE_VERSION, RecordType, StoredDocument


def document_key(file: str, data: bytes) -> str:
    """Document identity: these bytes at this path (relative to the folder ingested).

    The same bytes under two paths are two documents: archives keep copies (a Vorlage in
    the curated folder and again in the bulk export), and each is a place a reader may be
    sent to (dev set: 11 judged files are byte-identical copies of other judged files). The
    same path with other bytes is a new version, which replaces the old one."""
    return hashlib.sha256(file.encode("utf-8") + b"\0" + data).hexdigest()[:32]


@dataclass
class PreparedDocument:
    """A source file taken apart into units and chunks, ready to embed and write."""

    document_id: str
    file: str
    source_path: str
    size_bytes: int
    pages: list[Page]
    meta: DocumentMeta
    units: list[Unit]
    chunks: list[list[Chunk]]
    embedded: list[list[bool]]  # per unit, which chunks get a vector (`worth_embedding`)
    # per unit, the citations on each of its pages (`page_citations`)
    cited_on_page: list[dict[int, list[str]]]
    ocr_applied: bool = False  # OCR was asked for (so the image-only pages were tried)
    ocr_seconds: float = 0.0  # rendering and recognition (near 0 when cached)
    chunk_vectors: list[np.ndarray] = field(default_factory=list)

    @property
    def image_only_pages(self) -> list[int]:
        """Pages without a text layer (OCRed or not)."""
        return [p.number for p in self.pages if p.image_only]

    @property
    def ocr_pages(self) -> list[Page]:
        return [p for p in self.pages if p.ocr]

    @property
    def chunk_count(self) -> int:
        return sum(len(c) for c in self.chunks)

    def embedding_inputs(self) -> list[str]:
        """The text embedded for each chunk that gets a vector: the chunk alone. (A title
        prefix pulls every page of a long agenda item toward its title; the page-window
        baseline without one reaches 0.693 dense nDCG@10 on the dev set.)"""
        return [
            chunk.text
            for chunks, embedded in zip(self.chunks, self.embedded, strict=True)
            for chunk, wanted in zip(chunks, embedded, strict=True)
            if wanted
        ]

    def attach_vectors(self, vectors: np.ndarray) -> None:
        """Store one normalized vector per embedded chunk, in the order of `embedding_inputs`."""
        expected = len(self.embedding_inputs())
        if len(vectors) != expected:
            raise ValueError(f"{len(vectors)} vectors for {expected} embedded chunks")
        self.chunk_vectors = list(vectors)

    def stored(self) -> StoredDocument:
        """The records of this document as a store takes them."""
        return StoredDocument(self.document_id, self.file, self.records())

    def records(self) -> list[dict[str, Any]]:
        """Every record of this document for the index, all with `complete: false`."""
        shared = _meta_fields(self.meta)
        shared.update(document_id=self.document_id, file=self.file, complete=False)
        out: list[dict[str, Any]] = []
        vectors = iter(self.chunk_vectors)
        ocr = {p.number for p in self.ocr_pages}
        for number, (unit, chunks, embedded, cited_on_page) in enumerate(
            zip(self.units, self.chunks, self.embedded, self.cited_on_page, strict=True)
        ):
            unit_id = f"{self.document_id}-u{number:04d}"
            unit_fields = {**shared, **_unit_fields(unit), "unit_id": unit_id,
                           "ocr_pages": sorted({s.page for s in unit.spans} & ocr)}
            unit_vectors = []
            for chunk, wanted in zip(chunks, embedded, strict=True):
                vector = next(vectors, None) if wanted else None
                record = {
                    **unit_fields,
                    "_id": f"{unit_id}-c{chunk.number:03d}",
                    "record": RecordType.chunk.value,
                    "chunk_no": chunk.number,
                    "text": chunk.text,
                    "page_first": chunk.first_page,
                    "page_last": chunk.last_page,
                    PAGE_CITATIONS: cited_on_page.get(chunk.first_page, []),  # one page
                    "char_start": chunk.spans[0].start,
                    "char_end": chunk.spans[-1].end,
                }
                if vector is not None:
                    record["vector"] = vector.tolist()
                    unit_vectors.append(vector)
                out.append(record)
            unit_record = {**unit_fields, "_id": unit_id, "record": RecordType.unit.value,
                           "text": unit.text,
                           CITATION_PAGES: citation_pages(unit.citations, cited_on_page)}
            if unit_vectors:
                mean = np.mean(unit_vectors, axis=0)
                unit_record["vector"] = (mean / (np.linalg.norm(mean) or 1.0)).tolist()
            out.append(unit_record)
        out.append(
            {
                **shared,
                "_id": self.document_id,
                "record": RecordType.document.value,
                "title": self.meta.title or Path(self.file).stem,
                "source_path": self.source_path,
                "page_count": len(self.pages),
                "image_only_pages": self.image_only_pages,
                "ocr_pages": sorted(ocr),
                "ocr_applied": self.ocr_applied,
                "pipeline_version": PIPELINE_VERSION,
                "unit_count": len(self.units),
                # "agenda": agenda items were found; "none": no recognizable structure, the
                # text is kept as it is rather than cut into invented items
                "structure": "agenda" if any(u.agenda_item for u in self.units) else "none",
                "chunk_count": self.chunk_count,
                "size_bytes": self.size_bytes,
                "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "page_first": 1,
                "page_last": len(self.pages),
            }
        )
        return out


def _meta_fields(meta: DocumentMeta) -> dict[str, Any]:
    return {
        "municipality": meta.municipality,
        "body": meta.body,
        "kind": meta.kind,
        "date": meta.meeting_date.isoformat() if meta.meeting_date else None,
        "year": meta.meeting_date.year if meta.meeting_date else None,
        "doc_numbers": meta.doc_numbers,
        "source_url": meta.source_url,
    }


def _unit_fields(unit: Unit) -> dict[str, Any]:
    return {
        "title": unit.title,
        "agenda_item": unit.agenda_item,
        "outcome": unit.outcome,
        "outcome_source": unit.outcome_source,
        "votes": {"yes": unit.votes.yes, "no": unit.votes.no, "abstain": unit.votes.abstain},
        "factions": unit.factions,
        "citations": unit.citations,
        "doc_numbers": unit.doc_numbers,
        "resolutions": [
            {"outcome": r.outcome, "votes": dataclasses.asdict(r.votes), "flags": list(r.flags)}
            for r in unit.resolutions
        ],
        "page_first": unit.first_page,
        "page_last": unit.last_page,
        "unit_page_first": unit.first_page,
        "unit_page_last": unit.last_page,
    }


@dataclass(frozen=True)
class PrepareOptions:
    """How a file is turned into units and chunks."""

    target_words: int = 130
    max_words: int = 160
    overlap_words: int = 20
    min_embedded_words: int = 20
    ocr: OcrOptions | None = None  # None: scanned pages stay unread


def inherit_numbers(units: list[Unit], numbers: list[str]) -> None:
    """Give the document's own numbers (its first page's) to every unit of a document that
    is not cut into agenda items, a Vorlage; a protocol's first page lists the numbers of
    its whole agenda, so there each unit keeps only the numbers it names (in place)."""
    if any(unit.agenda_item for unit in units):
        return
    for unit in units:
        unit.doc_numbers = list(dict.fromkeys([*unit.doc_numbers, *numbers]))


def page_citations(unit: Unit, statute: str | None = None) -> dict[int, list[str]]:
    """The citations found on each page of a unit, by page number; with the section
    headings when the document is the text of `statute` (`section_citations`).

    A unit's `citations` cover all its pages; a result is a page, and a lawyer asking for
    "§ 45 StVO" wants the pages that cite it first, not every page of a long Vorlage that
    cites it once. A citation broken across a page break is on neither page."""
    cited: dict[int, list[str]] = {}
    for _, span, text in page_slices(unit):
        keys = [*find_citations(text), *(section_citations(text, statute) if statute else [])]
        cited[span.page] = list(dict.fromkeys([*cited.get(span.page, []), *keys]))
    return cited


def citation_pages(
    citations: list[str], cited_on_page: dict[int, list[str]]
) -> list[dict[str, Any]]:
    """Where a unit prints each of its citations: `[{"citation": key, "pages": [...]}]`, in
    the unit's order (a citation broken across a page break has no page)."""
    return [{"citation": key, "pages": sorted(p for p, keys in cited_on_page.items()
                                                if key in keys)}
            for key in citations]


def prepare_document(
    path: Path, root: Path | None = None, options: PrepareOptions = PrepareOptions()
) -> PreparedDocument:
    """Read, extract, segment, enrich and chunk one file. Raises `ExtractionError` on bad input.

    `file` is the path relative to `root` (the folder given to `ratsuche ingest`).
    """
    data = path.read_bytes()
    pages, ocr_seconds = extract_document(data, path.name, options.ocr)
    meta = document_meta([p.text for p in pages], filename=path.name)
    meta.title = meta.title or document_title(pages)
    units = share_stacked([enrich_unit(u) for u in segment(pages)])
    code = statute_code(pages[0].text) if pages else None
    inherit_numbers(units, meta.doc_numbers)
    for unit in units:
        if code:
            sections = section_citations(unit.text, code)
            unit.citations = list(dict.fromkeys([*unit.citations, *sections]))
    chunks = [
        chunk_unit(u, options.target_words, options.max_words, options.overlap_words)
        for u in units
    ]
    relative = path.resolve().relative_to(root.resolve()) if root else Path(path.name)
    return PreparedDocument(
        document_id=document_key(relative.as_posix(), data),
        file=relative.as_posix(),
        source_path=str(path.resolve()),
        size_bytes=len(data),
        pages=pages,
        meta=meta,
        units=units,
        chunks=chunks,
        embedded=[worth_embedding(c, options.min_embedded_words) for c in chunks],
        cited_on_page=[page_citations(u, code) for u in units],
        ocr_applied=options.ocr is not None,
        ocr_seconds=ocr_seconds,
    )
