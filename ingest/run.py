"""Ingest a batch of files: each one goes in whole or is reported and skipped.

The batch never stops for one bad file: extraction errors and write errors are recorded
per file with a clear reason, and the next file goes on.
"""

import glob
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ingest.extract import ExtractionError
from ingest.ocr import OcrOptions, unavailable
from ingest.prepare import PreparedDocument, PrepareOptions, document_key, prepare_document
from ratsuche.backends.base import Backend
from ratsuche.core.errors import StoreUnavailable
from ratsuche.core.stored import DocumentStatus
from ratsuche.embedding import Embedder
from ratsuche.settings import Settings, get_settings

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt")


class IngestStatus(StrEnum):
    """What happened to one file."""

    ingested = "ingested"
    unchanged = "unchanged"
    failed = "failed"
    would_ingest = "would-ingest"  # a dry run


@dataclass
class FileOutcome:
    """What happened to one file."""

    file: str
    status: IngestStatus
    reason: str | None = None
    document_id: str | None = None
    units: int = 0
    chunks: int = 0
    image_only_pages: int = 0
    ocr_pages: int = 0
    ocr_seconds: float = 0.0
    ocr_confidence: float | None = None  # mean over the OCRed pages
    low_confidence_pages: list[int] = field(default_factory=list)


