"""Tests for ingest.agenda and the Tagesordnung-guided segmentation, on the dev gold set's
Niederschriften (../shared/eval/extraction-dev/pdf, a layout the corpus does not have)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ingest.agenda import AgendaEntry, find_titles, read_agenda
from ingest.extract import extract_pages
from ingest.segment import coverage_gaps, segment
from ratsuche.core.records import Page

DEV_PDF = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction-dev" / "pdf"
JANUARY = "pohlheim_stvv_2025-01-23_niederschrift.pdf"


@cache
def pages(name: str) -> tuple[Page, ...]:
    return tuple(extract_pages(DEV_PDF / name))


def _lines(doc: tuple[Page, ...]) -> list[str]:
    return [line.strip() for page in doc for line in page.text.split("\n")]


def test_the_printed_agenda_is_read_with_numbers_and_titles() -> None:
    texts = _lines(pages(JANUARY))
    opening = next(i for i, t in enumerate(texts) if t.startswith("TAGESORDNUNG"))
    entries, end = read_agenda(texts, opening + 1, len(texts))
    assert [e.label for e in entries][:3] == ["1", "2", "3"]
    assert [e.label for e in entries][-1] == "13"
    assert "12.4" in {e.label for e in entries}
    assert entries[2].title.startswith("Vorlage des Entwurfs der Haushaltssatzung 2025/2026")
    assert texts[end:].index("TOP 1 Eröffnung sowie Feststellung der ordnungsgemäßen Ladung "
                             "und der Beschlussfähigkeit") < 3  # the body starts right after


def test_a_number_printed_beside_the_title_is_read() -> None:
    texts = ["Tagesordnung:", "Eröffnung der Sitzung und", "1", "Feststellung der Tagesordnung",
             "Haushaltssatzung und Haushaltsplan", "2", "für das Jahr 2022",
             "Eröffnung der Sitzung und", "1", "Feststellung der Tagesordnung",
             "Der Vorsitzende eröffnet die Sitzung."]
    entries, end = read_agenda(texts, 1, len(texts))
    assert entries == [
        AgendaEntry((1,), "1", "Eröffnung der Sitzung und Feststellung der Tagesordnung"),
        AgendaEntry((2,), "2", "Haushaltssatzung und Haushaltsplan für das Jahr 2022"),
    ]
    assert end == 7
    found = find_titles(texts, entries, end, len(texts))
    assert found == {7: entries[0]}  # the body heading, its number on the next line


def _side_column(doc: tuple[Page, ...]) -> list[Page]:
    """The same Niederschrift as a layout with the item numbers in a side column, read
    after the first title line (as pypdf reads such tables): "TOP 5 Antrag der …" becomes
    "Antrag der …" / "5"."""
    pattern = re.compile(r"^TOP (\d+(?:\.\d+)?) +(.+)$", re.MULTILINE)
    return [Page(p.number, pattern.sub(r"\2\n\1", p.text)) for p in doc]


def test_items_are_found_by_their_agenda_titles_when_numbers_sit_beside_them() -> None:
    original = pages(JANUARY)
    body = [u.agenda_item for u in segment(list(original)) if u.agenda_item
            and u.first_page >= 3]
    moved = _side_column(original)
    assert not re.search(r"^TOP \d", "\n".join(p.text for p in moved), re.MULTILINE)
    units = segment(moved)
    assert coverage_gaps(moved, units) == []
    found = [u.agenda_item for u in units if u.agenda_item and u.first_page >= 3]
    assert len(set(found)) >= 0.9 * len(set(body))
    hallenbad = next(u for u in units if u.agenda_item == "10")
    assert hallenbad.title and hallenbad.title.startswith("Antrag der CDU-Fraktion vom 4. Januar")


def test_agenda_lines_are_no_items_when_the_body_repeats_them() -> None:
    units = segment(list(pages("pohlheim_stvv_2024-12-13_niederschrift.pdf")))
    items = [u.agenda_item for u in units if u.agenda_item]
    assert len(items) == len(set(items))  # each item once: the agenda list is no item
    assert units[0].agenda_item is None and "TAGESORDNUNG" in units[0].text


def test_an_agenda_of_paragraphs_finds_headings_without_numbers() -> None:
    """Baden-Württemberg: the Tagesordnung numbers its items "§ 21" …, the body prints only
    the titles (made up)."""
    text = ("Niederschrift über die öffentliche Sitzung des Gemeinderats am 14.03.2023\n\n"
            "Tagesordnung\n§ 21 Bürgerfragestunde der Einwohner\n"
            "§ 22 Bebauungsplan Im Grund Satzungsbeschluss\n§ 23 Verschiedenes und Bekanntgaben"
            "\n\nDer Vorsitzende eröffnet die Sitzung und stellt die Beschlussfähigkeit fest.\n\n"
            "Bürgerfragestunde der Einwohner\nEs wurden von den anwesenden Bürgern keine Fragen "
            "an die Verwaltung gestellt.\n\nBebauungsplan Im Grund Satzungsbeschluss\nDer "
            "Gemeinderat beschließt den Bebauungsplan nach ausführlicher Beratung als Satzung.\n\n"
            "Verschiedenes und Bekanntgaben\nKeine Wortmeldungen aus der Mitte des Gemeinderats.\n")
    units = segment([Page(1, text)])
    assert [u.agenda_item for u in units] == [None, "§ 21", "§ 22", "§ 23"]
    assert units[2].title == "Bebauungsplan Im Grund Satzungsbeschluss"


def test_items_headed_zu_and_their_number_are_found_by_their_agenda_titles() -> None:
    """Made up in a Saxon form: the Tagesordnung prints each item's Vorlage after its title,
    the body heads the items "zu 3." (a form not read as a heading on its own, since a
    Vorlage's "zu 3." explains its point 3)."""
    agenda = ["Tagesordnung:", "1. Eröffnung, Feststellung der Beschlussfähigkeit",
              "2. Beschluss über den Jahresabschluss 2022 Vorlage BV/045/2024",
              "3. Vergabe Sanierung Grundschule Nord GV/2024/051",
              "4. Haushaltssatzung 2024/2025"]
    bodies = ["Der Oberbürgermeister eröffnet die Sitzung und stellt die Beschlussfähigkeit fest.",
              "Der Stadtrat stellt den Jahresabschluss 2022 fest.\nAbstimmungsergebnis:\n"
              "Ja-Stimmen: 20 Nein-Stimmen: 0 Stimmenthaltungen: 2",
              "Der Stadtrat beschließt die Vergabe an die Firma Dachbau GmbH.",
              "Der Stadtrat beschließt die Haushaltssatzung für die Jahre 2024 und 2025."]
    titles = ["Eröffnung, Feststellung der Beschlussfähigkeit",
              "Beschluss über den Jahresabschluss 2022", "Vergabe Sanierung Grundschule Nord",
              "Haushaltssatzung 2024/2025"]
    entries, _ = read_agenda(agenda, 1, len(agenda))
    assert [e.title for e in entries] == titles  # the number column is no part of the title
    blocks = ["Niederschrift über die 23. öffentliche Sitzung des Stadtrates", "\n".join(agenda)]
    for n, (title, body) in enumerate(zip(titles, bodies, strict=True), 1):
        blocks += [f"zu {n}. {title}", body]
    doc = [Page(1, "\n\n".join(blocks))]
    units = segment(doc)
    assert [u.agenda_item for u in units] == [None, "1", "2", "3", "4"]
    assert units[2].text.startswith("zu 2. Beschluss über den Jahresabschluss 2022")
    assert coverage_gaps(doc, units) == []
