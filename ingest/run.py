"""Ingest a batch of files: each one goes in whole or is reported and skipped.

The batch never stops for one bad file: extraction errors and write errors are recorded
per file with a clear reason, and the next file goes on.
"""

import glob
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from opensearchpy import OpenSearch
from opensearchpy.exceptions import OpenSearchException

from ingest.extract import ExtractionError
from ingest.index import document_status, write_document
from ingest.ocr import OcrOptions, unavailable
from ingest.prepare import PreparedDocument, PrepareOptions, content_hash, prepare_document
from ratsuche.embedding import Embedder
from ratsuche.settings import Settings, get_settings

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt")


@dataclass
class FileOutcome:
    """What happened to one file."""

    file: str
    status: str  # ingested | unchanged | failed | would-ingest
    reason: str | None = None
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
        return [o for o in self.outcomes if o.status == "failed"]

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
        overlap_words=settings.chunk_overlap_words, ocr=ocr,
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


def ingest_files(
    client: OpenSearch,
    alias: str,
    embedder: Embedder,
    files: list[tuple[Path, Path]],
    dry_run: bool = False,
    on_file: ProgressCallback | None = None,
    on_chunks: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest each file (skipping unchanged ones); a failing file never stops the batch."""
    options, ocr_unavailable = prepare_options(get_settings())
    report = IngestReport(ocr_unavailable=ocr_unavailable)
    started = time.perf_counter()
    for path, root in files:
        outcome = ingest_file(client, alias, embedder, path, root, dry_run, on_chunks, options)
        report.outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    report.seconds = time.perf_counter() - started
    return report


def ingest_file(
    client: OpenSearch,
    alias: str,
    embedder: Embedder,
    path: Path,
    root: Path,
    dry_run: bool = False,
    on_chunks: Callable[[int], None] | None = None,
    options: PrepareOptions | None = None,
) -> FileOutcome:
    """Ingest one file unless it is indexed already (a document indexed without OCR is
    ingested again once OCR is available); never raises for a bad file."""
    if options is None:
        options, _ = prepare_options(get_settings())
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    try:
        document_id = content_hash(path.read_bytes())
    except OSError as exc:
        return FileOutcome(name, "failed", f"cannot read file: {exc.strerror or exc}")
    try:
        status = document_status(client, alias, document_id, want_ocr=options.ocr is not None)
    except OpenSearchException as exc:
        return FileOutcome(name, "failed", f"search engine unavailable: {exc.__class__.__name__}")
    if status == "complete":
        return FileOutcome(name, "unchanged")
    try:
        doc = prepare_document(path, root, options)
    except ExtractionError as exc:
        return FileOutcome(name, "failed", str(exc))
    outcome = _outcome(name, "would-ingest" if dry_run else "ingested", doc, options)
    if not doc.units:
        outcome.status = "failed"
        outcome.reason = (
            "no text found (OCR found no words either)" if doc.ocr_applied and doc.ocr_pages
            else "no text layer on any page (image-only; OCR needed)" if doc.image_only_pages
            else "no text found"
        )
        return outcome
    if dry_run:
        return outcome
    try:
        _embed(doc, embedder, on_chunks)
        write_document(client, alias, doc)
    except Exception as exc:  # one file's failure must not stop the batch
        log.exception("writing %s failed", name)
        return FileOutcome(name, "failed", f"indexing failed: {exc.__class__.__name__}: {exc}")
    return outcome


def _outcome(
    name: str, status: str, doc: PreparedDocument, options: PrepareOptions
) -> FileOutcome:
    ocr = doc.ocr_pages
    threshold = options.ocr.min_confidence if options.ocr else 0.0
    return FileOutcome(
        name,
        status,
        units=len(doc.units),
        chunks=doc.chunk_count,
        image_only_pages=len(doc.image_only_pages),
        ocr_pages=len(ocr),
        ocr_seconds=doc.ocr_seconds,
        ocr_confidence=sum(p.ocr_confidence or 0 for p in ocr) / len(ocr) if ocr else None,
        low_confidence_pages=[p.number for p in ocr if (p.ocr_confidence or 0) < threshold],
    )


def _embed(
    doc: PreparedDocument, embedder: Embedder, on_chunks: Callable[[int], None] | None
) -> None:
    inputs = doc.embedding_inputs()
    vectors = embedder.encode_passages(inputs)
    if on_chunks:
        on_chunks(len(inputs))
    doc.attach_vectors(vectors)