@dataclass
class IngestReport:
    """The summary of one batch."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    ocr_unavailable: str | None = None  # why scanned pages were not OCRed

    @property
    def ocr_pages(self) -> int:
        return sum(o.ocr_pages for o in self.outcomes)

    @property
    def ocr_seconds(self) -> float:
        return sum(o.ocr_seconds for o in self.outcomes)

    @property
    def ocr_confidence(self) -> float | None:
        """Mean OCR confidence over all OCRed pages of the batch."""
        weighted = [(o.ocr_confidence, o.ocr_pages) for o in self.outcomes if o.ocr_confidence]
        pages = sum(n for _, n in weighted)
        return sum(c * n for c, n in weighted) / pages if pages else None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == IngestStatus.failed]

    @property
    def units(self) -> int:
        return sum(o.units for o in self.outcomes)

    @property
    def chunks(self) -> int:
        return sum(o.chunks for o in self.outcomes)

    @property
    def image_only_pages(self) -> int:
        return sum(o.image_only_pages for o in self.outcomes)


def prepare_options(settings: Settings) -> tuple[PrepareOptions, str | None]:
    """The pipeline options from settings, and why OCR is off (None when it is on)."""
    reason = unavailable(settings.ocr_language) if settings.ocr_enabled else "OCR_ENABLED=false"
    ocr = None if reason else OcrOptions(
        language=settings.ocr_language, dpi=settings.ocr_dpi, workers=settings.ocr_workers,
        cache_dir=settings.cache_dir / "ocr", min_confidence=settings.ocr_min_confidence,
    )
    options = PrepareOptions(
        target_words=settings.chunk_target_words, max_words=settings.chunk_max_words,
        overlap_words=settings.chunk_overlap_words,
        min_embedded_words=settings.chunk_min_embedded_words, ocr=ocr,
    )
    return options, reason


def collect_files(paths: Iterable[str]) -> list[tuple[Path, Path]]:
    """Expand files, folders (recursively) and glob patterns into (file, root) pairs, sorted.

    The root is the folder that was named (or the file's folder), so that stored paths are
    relative to what the user gave.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        matches = [Path(m) for m in glob.glob(given, recursive=True)] or [Path(given)]
        for match in matches:
            if match.is_dir():
                for file in sorted(match.rglob("*")):
                    if file.is_file() and file.suffix.lower() in SUPPORTED_SUFFIXES:
                        found.setdefault(file.resolve(), match.resolve())
            else:
                found.setdefault(match.resolve(), match.resolve().parent)
    return sorted(found.items())


ProgressCallback = Callable[[FileOutcome], None]


Prepared = tuple[FileOutcome, PreparedDocument]


def ingest_files(
    backend: Backend,
    embedder: Embedder,
    files: list[tuple[Path, Path]],
    dry_run: bool = False,
    on_file: ProgressCallback | None = None,
    on_chunks: Callable[[int], None] | None = None,
    adjust: Callable[[PreparedDocument], None] | None = None,
) -> IngestReport:
    """Ingest each file (skipping unchanged ones); a failing file never stops the batch.
    Documents are prepared one by one, embedded in groups and written one by one.
    `adjust` may change a prepared document before it is embedded (e.g. metadata known
    from elsewhere than the text)."""
    settings = get_settings()
    options, ocr_unavailable = prepare_options(settings)
    report = IngestReport(ocr_unavailable=ocr_unavailable)
    started = time.perf_counter()
    group: list[Prepared] = []

    def flush() -> None:
        _embed_and_write(backend, embedder, group, on_chunks)
        for outcome, _ in group:
            if on_file:
                on_file(outcome)
        group.clear()

    for path, root in files:
        pending = {doc.document_id for _, doc in group}
        outcome, doc = _prepare(backend, path, root, options, dry_run, pending, adjust)
        report.outcomes.append(outcome)
        if doc is None:
            if on_file:
                on_file(outcome)
            continue
        group.append((outcome, doc))
        if sum(d.chunk_count for _, d in group) >= settings.embedding_group_chunks:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report


def ingest_file(
    backend: Backend,
    embedder: Embedder,
    path: Path,
    root: Path,
    options: PrepareOptions | None = None,
) -> FileOutcome:
    """Ingest one file unless it is indexed already; never raises for a bad file."""
    if options is None:
        options, _ = prepare_options(get_settings())
    outcome, doc = _prepare(backend, path, root, options)
    if doc is not None:
        _embed_and_write(backend, embedder, [(outcome, doc)])
    return outcome


def _prepare(
    backend: Backend,
    path: Path,
    root: Path,
    options: PrepareOptions,
    dry_run: bool = False,
    pending: set[str] | frozenset[str] = frozenset(),
    adjust: Callable[[PreparedDocument], None] | None = None,
) -> tuple[FileOutcome, PreparedDocument | None]:
    """The outcome so far, and the prepared document when it is to be embedded and written
    (not when it is indexed already, among `pending`, broken, or in a dry run). A document
    indexed without OCR is prepared again once OCR is available, one written by an older
    pipeline version always."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    try:
        document_id = document_key(name, path.read_bytes())
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        return FileOutcome(name, IngestStatus.failed, reason), None
    if document_id in pending:  # the same name and bytes from two folders of this batch
        return FileOutcome(name, IngestStatus.unchanged, document_id=document_id), None
    try:
        status = backend.document_status(document_id, want_ocr=options.ocr is not None)
        if status == DocumentStatus.complete and not dry_run:
            # An old version left behind by a write that failed after the new one was
            # complete (a node lost while removing it) goes now.
            backend.drop_other_versions(name, document_id)
    except StoreUnavailable as exc:
        return FileOutcome(name, IngestStatus.failed, str(exc)), None
    if status == DocumentStatus.complete:
        return FileOutcome(name, IngestStatus.unchanged, document_id=document_id), None
    try:
        doc = prepare_document(path, root, options)
    except ExtractionError as exc:
        return FileOutcome(name, IngestStatus.failed, str(exc)), None
    if adjust:
        adjust(doc)
    outcome = _outcome(name, IngestStatus.would_ingest if dry_run else IngestStatus.ingested, doc,
                       options)
    if not doc.units:
        outcome.status = IngestStatus.failed
        outcome.reason = (
            "no text found (OCR found no words either)" if doc.ocr_applied and doc.ocr_pages
            else "no text layer on any page (image-only; OCR needed)" if doc.image_only_pages
            else "no text found"
        )
        return outcome, None
    return outcome, None if dry_run else doc


def _embed_and_write(
    backend: Backend,
    embedder: Embedder,
    group: list[Prepared],
    on_chunks: Callable[[int], None] | None = None,
) -> None:
    """Embed the chunks of all documents in one call, then write each document whole; a
    failure marks the documents it hit as failed (nothing of them becomes visible)."""
    if not group:
        return
    try:
        inputs = [doc.embedding_inputs() for _, doc in group]
        vectors = embedder.encode_passages([text for texts in inputs for text in texts])
    except Exception as exc:  # e.g. out of memory: this group fails, the batch goes on
        log.exception("embedding failed")
        for outcome, _ in group:
            _fail(outcome, f"embedding failed: {exc.__class__.__name__}: {exc}")
        return
    if on_chunks:
        on_chunks(len(vectors))
    offset = 0
    for (outcome, doc), texts in zip(group, inputs, strict=True):
        doc.attach_vectors(vectors[offset : offset + len(texts)])
        offset += len(texts)
        try:
            backend.write_document(doc.stored())
        except StoreUnavailable as exc:
            _fail(outcome, str(exc))
        except Exception as exc:  # one file's failure must not stop the batch
            log.exception("writing %s failed", outcome.file)
            _fail(outcome, f"indexing failed: {exc.__class__.__name__}: {exc}")


def _fail(outcome: FileOutcome, reason: str) -> None:
    outcome.status, outcome.reason = IngestStatus.failed, reason
    outcome.units = outcome.chunks = 0


def _outcome(
    name: str, status: IngestStatus, doc: PreparedDocument, options: PrepareOptions
) -> FileOutcome:
    ocr = doc.ocr_pages
    threshold = options.ocr.min_confidence if options.ocr else 0.0
    return FileOutcome(
        name,
        status,
        document_id=doc.document_id,
        units=len(doc.units),
        chunks=doc.chunk_count,
        image_only_pages=len(doc.image_only_pages),
        ocr_pages=len(ocr),
        ocr_seconds=doc.ocr_seconds,
        ocr_confidence=sum(p.ocr_confidence or 0 for p in ocr) / len(ocr) if ocr else None,
        low_confidence_pages=[p.number for p in ocr if (p.ocr_confidence or 0) < threshold],
    )
