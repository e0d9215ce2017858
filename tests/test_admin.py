"""Write routes: an API key is required (401 without, 403 wrong); uploads are checked by
content and size; a broken upload is reported and indexes nothing."""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfWriter

from ratsuche.settings import Settings, get_settings
from search_api.app import app
from tests.bad_files import make_batch

KEY = "test-key-7f3a"
LIMIT = 3_000_000  # bytes; above every sample
UPLOAD = "pdf/nordstemmen_2025-09-04_ds75-2025_anlage1_nkomvg-121a.pdf"


@pytest.fixture
def keyed(api: TestClient, search_settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    """The API with a write key and a small upload limit."""
    keyed_settings = search_settings.model_copy(
        update={"api_key": KEY, "upload_max_bytes": LIMIT, "upload_dir": tmp_path}
    )
    previous = app.dependency_overrides[get_settings]
    app.dependency_overrides[get_settings] = lambda: keyed_settings
    yield api
    app.dependency_overrides[get_settings] = previous


def test_writes_are_off_without_a_configured_key(api: TestClient) -> None:
    response = api.delete("/documents/abc", headers={"X-API-Key": "anything"})
    assert response.status_code == 403


def test_missing_and_wrong_keys(keyed: TestClient) -> None:
    assert keyed.delete("/documents/abc").status_code == 401
    assert keyed.delete("/documents/abc", headers={"X-API-Key": "wrong"}).status_code == 403
    assert keyed.post("/documents?filename=x.pdf", content=b"%PDF-1.4").status_code == 401


def test_upload_is_checked_by_content_and_size(keyed: TestClient, samples: Path) -> None:
    headers = {"X-API-Key": KEY}
    text = keyed.post("/documents?filename=fake.pdf", content=b"Niederschrift", headers=headers)
    assert text.status_code == 415
    large = b"%PDF-1.7\n" + b"0" * LIMIT
    assert keyed.post("/documents?filename=big.pdf", content=large,
                      headers=headers).status_code == 413
    broken = keyed.post("/documents?filename=broken.pdf", content=b"%PDF-1.7\nbroken",
                        headers=headers)
    assert broken.status_code == 422
    assert "broken.pdf" in broken.json()["detail"]
    assert "Traceback" not in broken.text


def test_upload_search_and_delete(keyed: TestClient, samples: Path) -> None:
    headers = {"X-API-Key": KEY}
    writer = PdfWriter(clone_from=samples / UPLOAD)
    writer.add_metadata({"/Title": "Upload-Test"})  # other bytes than the ingested sample
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    created = keyed.post("/documents?filename=anlage-121a.pdf", content=data, headers=headers)
    assert created.status_code == 201, created.text
    document_id = created.json()["document_id"]
    assert created.json()["units"] >= 1
    again = keyed.post("/documents?filename=anlage-121a.pdf", content=data, headers=headers)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert keyed.get(f"/documents/{document_id}").status_code == 200
    assert keyed.delete(f"/documents/{document_id}", headers=headers).status_code == 204
    assert keyed.get(f"/documents/{document_id}").status_code == 404
    assert keyed.delete(f"/documents/{document_id}", headers=headers).status_code == 404


def test_every_broken_input_is_refused_by_upload_and_indexes_nothing(
    keyed: TestClient, tmp_path: Path, samples: Path
) -> None:
    expected = make_batch(tmp_path / "batch", samples)
    del expected["pdf/scan.pdf"]  # readable by OCR, and indexed already with the samples
    headers = {"X-API-Key": KEY}
    before = len(keyed.get("/documents").json())
    for file, words in expected.items():
        data = (tmp_path / "batch" / file).read_bytes()
        response = keyed.post(f"/documents?filename={Path(file).name}", content=data,
                              headers=headers)
        if data.startswith(b"%PDF-"):
            assert response.status_code == 422, (file, response.text)
            assert words in response.json()["detail"].lower(), (file, response.text)
        else:
            assert response.status_code == 415, (file, response.text)
        assert "Traceback" not in response.text
    assert len(keyed.get("/documents").json()) == before
