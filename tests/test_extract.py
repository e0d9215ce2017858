"""Tests for ingest.extract: real samples, and broken files built in tmp_path."""

from __future__ import annotations

import io
import logging
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.extract import (
    ExtractionError,
    Reason,
    decode_text,
    extract_document,
    extract_pages,
    read_raw,
)
from ingest.segment import coverage_gaps, segment
from ratsuche.core.records import Page

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
PDF = SAMPLES / "pdf"
TEXT = SAMPLES / "text"
VORLAGE = PDF / "nordstemmen_2025-06-13_ds53-2025_beschlussvorlage_gestattungsvertrag.pdf"
KITA = TEXT / "nordstemmen_2016-05-17_ds45-2016_beschlussvorlage_kita-eilentscheidung-89-nkomvg.txt"
ANTRAG = PDF / "erlangen_stadtrat_2020-07-21_csu-fraktion_antrag-151-2020_odenwaldallee.pdf"
SENTENCE = "Die Ladung erfolgte form- und fristgerecht. Die Tagesordnung wird verlesen."


@cache
def pages(path: Path) -> tuple[Page, ...]:
    return tuple(extract_pages(path))


def reason_of(path: Path) -> Reason:
    with pytest.raises(ExtractionError) as info:
        extract_pages(path)
    assert str(info.value).startswith(path.name)  # a message naming the file
    return info.value.reason


# --------------------------------------------------------------------------- real samples


def test_pdf_pages_are_numbered_and_cleaned() -> None:
    result = pages(PDF / "nordstemmen_rat_2021-12-21_protokoll.pdf")
    assert [p.number for p in result] == list(range(1, 13))
    assert not any(p.image_only for p in result)
    assert "Zu Punkt 2: Förmliche Verpflichtung und Pflichtenbelehrung" in result[2].text
    assert all(not line.endswith(" ") for p in result for line in p.text.split("\n"))


def test_plain_mode_reads_columns_as_blocks() -> None:
    # Erlangen letterhead: label and value stay together, the Anwesende column is read down
    erlangen = pages(PDF / "erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf")
    lines = erlangen[0].text.split("\n")
    assert "Referat: OBM" in lines
    hacker = lines.index("Hr. Florian Hacker")
    assert lines[hacker + 1] == "Hr. Toni Körner"
    # Nordstemmen letterhead: the Ortsteile are one per line, not mixed across columns
    vorlage = pages(VORLAGE)[0].text.split("\n")
    adensen = vorlage.index("Adensen")
    assert vorlage[adensen + 1] == "Barnten"


def test_partly_scanned_protocol_has_image_only_pages() -> None:
    result = pages(PDF / "nordstemmen_rat_2021-09-30_protokoll.pdf")
    assert [p.number for p in result if p.image_only] == [8, 9, 10]
    assert all(p.text == "" for p in result if p.image_only)
    assert "Ende der Sitzung: 19:16 Uhr" in result[6].text


def test_scan_sample_is_reported_image_only() -> None:
    path = PDF / "nordstemmen_2025-06-13_ds53-2025_anlage1_gestattungsvertrag_SCAN.pdf"
    raw = read_raw(path)
    assert raw.image_only
    result = pages(path)
    assert len(result) == 10
    assert all(p.image_only and p.text == "" for p in result)
    assert segment(list(result)) == []


def test_damaged_xref_is_read_without_noise(caplog: pytest.LogCaptureFixture) -> None:
    path = PDF / "nordstemmen_2021-09-08_ds80-2021_beschlussvorlage_radverkehrskonzept.pdf"
    with caplog.at_level(logging.DEBUG):
        raw = read_raw(path)
    assert any("wrong pointing object" in warning for warning in raw.warnings)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert [p.image_only for p in raw.pages] == [False, False, True, True]
    assert "Radverkehrskonzept" in extract_pages(path)[0].text
    pypdf_logger = logging.getLogger("pypdf")
    assert pypdf_logger.propagate and not pypdf_logger.handlers  # logging state restored


