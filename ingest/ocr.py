"""OCR for pages without a text layer: render with PDFium, recognize with Tesseract.

Optional (the `ocr` extra plus the `tesseract` binary with its language model): when a
part is missing, `unavailable()` says which and ingestion goes on without OCR (the pages
stay image-only and are reported). The libraries are imported only when OCR runs.
Recognition runs in a process pool sized to the machine and is cached on disk by a hash of
the rendered page image, so re-ingesting a document never recognizes a page twice.
"""

import hashlib
import io
import json
import logging
import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class OcrPage:
    """The recognized text of one page and Tesseract's mean word confidence (0-100)."""

    number: int
    text: str
    confidence: float
    seconds: float = 0.0  # time spent recognizing (0 when it came from the cache)


@dataclass(frozen=True)
class OcrOptions:
    language: str = "deu"
    dpi: int = 300
    workers: int = 0  # 0: one per CPU core
    cache_dir: Path | None = None
    min_confidence: float = 70.0  # pages below are reported


@cache
def unavailable(language: str = "deu") -> str | None:
    """None when OCR can run, otherwise the reason (for the ingest summary)."""
    try:
        import pypdfium2  # noqa: F401
        import pytesseract
    except ImportError as exc:
        return f"the OCR extra is not installed ({exc.name}; pip install 'ratsuche[ocr]')"
    if shutil.which("tesseract") is None:
        return "tesseract is not installed (Debian: apt-get install tesseract-ocr)"
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError) as exc:
        return f"tesseract does not run: {exc}"
    if language not in languages:
        return f"tesseract has no {language!r} model (Debian: tesseract-ocr-{language})"
    return None


def _engine_id(language: str) -> str:
    import pytesseract

    return f"tesseract {pytesseract.get_tesseract_version()} {language}"


def text_from_data(data: dict[str, list[Any]]) -> tuple[str, float]:
    """Lines of words from Tesseract's TSV data (blank line between paragraphs), and the
    mean confidence of the recognized words (0 when there are none)."""
    lines: list[str] = []
    confidences: list[float] = []
    current: tuple[int, int, int] | None = None
    paragraph: tuple[int, int] | None = None
    for i, word in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if confidence < 0 or not str(word).strip():
            continue
        line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if line != current:
            if paragraph is not None and line[:2] != paragraph:
                lines.append("")
            lines.append(str(word))
            current, paragraph = line, line[:2]
        else:
            lines[-1] += " " + str(word)
        confidences.append(confidence)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return "\n".join(lines), mean


def _recognize(png: bytes, language: str) -> tuple[str, float, float]:
    """Runs in a worker process: (text, mean confidence, seconds)."""
    import pytesseract
    from PIL import Image

    started = time.perf_counter()
    with Image.open(io.BytesIO(png)) as image:
        data = pytesseract.image_to_data(image, lang=language, output_type=pytesseract.Output.DICT)
    text, confidence = text_from_data(data)
    return text, confidence, time.perf_counter() - started


def render_pages(pdf_data: bytes, numbers: Sequence[int], dpi: int) -> dict[int, bytes]:
    """Grayscale PNGs of the given 1-based pages."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_data)
    try:
        images = {}
        for number in numbers:
            bitmap = document[number - 1].render(scale=dpi / 72, grayscale=True)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG")
            images[number] = buffer.getvalue()
        return images
    finally:
        document.close()


def recognize_pages(
    pdf_data: bytes, numbers: Sequence[int], options: OcrOptions
) -> dict[int, OcrPage]:
    """OCR the given pages of a PDF; cached pages are read back instead of recognized.
    A page Tesseract fails on is logged and left out of the result."""
    import pytesseract

    if not numbers:
        return {}
    images = render_pages(pdf_data, numbers, options.dpi)
    engine = _engine_id(options.language)
    keys = {
        n: hashlib.sha256(engine.encode() + b"\0" + png).hexdigest() for n, png in images.items()
    }
    results: dict[int, OcrPage] = {}
    cache_dir = options.cache_dir
    for number, key in keys.items():
        cached = cache_dir / f"{key}.json" if cache_dir else None
        if cached and cached.is_file():
            stored = json.loads(cached.read_text(encoding="utf-8"))
            results[number] = OcrPage(number, stored["text"], stored["confidence"])
    todo = [n for n in numbers if n not in results]
    if todo:
        workers = min(len(todo), options.workers or os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {n: pool.submit(_recognize, images[n], options.language) for n in todo}
            for number, future in futures.items():
                try:
                    text, confidence, seconds = future.result()
                except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
                    log.warning("OCR of page %d failed: %s", number, exc)
                    continue
                results[number] = OcrPage(number, text, confidence, seconds)
                if cache_dir:
                    cache_dir.mkdir(parents=True, exist_ok=True)
                    target = cache_dir / f"{keys[number]}.json"
                    partial = target.with_suffix(".tmp")
                    partial.write_text(
                        json.dumps({"text": text, "confidence": confidence}), encoding="utf-8"
                    )
                    partial.replace(target)
    return results
