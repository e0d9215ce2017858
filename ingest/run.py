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
from ingest.prepare import PreparedDocument, content_hash, prepare_document
from ratsuche.embedding import Embedder

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


@dataclass
class IngestReport:
    """The summary of one batch."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0

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
    report = IngestReport()
    started = time.perf_counter()
    for path, root in files:
        outcome = ingest_file(client, alias, embedder, path, root, dry_run, on_chunks)
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
) -> FileOutcome:
    """Ingest one file unless it is indexed already; never raises for a bad file."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    try:
        document_id = content_hash(path.read_bytes())
    except OSError as exc:
        return FileOutcome(name, "failed", f"cannot read file: {exc.strerror or exc}")
    try:
        status = document_status(client, alias, document_id)
    except OpenSearchException as exc:
        return FileOutcome(name, "failed", f"search engine unavailable: {exc.__class__.__name__}")
    if status == "complete":
        return FileOutcome(name, "unchanged")
    try:
        doc = prepare_document(path, root)
    except ExtractionError as exc:
        return FileOutcome(name, "failed", str(exc))
    outcome = FileOutcome(
        name,
        "would-ingest" if dry_run else "ingested",
        units=len(doc.units),
        chunks=doc.chunk_count,
        image_only_pages=len(doc.image_only_pages),
    )
    if not doc.units:
        outcome.status = "failed"
        outcome.reason = (
            "no text layer on any page (image-only; OCR needed)"
            if doc.image_only_pages
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


def _embed(
    doc: PreparedDocument, embedder: Embedder, on_chunks: Callable[[int], None] | None
) -> None:
    inputs = doc.embedding_inputs()
    vectors = embedder.encode_passages(inputs)
    if on_chunks:
        on_chunks(len(inputs))
    doc.attach_vectors(vectors)
