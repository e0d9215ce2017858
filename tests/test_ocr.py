"""OCR of scanned pages with the real Tesseract: words only the scans hold become searchable
on the right pages; OCR is cached; a scan indexed before OCR was available is redone.

The words were picked by reading the page images: "Liegenschaftskarte" and
"Baulastenverzeichnis" are on page 5 of the scanned Gestattungsvertrag, "Castilho" (a name
in the Bürgermeisterin's announcements) on page 9 of the Rat protocol of 30.09.2021, whose
pages 8-10 are scans. None of them is in any text layer of the samples.
"""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from opensearchpy import OpenSearch

from ingest.extract import extract_pages
from ingest.ocr import OcrOptions, recognize_pages, text_from_data, unavailable
from ingest.run import collect_files, ingest_files
from ratsuche.backends.opensearch.admin import ensure_index
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.embedding import get_embedder
from ratsuche.settings import get_settings

pytestmark = pytest.mark.ocr

CONTRACT = "pdf/nordstemmen_2025-06-13_ds53-2025_anlage1_gestattungsvertrag_SCAN.pdf"
RAT = "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf"


@pytest.fixture(autouse=True, scope="module")
def tesseract() -> None:
    """The test command installs Tesseract (scripts/ensure_tesseract.sh --required); a missing
    one fails these tests instead of skipping them."""
    reason = unavailable()
    if reason:
        pytest.fail(f"OCR unavailable: {reason}")


def test_missing_tesseract_is_a_reason_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    unavailable.cache_clear()
    try:
        assert unavailable() == "tesseract is not installed (Debian: apt-get install tesseract-ocr)"
    finally:
        monkeypatch.undo()
        unavailable.cache_clear()
    assert unavailable() is None


def test_text_from_data_keeps_lines_paragraphs_and_confidence() -> None:
    data: dict[str, list[Any]] = {
        "text": ["", "Der", "Rat", "beschließt", "", "Ja:", "12", "~"],
        "conf": [-1, 90, 80, 70, -1, 95, 85, -1],
        "block_num": [1, 1, 1, 1, 1, 1, 1, 1],
        "par_num": [1, 1, 1, 1, 2, 2, 2, 2],
        "line_num": [1, 1, 1, 2, 1, 1, 1, 1],
    }
    text, confidence = text_from_data(data)
    assert text == "Der Rat\nbeschließt\n\nJa: 12"
    assert confidence == pytest.approx((90 + 80 + 70 + 95 + 85) / 5)
    assert text_from_data({k: [] for k in data}) == ("", 0.0)


def test_scanned_page_is_recognized_once_then_cached(samples: Path, tmp_path: Path) -> None:
    options = OcrOptions(cache_dir=tmp_path, workers=1)
    data = (samples / CONTRACT).read_bytes()
    first = recognize_pages(data, [5], options)[5]
    assert "Liegenschaftskarte" in first.text and "Baulastenverzeichnis" in first.text
    assert first.confidence > 80 and first.seconds > 0
    again = recognize_pages(data, [5], options)[5]
    assert again.text == first.text and again.seconds == 0.0
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_only_pages_without_text_layer_are_ocred(samples: Path) -> None:
    pages = extract_pages(samples / RAT, OcrOptions(cache_dir=get_settings().cache_dir / "ocr"))
    assert [p.number for p in pages if p.ocr] == [8, 9, 10]
    assert all(p.image_only for p in pages if p.ocr)
    assert "Castilho" in pages[8].text
    assert "Castilho" not in "".join(p.text for p in pages if not p.ocr)


def test_scan_indexed_without_ocr_is_redone_once_ocr_is_on(
    client: OpenSearch, fresh_alias: str, samples: Path, tmp_path: Path,
    environment: Callable[..., None],
) -> None:
    (tmp_path / "pdf").mkdir()
    shutil.copy(samples / RAT, tmp_path / RAT)
    embedder = get_embedder()
    ensure_index(client, fresh_alias, embedder.dimension)
    files = collect_files([str(tmp_path)])

    environment(OCR_ENABLED="false")
    without = ingest_files(OpenSearchBackend(client, fresh_alias), embedder, files)
    assert without.count("ingested") == 1 and without.ocr_pages == 0
    assert without.image_only_pages == 3 and without.ocr_unavailable == "OCR_ENABLED=false"

    environment(OCR_ENABLED="true")
    with_ocr = ingest_files(OpenSearchBackend(client, fresh_alias), embedder, files)
    assert with_ocr.count("ingested") == 1, with_ocr
    assert with_ocr.ocr_pages == 3 and with_ocr.ocr_unavailable is None
    assert with_ocr.ocr_confidence is not None and with_ocr.ocr_confidence > 80
    again = ingest_files(OpenSearchBackend(client, fresh_alias), embedder, files)
    assert again.count("unchanged") == 1

    client.indices.refresh(index=fresh_alias)
    units = client.search(index=fresh_alias, body={"size": 100, "query": {"term": {
        "record": "unit"}}})["hits"]["hits"]
    assert len({h["_source"]["document_id"] for h in units}) == 1  # the old version is gone
    scanned = [h["_source"] for h in units if h["_source"].get("ocr_pages")]
    assert scanned and all(set(u["ocr_pages"]) <= {8, 9, 10} for u in scanned)


@pytest.mark.parametrize(("word", "file", "page"), [
    ("Liegenschaftskarte", CONTRACT, 5),
    ("Castilho", RAT, 9),
])
def test_words_only_a_scan_holds_are_found_on_their_page(
    api: TestClient, word: str, file: str, page: int
) -> None:
    body = api.get("/search", params={"q": word, "mode": "keyword"}).json()
    assert body["results"], body
    top = body["results"][0]
    assert top["file"] == file
    assert top["pages"][0] <= page <= top["pages"][1]
    assert page in top["ocr_pages"]
    assert "<mark>" in top["snippet"]
