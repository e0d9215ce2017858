"""Tests for ingest.clean on real pages of the shipped samples."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

from ingest.clean import (
    clean_pages,
    dehyphenate,
    is_page_number_line,
    normalize_whitespace,
    remove_running_lines,
)
from ingest.extract import extract_pages, read_raw
from ratsuche.core.records import Page

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
ALL_SAMPLES = sorted((SAMPLES / "pdf").glob("*.pdf")) + sorted((SAMPLES / "text").glob("*.txt"))


@cache
def raw_pages(name: str) -> tuple[str, ...]:
    """Raw page texts of a sample, whitespace-normalized (the input of running-line removal)."""
    return tuple(normalize_whitespace(page.text) for page in read_raw(SAMPLES / name).pages)


@cache
def pages(name: str) -> tuple[Page, ...]:
    return tuple(extract_pages(SAMPLES / name))


def lines_of(text: str) -> list[str]:
    return text.split("\n")


# --------------------------------------------------------------------------- running lines

AHNSEN_RIS = "pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf"
AHNSEN_HEADER = "Öffentliche Niederschrift der 18. Sitzung des Gemeinderates Ahnsen {} von 4"


def test_running_header_of_ris_niederschrift_is_removed_body_stays() -> None:
    raw = raw_pages(AHNSEN_RIS)
    # the raw pages really carry the running header on pages 2-4 and "1 von 4" on page 1
    for number in (2, 3, 4):
        assert AHNSEN_HEADER.format(number) in lines_of(raw[number - 1])
    assert "1 von 4" in lines_of(raw[0])

    cleaned = remove_running_lines(list(raw))
    for number in (2, 3, 4):
        assert AHNSEN_HEADER.format(number) not in cleaned[number - 1]
    assert "1 von 4" not in lines_of(cleaned[0])
    # body text stays, including lines that open two pages but are content
    assert lines_of(cleaned[0])[0] == "ÖFFENTLICHE NIEDERSCHRIFT"
    assert lines_of(cleaned[1])[0] == "Beratungsergebnis:"
    assert lines_of(cleaned[3])[0] == "Beratungsergebnis:"
    assert "Die Problematik der illegalen Müllabladung an den Containern in der" in cleaned[2]
    assert "Bürgermeister Gemeindedirektor Protokollführerin" in cleaned[3]


def test_running_header_gone_after_full_extraction() -> None:
    extracted = pages(AHNSEN_RIS)
    assert all("Öffentliche Niederschrift der 18. Sitzung" not in p.text for p in extracted)
    assert "8 Ja-Stimme(n), 0 Gegenstimme(n), 0 Stimmenthaltung(en)" in extracted[3].text


@pytest.mark.parametrize(
    ("name", "page", "number_line", "body"),
    [
        (
            "pdf/nordstemmen_rat_2021-12-21_protokoll.pdf",
            3,
            "- 3 -",
            "werden nicht gestellt. Da ansonsten keine Einwendungen gegen die Tagesordnung",
        ),
        (
            "pdf/erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf",
            2,
            "Seite 2",
            "TOP 1: Unzureichende Sportflächen",
        ),
        (
            "pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf",
            2,
            "Seite 2",
            "Folglich sei eine Wahl durchzuführen.",
        ),
        ("pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf", 4, "4", "Kanalkataster der Gemeinde"),
        ("text/nordstemmen_rat_2018-03-15_niederschrift.txt", 3, "- 3 -", "19. Anträge und"),
    ],
)
def test_page_number_lines_removed(name: str, page: int, number_line: str, body: str) -> None:
    assert number_line in lines_of(raw_pages(name)[page - 1])
    text = pages(name)[page - 1].text
    assert number_line not in lines_of(text)
    assert body in text


def test_line_repeated_once_is_not_a_running_line() -> None:
    # "Beratungsergebnis:" opens pages 2 and 4 of the Ahnsen Niederschrift: content, kept.
    raw = list(raw_pages(AHNSEN_RIS))
    assert remove_running_lines(raw)[1].startswith("Beratungsergebnis:")
    # a real sentence at the top of two of four pages is no majority: kept
    sentence = "Es werden keine Anfragen gestellt."
    four = [f"{sentence}\nText eins.", f"{sentence}\nText zwei.", "Text drei.", "Text vier."]
    assert remove_running_lines(four) == four


def test_two_pages_with_identical_header() -> None:
    header = "Beschlussvorlage Ahnsen BV AH 80/21-26"
    two = [f"{header}\nKennung: öffentlich", f"{header}\nAnlagen:"]
    assert remove_running_lines(two) == ["Kennung: öffentlich", "Anlagen:"]
    # on two pages, lines must be identical (not just equal up to digits)
    other = ["Sitzung 1\nText eins.", "Sitzung 2\nText zwei."]
    assert remove_running_lines(other) == other


@pytest.mark.parametrize(
    ("line", "page", "expected"),
    [
        ("- 2 -", None, True),
        ("Seite 2", None, True),
        ("Seite 2 von 5", None, True),
        ("2 von 4", None, True),
        ("2", 2, True),
        ("2", 3, True),  # cover page not counted
        ("2", 7, False),
        ("50", 1, False),
        ("8 Ja-Stimmen, 0 Gegenstimmen, 0 Stimmenthaltungen", 8, False),
        ("Seite 2 der Vorlage", None, False),
    ],
)
def test_is_page_number_line(line: str, page: int | None, expected: bool) -> None:
    assert is_page_number_line(line, page) is expected


# --------------------------------------------------------------------------- dehyphenation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Integrations-\nkonferenz", "Integrationskonferenz"),
        ("Stra-\nße", "Straße"),
        ("Bür-\ngermeister", "Bürgermeister"),
        ("grö-\nßeren", "größeren"),
        ("CDU-\nFraktion", "CDU-Fraktion"),
        ("Nord-\nstemmen", "Nordstemmen"),
        ("Rad- und Fußwege", "Rad- und Fußwege"),
        ("Rad-\nund Fußwege", "Rad- und Fußwege"),
        ("dem Bürgermeister-\nund Presseamt", "dem Bürgermeister- und Presseamt"),
        (
            "Weitsprunganlage Rössing -\nFortschreibung",
            "Weitsprunganlage Rössing -\nFortschreibung",
        ),
        (
            "Seitdem Arbeitet der Bei-\nrat in der ISEP-Arbeitsgruppe des Amtes",
            "Seitdem Arbeitet der Beirat in der ISEP-Arbeitsgruppe des Amtes",
        ),
        ("Friedrich-Ebert-\nStraße geräumt wird.", "Friedrich-Ebert-Straße geräumt wird."),
        ("27 Ja-\nStimmen", "27 Ja-Stimmen"),
        ("Wärmelei\u00ad\ntungen", "Wärmeleitungen"),
    ],
)
def test_dehyphenate(text: str, expected: str) -> None:
    assert dehyphenate(text) == expected


@pytest.mark.parametrize(
    ("name", "page", "broken", "joined"),
    [
        (
            "pdf/erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf",
            2,
            "ermögli-\nchen",
            "dem Amt für Sport und Gesundheitsförderung zu ermöglichen, auf städtischen Grund",
        ),
        (
            "pdf/erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf",
            3,
            "Sportentwicklungs-\nmaßnahmen",
            "„Kurzfristigen Sportentwicklungsmaßnahmen in Büchenbach“",
        ),
        (
            "pdf/erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf",
            2,
            "Indoor-\nSportanlagen",
            "Außen-Sportanlagen, Indoor-Sportanlagen, Öffentlichkeitsarbeit",
        ),
        (
            "pdf/nordstemmen_2025-09-04_ds75-2025_beschlussvorlage_waermenetz-gmbh.pdf",
            3,
            "grö-\nßeren",
            "größeren",
        ),
        (
            "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf",
            6,
            "Grundstücks-\nentwässerung",
            "Sollten Schäden an der Grundstücksentwässerung festgestellt werden",
        ),
        (
            "pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf",
            3,
            "Ebert-\nStraße",
            "wann der Graben in der Friedrich-Ebert-Straße geräumt wird.",
        ),
        (
            "text/nordstemmen_rat_2018-03-15_niederschrift.txt",
            12,
            "Stra-\nßenausbaumaßnahme",
            "Straßenausbaumaßnahme",
        ),
        (
            "pdf/nordstemmen_2025-06-13_ds53-2025_beschlussvorlage_gestattungsvertrag.pdf",
            1,
            "Wärmelei\u00ad",
            "den Betrieb von Wärmeleitungen",
        ),
    ],
)
def test_real_hyphenated_line_breaks_are_joined(
    name: str, page: int, broken: str, joined: str
) -> None:
    raw = read_raw(SAMPLES / name).pages[page - 1].text
    assert broken in raw.replace(" \n", "\n")  # the sample really breaks the word there
    text = pages(name)[page - 1].text
    assert joined in text
    assert broken not in text


# --------------------------------------------------------------------------- whitespace


def test_normalize_whitespace() -> None:
    text = (
        "Beginn:\u00a0 18:35\tUhr  \n\n\n\nOrt: Mo\u0308nauschule,  \r\nSteigerwaldallee 19\u200b"
    )
    expected = "Beginn: 18:35 Uhr\n\nOrt: Mönauschule,\nSteigerwaldallee 19"
    assert normalize_whitespace(text + "\n\n") == expected
    assert normalize_whitespace("Ge\u00adstattungsvertrag") == "Gestattungsvertrag"
    assert normalize_whitespace("Wärmelei\u00ad \ntungen") == "Wärmeleitungen"
    assert normalize_whitespace("Pro\ufb01l \uf0b7 Punkt") == "Profil • Punkt"
    assert normalize_whitespace("  \n  Text  \n  ") == "Text"


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_clean_pages_is_idempotent_and_nfc(path: Path) -> None:
    name = f"{path.parent.name}/{path.name}"
    cleaned = [page.text for page in pages(name)]
    for text in cleaned:
        assert text == normalize_whitespace(text)
        assert unicodedata.is_normalized("NFC", text)
        assert "\u00ad" not in text and "\u00a0" not in text
        assert "  " not in text and "\n\n\n" not in text
        assert all(line == line.strip() for line in text.split("\n"))


def test_clean_pages_keeps_page_count_and_empty_pages() -> None:
    raw = [*raw_pages("pdf/nordstemmen_rat_2021-09-30_protokoll.pdf")]
    cleaned = clean_pages(raw)
    assert len(cleaned) == len(raw) == 10
    assert cleaned[7:] == ["", "", ""]  # the scanned Anlage has no text layer
    assert "P r o t o k o l l" in cleaned[0]