def test_text_file_pages_split_on_form_feed() -> None:
    path = TEXT / "nordstemmen_rat_2018-03-15_niederschrift.txt"
    raw = read_raw(path)
    content = path.read_text(encoding="utf-8")
    assert raw.encoding == "utf-8"
    assert len(raw.pages) == content.count("\f") + 1 == 13
    assert raw.pages[0].text == content.split("\f")[0]  # page 1 = text before the first \f
    result = pages(path)
    assert result[0].text.startswith("P r o t o k o l l\nder 9. Sitzung des Rates")
    assert "Tagesordnung:" in result[1].text


def test_bytes_and_path_give_the_same_pages() -> None:
    assert extract_document(VORLAGE.read_bytes(), VORLAGE.name)[0] == list(pages(VORLAGE))


# --------------------------------------------------------------------------- broken files


def test_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "protokoll.pdf"
    path.write_text(SENTENCE, encoding="utf-8")
    assert reason_of(path) is Reason.NOT_PDF


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    assert reason_of(path) is Reason.CORRUPT


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (PDF / "nordstemmen_rat_2021-12-21_protokoll.pdf").read_bytes()
    path = tmp_path / "halb.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert reason_of(path) is Reason.TRUNCATED


def _encrypted(tmp_path: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=VORLAGE)
    writer.encrypt(user_password=user_password, owner_password="eigentuemer")
    path = tmp_path / f"verschluesselt_{len(user_password)}.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    path = _encrypted(tmp_path, "")
    assert PdfReader(path).is_encrypted
    assert extract_pages(path) == list(pages(VORLAGE))


def test_encrypted_pdf_with_password(tmp_path: Path) -> None:
    path = _encrypted(tmp_path, "geheim")
    with pytest.raises(ExtractionError) as info:
        extract_pages(path)
    assert info.value.reason is Reason.ENCRYPTED
    assert "encrypted (password required)" in str(info.value)


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "leer.pdf"
    with path.open("wb") as handle:
        PdfWriter().write(handle)
    assert reason_of(path) is Reason.NO_PAGES


@pytest.mark.parametrize("content", [b"", b"  \n\f\n  "])
def test_empty_text_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "leer.txt"
    path.write_bytes(content)
    assert reason_of(path) is Reason.EMPTY_TEXT


@pytest.mark.parametrize("codec", ["cp500", "utf-16-le", "utf-32-be"])
def test_text_in_impossible_encoding(tmp_path: Path, codec: str) -> None:
    path = tmp_path / f"fremd_{codec}.txt"
    path.write_bytes(f"Über die Niederschrift: {SENTENCE} Größere Änderungen.".encode(codec))
    assert reason_of(path) is Reason.UNDECODABLE


def test_text_encodings_are_detected(tmp_path: Path) -> None:
    text = KITA.read_text(encoding="utf-8")
    assert "ü" in text
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_text(text.encode("cp1252")) == (text, "cp1252")
    path = tmp_path / "ansi.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read_raw(path).encoding == "cp1252"
    assert [p.text for p in extract_pages(path)] == [p.text for p in pages(KITA)]


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "fehlt.pdf") is Reason.UNREADABLE
    path = tmp_path / "vorlage.docx"
    path.write_bytes(b"PK\x03\x04 not a pdf")
    assert reason_of(path) is Reason.UNSUPPORTED


def test_extraction_error_is_an_exception_with_reason() -> None:
    error = ExtractionError("x.pdf", Reason.CORRUPT, "corrupt PDF (startxref not found)")
    assert isinstance(error, Exception)
    assert (error.name, error.reason, str(error)) == (
        "x.pdf",
        Reason.CORRUPT,
        "x.pdf: corrupt PDF (startxref not found)",
    )


# --------------------------------------------------------------------------- size


def test_thousand_page_pdf(tmp_path: Path) -> None:
    real = PdfReader(ANTRAG)
    writer = PdfWriter()
    for index in range(1000):
        if index % 50 == 0:
            writer.add_page(real.pages[0])
        else:
            writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    result, _ = extract_document(buffer.getvalue(), "tausend.pdf")
    assert [p.number for p in result] == list(range(1, 1001))
    with_text = [p.number for p in result if not p.image_only]
    assert with_text == list(range(1, 1001, 50))
    assert "Odenwaldallee" in result[0].text
    units = segment(result)
    assert units and coverage_gaps(result, units) == []
