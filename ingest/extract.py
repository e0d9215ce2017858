"""Text extraction from council documents: PDF (via pypdf) and plain text files.

Raw and clean steps are separate and composable:

* `read_raw(path)` / `read_raw_bytes(data, name)` -> `RawDocument` (raw page texts, which
  pages have no text layer, the text encoding chosen, pypdf's warnings);
* `clean_document(raw)` -> `list[Page]` (runs `ingest.clean.clean_pages`);
* `with_ocr(raw, data, options)` fills pages without a text layer by OCR (`ingest.ocr`);
* `extract_pages(path, ocr)` / `extract_document(data, name, ocr)` do all of it.

PDF text comes from pypdf's plain `extract_text()`, not `extraction_mode="layout"`. On the
corpus, layout mode interleaves multi-column blocks row by row (the "Anwesende /
Entschuldigt / Verteiler" columns of the Erlangen Niederschriften, the faction columns of
the Nordstemmen attendance lists, the Ortsteil columns of the Nordstemmen letterheads
become lines like "Nordstemmen Burgstemmen Mahlerten"), pads justified lines with runs of
spaces, moves the hyphen of a justified line far to the right ("Ge      -") and keeps
letter-spaced headings apart; it is also slower. Plain mode reads each column as a block,
which is the reading order wanted here. Neither mode repairs table cells.

Whole-file failures raise `ExtractionError` (with a `reason`); a document is never
returned half-extracted. Pages without a text layer are `Page(image_only=True)`, with OCR
text and its confidence when OCR ran, otherwise with empty text.
"""

from __future__ import annotations

import codecs
import io
import logging
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from ingest.clean import clean_pages
from ingest.ocr import OcrOptions, recognize_pages
from ratsuche.core.records import Page

__all__ = [
    "MIN_TEXT_CHARS",
    "ExtractionError",
    "RawDocument",
    "RawPage",
    "Reason",
    "clean_document",
    "decode_text",
    "extract_document",
    "extract_pages",
    "read_raw",
    "read_raw_bytes",
    "with_ocr",
]

log = logging.getLogger(__name__)

# A PDF page with fewer letters/digits than this and an embedded image is a scan.
MIN_TEXT_CHARS = 20
TEXT_SUFFIXES = frozenset({".txt", ".text"})


# What pypdf raises on broken files besides its own errors (it does not wrap them all).
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    AssertionError,
    OverflowError,
    ZeroDivisionError,
)


class Reason(StrEnum):
    """Why a whole file could not be extracted."""

    UNREADABLE = "unreadable"  # the file cannot be read from disk
    NOT_PDF = "not_pdf"  # named .pdf, but the bytes are no PDF
    CORRUPT = "corrupt"  # a PDF that pypdf cannot parse
    TRUNCATED = "truncated"  # a PDF whose end (%%EOF) is missing
    ENCRYPTED = "encrypted"  # needs a password (the empty password did not open it)
    NO_PAGES = "no_pages"  # a valid PDF with zero pages
    EMPTY_TEXT = "empty_text"  # a text file without any text
    UNDECODABLE = "undecodable"  # a text file in no plausible encoding
    UNSUPPORTED = "unsupported"  # neither a PDF nor a text file


class ExtractionError(Exception):
    """A file could not be extracted at all; `reason` says why, `str()` says it to humans."""

    def __init__(self, name: str, reason: Reason, detail: str) -> None:
        self.name = name
        self.reason = reason
        self.detail = detail
        super().__init__(f"{name}: {detail}")


@dataclass(frozen=True)
class RawPage:
    """One page as extracted, before cleaning (1-based number)."""

    number: int
    text: str
    image_only: bool = False
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class RawDocument:
    """What extraction found in one file, before cleaning."""

    name: str
    kind: Literal["pdf", "text"]
    pages: tuple[RawPage, ...]
    encoding: str | None = None  # text files: the encoding used to decode them
    warnings: tuple[str, ...] = ()  # pypdf's warnings (damaged xref, ...)

    @property
    def image_only(self) -> bool:
        """True when no page has a text layer (a scan: the caller should report it)."""
        return all(page.image_only for page in self.pages)


# --------------------------------------------------------------------------- pypdf logging


class _Collector(logging.Handler):
    """Keeps pypdf's warnings per thread; passes errors on to this module's logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        buffer: list[str] | None = getattr(self.local, "buffer", None)
        if buffer is not None:
            buffer.append(record.getMessage())
        if record.levelno >= logging.ERROR:
            log.log(record.levelno, "pypdf: %s", record.getMessage())


_collector = _Collector()
_collector_lock = threading.Lock()
_collector_users = 0


@contextmanager
def _quiet_pypdf() -> Iterator[list[str]]:
    """Collect pypdf's log records instead of letting warnings reach the root logger."""
    global _collector_users
    pypdf_log = logging.getLogger("pypdf")
    with _collector_lock:
        if _collector_users == 0:
            pypdf_log.addHandler(_collector)
            pypdf_log.propagate = False
        _collector_users += 1
    buffer: list[str] = []
    _collector.local.buffer = buffer
    try:
        yield buffer
    finally:
        _collector.local.buffer = None
        with _collector_lock:
            _collector_users -= 1
            if _collector_users == 0:
                pypdf_log.removeHandler(_collector)
                pypdf_log.propagate = True


# --------------------------------------------------------------------------- PDF


def _has_image(page: Any) -> bool:
    """True when the page draws an image XObject (directly or inside a form XObject)."""
    try:
        todo = [page.get("/Resources")]
        for _ in range(3):  # nesting depth of form XObjects looked at
            found = []
            for resources in todo:
                xobjects = resources.get_object().get("/XObject") if resources else None
                for ref in (xobjects.get_object() if xobjects else {}).values():
                    xobject = ref.get_object()
                    if xobject.get("/Subtype") == "/Image":
                        return True
                    if xobject.get("/Subtype") == "/Form" and xobject.get("/Resources"):
                        found.append(xobject.get("/Resources"))
            todo = found
    except (PyPdfError, AttributeError, KeyError, TypeError, ValueError):
        return False
    return False


def _is_image_only(text: str, has_image: bool) -> bool:
    """No text, or a scan with a few stray characters (letters and digits are counted)."""
    chars = sum(1 for ch in text if ch.isalnum())
    return chars == 0 or (chars < MIN_TEXT_CHARS and has_image)


def _read_pdf(data: bytes, name: str) -> RawDocument:
    head = data[:1024]
    if b"%PDF-" not in head:
        kind = "looks like text" if _looks_like_text(head) else "unknown content"
        raise ExtractionError(name, Reason.NOT_PDF, f"not a PDF (no %PDF header; {kind})")
    if b"%%EOF" not in data[-2048:]:
        raise ExtractionError(
            name, Reason.TRUNCATED, "truncated PDF (end-of-file marker %%EOF missing)"
        )
    with _quiet_pypdf() as warnings:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _decrypt(reader, name)
            count = len(reader.pages)
        except ExtractionError:
            raise
        except FileNotDecryptedError as exc:
            raise ExtractionError(name, Reason.ENCRYPTED, "encrypted (password required)") from exc
        except _PDF_ERRORS as exc:
            raise ExtractionError(name, Reason.CORRUPT, f"corrupt PDF ({exc})") from exc
        if count == 0:
            raise ExtractionError(name, Reason.NO_PAGES, "PDF without pages")
        pages = []
        for number in range(1, count + 1):
            try:
                page = reader.pages[number - 1]
                text = page.extract_text() or ""
            except _PDF_ERRORS as exc:
                raise ExtractionError(
                    name, Reason.CORRUPT, f"corrupt PDF (page {number} of {count}: {exc})"
                ) from exc
            if _is_image_only(text, _has_image(page) if text.strip() else True):
                pages.append(RawPage(number, "", image_only=True))
            else:
                pages.append(RawPage(number, text))
    if warnings:
        log.debug("%s: pypdf reported %d warning(s), first: %s", name, len(warnings), warnings[0])
    return RawDocument(name, "pdf", tuple(pages), warnings=tuple(warnings))


def _decrypt(reader: PdfReader, name: str) -> None:
    """Open an encrypted PDF with the empty user password, or raise ENCRYPTED."""
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise ExtractionError(
            name, Reason.ENCRYPTED, f"encrypted (cannot decrypt here: {exc})"
        ) from exc
    except (PyPdfError, NotImplementedError, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError(name, Reason.ENCRYPTED, f"encrypted ({exc})") from exc
    if not opened:  # PasswordType.NOT_DECRYPTED == 0
        raise ExtractionError(name, Reason.ENCRYPTED, "encrypted (password required)")


# --------------------------------------------------------------------------- text


_ALLOWED_CONTROLS = frozenset("\t\n\r\f")
# Non-ASCII characters expected in German council texts written in cp1252/latin-1.
_PLAUSIBLE_LEGACY = frozenset(
    "äöüÄÖÜßéèêáàâóòôúùûíìîçñÉÈÁÀÓÚ„“”‚‘’«»–—…€§°²³µ·×÷½¼¾•±¹ºª©®™¢£¥¤\u00a0\u00ad"
)


def _looks_like_text(data: bytes) -> bool:
    try:
        sample = data.decode("utf-8")
    except UnicodeDecodeError:
        sample = data.decode("latin-1")
    if not sample:
        return False
    printable = sum(1 for ch in sample if ch.isprintable() or ch in _ALLOWED_CONTROLS)
    return printable / len(sample) > 0.95


def _plausible(text: str, legacy: bool) -> bool:
    """(Almost) no control characters; legacy codecs: few and typical non-ASCII ones."""
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS
    )
    if controls > len(text) // 1000:  # a stray one may pass, NUL-padded UTF-16 does not
        return False
    if not legacy:
        return True
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    odd = sum(1 for ch in non_ascii if ch not in _PLAUSIBLE_LEGACY)
    return len(non_ascii) <= 0.1 * len(text) and odd <= 0.1 * len(non_ascii)


def decode_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    cp1252 (a superset of latin-1's printable range) is chosen only when the result is
    plausible German text: no control characters, few non-ASCII characters and those
    mostly umlauts, ß and typographic marks. Returns `(text, encoding)`; raises
    `ExtractionError` (EMPTY_TEXT or UNDECODABLE).
    """
    candidates: list[tuple[str, bool]]
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", False)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", False)]
    else:
        candidates = [("utf-8", False), ("cp1252", True)]
    for encoding, legacy in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise ExtractionError(name, Reason.EMPTY_TEXT, "empty text file")
        if _plausible(text, legacy):
            return text, encoding
    if not data.strip():
        raise ExtractionError(name, Reason.EMPTY_TEXT, "empty text file")
    tried = ", ".join(encoding for encoding, _ in candidates)
    raise ExtractionError(
        name, Reason.UNDECODABLE, f"text file in an unknown encoding (tried {tried})"
    )


def _read_text(data: bytes, name: str) -> RawDocument:
    text, encoding = decode_text(data, name)
    log.info("%s: decoded as %s", name, encoding)
    pages = []
    for number, chunk in enumerate(text.split("\f"), start=1):
        if chunk.strip():
            pages.append(RawPage(number, chunk))
        else:
            pages.append(RawPage(number, "", image_only=True))
    return RawDocument(name, "text", tuple(pages), encoding=encoding)


# --------------------------------------------------------------------------- public API


def read_raw_bytes(data: bytes, name: str) -> RawDocument:
    """Extract raw page texts from the bytes of a file called `name` (suffix decides).

    A `.txt` file is text whose pages are separated by form feeds (page 1 is the text
    before the first form feed); anything else must be a PDF. Raises `ExtractionError`.
    """
    suffix = Path(name).suffix.lower()
    if b"%PDF-" in data[:1024]:
        return _read_pdf(data, name)
    if suffix in TEXT_SUFFIXES:
        return _read_text(data, name)
    if suffix == ".pdf":
        if not data.strip():
            raise ExtractionError(name, Reason.NOT_PDF, "not a PDF (empty file)")
        return _read_pdf(data, name)  # raises NOT_PDF with a hint at the content
    raise ExtractionError(name, Reason.UNSUPPORTED, f"unsupported file type {suffix!r}")


def _read_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ExtractionError(
            Path(path).name, Reason.UNREADABLE, f"cannot read file ({exc.strerror or exc})"
        ) from exc


def read_raw(path: Path) -> RawDocument:
    """Extract raw page texts from a file on disk; see `read_raw_bytes`."""
    return read_raw_bytes(_read_file(path), Path(path).name)


def with_ocr(raw: RawDocument, data: bytes, options: OcrOptions) -> RawDocument:
    """Fill the image-only pages of a PDF with OCR text. Pages OCR cannot read stay
    image-only; a PDF that PDFium cannot render is logged and returned unchanged."""
    numbers = [page.number for page in raw.pages if page.image_only]
    if raw.kind != "pdf" or not numbers:
        return raw
    try:
        recognized = recognize_pages(data, numbers, options)
    except (OSError, RuntimeError) as exc:  # PdfiumError is a RuntimeError
        log.warning("%s: OCR failed (%s); its scanned pages stay unread", raw.name, exc)
        return raw
    pages = tuple(
        RawPage(page.number, recognized[page.number].text, True,
                recognized[page.number].confidence)
        if page.number in recognized else page
        for page in raw.pages
    )
    return replace(raw, pages=pages)


def clean_document(raw: RawDocument) -> list[Page]:
    """Clean the raw pages of a document; OCR text is cleaned like a text layer. Image-only
    pages without OCR stay `Page(image_only=True, text="")`."""
    cleaned = clean_pages([page.text for page in raw.pages])
    return [
        Page(
            page.number,
            "" if page.image_only and page.ocr_confidence is None else text,
            image_only=page.image_only,
            ocr_confidence=page.ocr_confidence,
        )
        for page, text in zip(raw.pages, cleaned, strict=True)
    ]


def extract_document(
    data: bytes, name: str, ocr: OcrOptions | None = None
) -> tuple[list[Page], float]:
    """Clean pages of a file's bytes (`name` gives its type), scanned pages OCRed when `ocr`
    is given, and the seconds OCR took; raises `ExtractionError` for unusable files."""
    raw = read_raw_bytes(data, name)
    started = time.perf_counter()
    if ocr:
        raw = with_ocr(raw, data, ocr)
    return clean_document(raw), time.perf_counter() - started


def extract_pages(path: Path, ocr: OcrOptions | None = None) -> list[Page]:
    """Clean pages of a PDF or `.txt` file; see `extract_document`."""
    return extract_document(_read_file(path), Path(path).name, ocr)[0]
