"""Tests for ingest.segment on the shipped samples: agenda items, spans, the invariant."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.extract import extract_pages
from ingest.segment import coverage_gaps, find_resolutions, segment
from ratsuche.core.records import Page, Unit

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
ALL_SAMPLES = sorted((SAMPLES / "pdf").glob("*.pdf")) + sorted((SAMPLES / "text").glob("*.txt"))


@cache
def pages(name: str) -> tuple[Page, ...]:
    return tuple(extract_pages(SAMPLES / name))


@cache
def units(name: str, max_words: int = 1200) -> tuple[Unit, ...]:
    return tuple(segment(list(pages(name)), max_words=max_words))


def assert_covers(doc_pages: tuple[Page, ...], doc_units: tuple[Unit, ...]) -> None:
    """Every non-whitespace character of every page lies in exactly one span, in order."""
    assert coverage_gaps(doc_pages, doc_units) == []
    # the same, independently: concatenated spans reproduce each page without whitespace
    by_page: dict[int, list[str]] = {p.number: [] for p in doc_pages}
    for unit in doc_units:
        assert unit.spans
        assert unit.text == "\n".join(
            doc_pages[s.page - 1].text[s.start : s.end] for s in unit.spans
        )
        for span in unit.spans:
            by_page[span.page].append(doc_pages[span.page - 1].text[span.start : span.end])
    for page in doc_pages:
        assert "".join("".join(by_page[page.number]).split()) == "".join(page.text.split())


def agenda(name: str) -> list[tuple[str | None, str, int]]:
    """(agenda item, title, first page) of each unit."""
    return [(u.agenda_item, u.title or "", u.first_page) for u in units(name)]


def assert_agenda(name: str, expected: list[tuple[str, str, int]]) -> None:
    found = [(item, title, page) for item, title, page in agenda(name) if item is not None]
    assert [(item, page) for item, _, page in found] == [(i, p) for i, _, p in expected]
    for (item, title, _), (_, prefix, _) in zip(found, expected, strict=True):
        assert title.startswith(prefix), (item, title, prefix)


# --------------------------------------------------------------------------- invariant


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("max_words", [1200, 120])
def test_units_cover_every_sample_exactly_once(path: Path, max_words: int) -> None:
    name = f"{path.parent.name}/{path.name}"
    doc_units = units(name, max_words)
    assert_covers(pages(name), doc_units)
    for unit in doc_units:
        assert len(unit.text.split()) <= max_words + 5  # + a resolution label kept with its text


def test_coverage_gaps_reports_lost_and_doubled_text() -> None:
    name = "pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf"
    doc_pages, doc_units = pages(name), list(units(name))
    kinds = {problem.kind for problem in coverage_gaps(doc_pages, doc_units[:-1])}
    assert kinds == {"uncovered"}
    kinds = {problem.kind for problem in coverage_gaps(doc_pages, [*doc_units, doc_units[-1]])}
    assert "overlap" in kinds


# --------------------------------------------------------------------------- agenda items

NORDSTEMMEN_RAT = "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf"


def test_nordstemmen_rat_2021_09_30_agenda() -> None:
    assert_agenda(
        NORDSTEMMEN_RAT,
        [
            ("1", "Eröffnung der Sitzung", 2),
            ("2", "Eröffnung der Sitzung", 3),  # sic: the protocol repeats the title of TOP 1
            ("3", "Bericht der Bürgermeisterin über die ausgeführten Beschlüsse", 3),
            ("4", "Einwohnerfragestunde", 3),
            ("5", "Bestellung einer ehrenamtlichen Gleichstellungsbeauftragten", 3),
            ("6", "Ergänzung zu DS 89/2020 Neufassung der NKBesVO", 3),
            ("7", "Unterrichtung über die Veränderungen von Kommunaldarlehen", 4),
            ("8", "Satzung über die Erhebung von Gebühren für Dienst- und Sachleistungen", 4),
            ("9", "2. Satzung zur Änderung der Satzung über Aufwandsentschädigungen", 4),
            ("10", "Vereinbarung zur interkommunalen Zusammenarbeit im Bereich Kultur", 5),
            ("11", "Fortführung des Betriebs des WLAN-Hotspots vor dem Jugendzentrum", 5),
            ("12", "Raumreserven in den Grundschulen Nordstemmen und Barnten", 5),
            (
                "13",
                "Beauftragung eines Planungsbüros für die Erstellung eines kommunalen "
                "Radverkehrskonzeptes",
                5,
            ),
            ("14", "Mitteilungen bzw. Bericht der Bürgermeisterin", 6),
            ("15", "Anträge und Anfragen", 6),
        ],
    )


def test_tagesordnung_list_is_not_taken_for_the_items() -> None:
    first, top1, *_ = units(NORDSTEMMEN_RAT)
    # the Tagesordnung on pages 1-2 stays in the header unit with the attendance list
    assert first.agenda_item is None and first.title is not None
    assert first.title.startswith("Protokoll der 30. Sitzung des Rates der Gemeinde Nordstemmen")
    assert "Es sind anwesend:" in first.text and "Tagesordnung:" in first.text
    assert "15. Anträge und Anfragen" in first.text
    assert (first.first_page, first.last_page) == (1, 2)
    # the item bodies come after it
    assert top1.text.startswith("Zu Punkt 1: Eröffnung der Sitzung")
    assert "Der stellvertretende Ratsvorsitzende, Herr Flegel, eröffnet die Sitzung" in top1.text
    assert [s.page for s in top1.spans] == [2, 3]


def test_scanned_anlage_pages_add_no_text() -> None:
    last = units(NORDSTEMMEN_RAT)[-1]
    assert last.agenda_item == "15"
    assert last.last_page == 7  # pages 8-10 are image-only scans


def test_erlangen_stadtteilbeirat_agenda_with_numbered_last_item() -> None:
    name = "pdf/erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf"
    assert_agenda(
        name,
        [
            ("1", "Unzureichende Sportflächen", 2),
            ("2", "Hecke am Rudeltplatz", 3),
            ("3", "Anträge Klimabudget", 3),
            ("4", "Sonstiges", 4),  # written "4. Sonstiges", continuing TOP 1-3
        ],
    )
    first = units(name)[0]
    assert first.agenda_item is None
    assert first.title == "Niederschrift – 3. Sitzung des Stadtteilbeirates Büchenbach"
    assert "Die Tagesordnung wird verlesen und einvernehmlich" in first.text
    # the numbered Antrag inside TOP 1 ("1. Bewilligung ... 5. Die in den Architektenplänen")
    top1 = units(name)[1]
    assert "1. Bewilligung der beantragten Haushaltsmittel von 50.000€" in top1.text
    assert "Abstimmung: Antrag wurde einstimmig angenommen." in top1.text


def test_ahnsen_2023_agenda() -> None:
    assert_agenda(
        "pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf",
        [
            ("1", "Eröffnung der Sitzung und Feststellung der ordnungsgemäßen Ladung", 1),
            ("2", "Genehmigung des Protokolls der Gemeinderatsitzung am 23.11.2022", 1),
            ("3", "Bericht der Gemeindedirektorin", 2),
            ("4", "Aufhebung der Innenbereichssatzung Nr. 3", 2),
            ("5", "Einrichtung eines einseitigen Parkverbotes in der Schulstraße", 2),
            ("6", "Einrichtung einer Tempo-30-Zone auf allen Gemeindestraßen", 3),
            ("7", "Einrichtung von barrierefreien Bushaltestellen in der Gemeinde Ahnsen", 3),
            ("8", "Kanalkataster der Gemeinde Ahnsen", 4),
            ("9", "Aufstellung von Klapppfosten In der Flöte", 4),
            ("10", "Entlassung der Gemeindedirektorin Frau Lena-Christin Bödeker", 4),
            ("11", "Ernennung der Gemeindedirektorin / des Gemeindedirektors", 5),
            ("12", "Anfragen von Einwohnern an den Bürgermeister", 5),
            ("13", "Anfragen von Ratsmitgliedern an den Bürgermeister", 6),
        ],
    )


def test_ahnsen_2026_ris_agenda() -> None:
    assert_agenda(
        "pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf",
        [
            ("1", "Eröffnung der Sitzung und Feststellung der ordnungsgemäßen Ladung", 1),
            ("2", "Anfragen von Einwohnern", 2),
            ("3", "Genehmigung des Protokolls der Gemeinderatssitzung am 26.03.2026", 2),
            ("4", "Bericht des Gemeindedirektors / Bürgermeisters", 2),
            ("5", "Haushaltssatzung und Haushaltsplan für das Haushaltsjahr 2026", 3),
            ("6", "Anfragen von Ratsmitgliedern", 4),
            ("7", "Anfragen von Einwohnern", 4),
        ],
    )


def test_text_niederschrift_agenda() -> None:
    name = "text/nordstemmen_rat_2018-03-15_niederschrift.txt"
    assert_agenda(
        name,
        [
            ("1", "Eröffnung der Sitzung", 3),
            ("2", "Genehmigung des Protokolls der Sitzung des Rates vom 19. Dezember 2017", 3),
            ("3", "Bericht des Bürgermeisters über die ausgeführten Beschlüsse", 3),
            ("4", "Einwohnerfragestunde", 3),
            ("5", "Mitteilung der SPD-Ratsfraktion", 4),
            ("6", "Neufassung der Hauptsatzung der Gemeinde Nordstemmen", 4),
            ("7", "„Abgrenzungsbeschluss gemäß NKomVG", 5),
            ("8", "Potenzielle Hotspot-Standorte im Rahmen der EU-Förderung (WIFI4EU)", 5),
            ("9", "Annahme von Zuwendungen", 6),
            ("10", "Änderung der Geschäftsordnung des Rates der Gemeinde Nordstemmen", 6),
            (
                "11",
                "Erweiterung des Platzangebots um zehn Dreivierteltagsplätze in der ev.-luth. "
                "Kindertagesstätte",
                7,
            ),
            ("12", "Vereinbarung zur Fortschreibung der Vereinbarung zur Wahrnehmung", 7),
            ("13", "Freizeitbad Nordstemmen; Ergebnis der Freibadsaison 2017", 7),
            ("14", "Wechsel im Vorsitz der Arbeitsgruppe Freizeitbad", 7),
            ("15", "Nordstemmer Wochenmarkt", 8),
            ("16", 'Bebauungsplan Nr. 0107 "Ortsmitte Ost", 6. Änderung', 8),
            ("17", "Barrierefreier Ausbau von Bushaltestellen;", 9),
            ("18", "Mitteilungen bzw. Bericht des Bürgermeisters", 9),
            ("19", "Anträge und Anfragen", 9),
        ],
    )
    # the Anlage (the mayor's report, "Zu Punkt 11" of an earlier meeting) is a unit of
    # its own, not more agenda items
    last = units(name)[-1]
    assert (last.agenda_item, last.first_page) == (None, 11)
    assert last.title == "Anlage 1 zur Niederschrift der Sitzung des Rates vom 15. März 2018"
    assert "Zu Punkt 11: Errichtung von WLAN-Hotspots" in last.text


def test_item_number_as_written_and_anlage_unit() -> None:
    found = agenda("pdf/nordstemmen_rat_2021-12-21_protokoll.pdf")
    items = [item for item, _, _ in found if item]
    # "Zu Punkt 13.3" is what the protocol writes for TOP 13 of its Tagesordnung
    assert items == [str(n) for n in range(1, 13)] + ["13.3"] + [str(n) for n in range(14, 19)]
    assert found[-1][0] is None
    assert found[-1][1].startswith("Anlage 1 zur Niederschrift der Sitzung des Rates")
    assert found[-1][2] == 11


def test_unit_spanning_two_pages_has_two_spans() -> None:
    name = "pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf"
    top5 = next(u for u in units(name) if u.agenda_item == "5")
    assert [s.page for s in top5.spans] == [2, 3]
    page2, page3 = pages(name)[1], pages(name)[2]
    first, second = top5.spans
    assert page2.text[first.start :].startswith("5 Einrichtung eines einseitigen Parkverbotes")
    assert first.end == len(page2.text.rstrip())
    assert second.start == 0
    assert page3.text[second.start : second.end].startswith(
        "Beschluss:\nDie Verwaltung wird beauftragt, für die Schulstraße"
    )
    assert top5.text.endswith("Der Beschluss wird mit Mehrheit gefasst (Ja/Nein/Enth.)")


# --------------------------------------------------------------------------- resolutions


def test_resolution_stays_in_its_agenda_item() -> None:
    top4 = next(
        u for u in units("pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf") if u.agenda_item == "4"
    )
    assert top4.title == "Aufhebung der Innenbereichssatzung Nr. 3 Ah 36/21- 26"
    assert "Frau Bödeker teilt mit, dass ein Bereich der Bahnhofstraße" in top4.text
    markers = find_resolutions(top4.text)
    assert [m.label for m in markers] == ["Beschluss", "Abstimmungsergebnis"]
    assert top4.text[markers[0].start :].startswith(
        "Beschluss:\n1. Der Rat der Gemeinde Ahnsen nimmt das Ergebnis der öffentlichen Auslegung"
    )
    assert top4.text[markers[1].start : markers[1].end] == (
        "Abstimmungsergebnis: 8 Ja-Stimmen / 0 Nein-Stimmen / 1 Enthaltungen"
    )


def test_nordstemmen_resolution_form_is_found() -> None:
    top5 = next(u for u in units(NORDSTEMMEN_RAT) if u.agenda_item == "5")
    labels = [m.label for m in find_resolutions(top5.text)]
    assert labels == ["beschließt", "Beratungsergebnis"]


# --------------------------------------------------------------------------- other documents


def test_vorlage_without_agenda_is_one_unit() -> None:
    name = "pdf/nordstemmen_2025-06-13_ds53-2025_beschlussvorlage_gestattungsvertrag.pdf"
    (unit,) = units(name)
    assert unit.agenda_item is None
    assert unit.title == "DS 53/2025 Beschlussvorlage"
    assert "Beschlussvorschlag:\nDie Bürgermeisterin wird beauftragt" in unit.text
    assert [s.page for s in unit.spans] == [1, 2]


def test_antrag_is_one_unit() -> None:
    name = "pdf/erlangen_stadtrat_2020-07-21_csu-fraktion_antrag-151-2020_odenwaldallee.pdf"
    (unit,) = units(name)
    assert unit.agenda_item is None and unit.title and "Odenwaldallee" in unit.title


def test_long_unit_is_split_at_paragraphs() -> None:
    name = "pdf/nordstemmen_2025-09-04_ds75-2025_beschlussvorlage_waermenetz-gmbh.pdf"
    first, second = units(name)
    assert len(first.text.split()) + len(second.text.split()) > 1200
    assert first.title == "DS 75/2025 Beschlussvorlage"
    assert second.title == "DS 75/2025 Beschlussvorlage (Teil 2)"
    assert first.agenda_item is second.agenda_item is None
    # the cut is at a paragraph boundary: the second part starts a paragraph
    span = second.spans[0]
    text = pages(name)[span.page - 1].text
    assert span.start == 0 or text[: span.start].endswith("\n\n")


def test_long_items_keep_their_agenda_item() -> None:
    name = "text/nordstemmen_rat_2018-03-15_niederschrift.txt"
    parts = [u for u in units(name, 60) if u.agenda_item == "6"]
    assert len(parts) > 2
    assert parts[0].title == "Neufassung der Hauptsatzung der Gemeinde Nordstemmen"
    assert [u.title for u in parts[1:]] == [
        f"Neufassung der Hauptsatzung der Gemeinde Nordstemmen (Teil {n})"
        for n in range(2, len(parts) + 1)
    ]


def test_one_paragraph_text_is_split_at_sentences() -> None:
    name = "text/duisburg_rat_2025-02-24_niederschrift_top2.txt"
    parts = units(name, 200)
    assert len(parts) >= 5
    assert all(len(u.text.split()) <= 200 for u in parts)
    assert all(u.text.rstrip()[-1] in ".:;!?)-" for u in parts[:-1] if u.first_page == 1)


def test_image_only_document_gives_no_units() -> None:
    scan = pages("pdf/nordstemmen_2025-06-13_ds53-2025_anlage1_gestattungsvertrag_SCAN.pdf")
    assert segment(list(scan)) == []
    assert segment([]) == []


# real sentences from the samples, under heading forms the samples do not use
ITEMS = [
    (
        "Einwohnerfragestunde",
        "Die Einwohnerfragestunde wird von den anwesenden Bürgerinnen und Bürgern nicht "
        "wahrgenommen.",
    ),
    (
        "Genehmigung der Niederschrift der Sitzung vom 02. November 2021",
        "Das Protokoll der Sitzung vom 02. November 2021 wird einstimmig genehmigt.",
    ),
    (
        "Stellenplan der Gemeinde Nordstemmen 2022",
        "Der Stellenplan 2022 der Gemeinde Nordstemmen wird mit der angeführten Änderung "
        "beschlossen.",
    ),
    ("Anträge und Anfragen", "Anträge und Anfragen werden nicht gestellt."),
]


@pytest.mark.parametrize(
    ("form", "numbers", "labels"),
    [
        ("Tagesordnungspunkt {}: {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("Punkt {} der Tagesordnung: {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("Ö {} {}", ["1", "2", "2.1", "3"], ["Ö 1", "Ö 2", "Ö 2.1", "Ö 3"]),
        ("Ö{}. {}", ["1", "2", "3", "4"], ["Ö 1", "Ö 2", "Ö 3", "Ö 4"]),
        ("TOP Ö {}: {}", ["1", "2", "3", "4"], ["Ö 1", "Ö 2", "Ö 3", "Ö 4"]),
        ("TOP {} - {}", ["5", "5.1", "5.2", "6"], ["5", "5.1", "5.2", "6"]),
        ("Zu TOP {}: {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("Punkt {}: {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("TOP Nr. {} {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("TOP-{} {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("T0P {} {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),  # as OCR reads "TOP"
        ("TO-Punkt {}: {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("Tagesordnungspunkt Nr. {}: {}", ["1", "2", "3", "4"], ["1", "2", "3", "4"]),
        ("Zu Ö {} {}", ["1", "2", "3", "4"], ["Ö 1", "Ö 2", "Ö 3", "Ö 4"]),
        ("Ö {}\n{}", ["1", "2", "3", "4"], ["Ö 1", "Ö 2", "Ö 3", "Ö 4"]),
        # Baden-Württemberg: items as paragraphs, often counted on through the year
        ("§ {} {}", ["1", "2", "3", "4"], ["§ 1", "§ 2", "§ 3", "§ 4"]),
        ("§ {} {}", ["112", "113", "114", "115"], ["§ 112", "§ 113", "§ 114", "§ 115"]),
        ("§ {}\n{}", ["21", "22", "23", "24"], ["§ 21", "§ 22", "§ 23", "§ 24"]),  # title below
    ],
)
def test_other_heading_forms(form: str, numbers: list[str], labels: list[str]) -> None:
    blocks = ["Niederschrift über die Sitzung des Rates der Gemeinde Nordstemmen"]
    for number, (title, body) in zip(numbers, ITEMS, strict=True):
        blocks += [form.format(number, title), body]
    doc = (Page(1, "\n\n".join(blocks)),)
    found = segment(list(doc))
    assert [(u.agenda_item, u.title) for u in found] == [
        (None, "Niederschrift über die Sitzung des Rates der Gemeinde Nordstemmen"),
        *zip(labels, [title for title, _ in ITEMS], strict=True),
    ]
    assert_covers(doc, tuple(found))


def test_statute_paragraphs_are_no_agenda_items() -> None:
    """A Satzung's "§ 1 Steuergegenstand" lines look like Baden-Württemberg item headings;
    the document does not call itself a protocol, so it stays one unit (real sentences from
    the corpus's Vergnügungssteuersatzung, shortened)."""
    text = (
        "Satzung über die Erhebung einer Vergnügungssteuer in der Gemeinde Nordstemmen\n\n"
        "§ 1 Steuergegenstand\nDie Gemeinde erhebt eine Vergnügungssteuer als örtliche "
        "Aufwandsteuer für Spielgeräte mit Gewinnmöglichkeit.\n\n"
        "§ 2 Steuerschuldner\nSteuerschuldner ist der Unternehmer, der die Spielgeräte "
        "aufstellt oder betreibt.\n\n"
        "§ 3 Bemessungsgrundlage\nDie Steuer bemisst sich nach dem Einspielergebnis der "
        "Spielgeräte im Kalendermonat.\n\n"
        "§ 4 Steuersatz\nDer Steuersatz beträgt 20 vom Hundert des Einspielergebnisses je "
        "Spielgerät und Kalendermonat.\n"
    )
    assert [u.agenda_item for u in segment([Page(1, text)])] == [None]


def test_paragraph_items_below_an_agenda_of_plain_numbers() -> None:
    """Baden-Württemberg (made up in its form): the Tagesordnung counts 1, 2, 3, the body
    counts on through the year ("§ 21" alone on its line, the title below). The list ends
    where the numbers jump; the body's items keep their own numbers."""
    agenda = ["Tagesordnung", *(f"{n}. {title}" for n, (title, _) in enumerate(ITEMS, 1))]
    blocks = ["Niederschrift über die öffentliche Sitzung des Gemeinderats", "\n".join(agenda)]
    for number, (title, body) in enumerate(ITEMS, 21):
        blocks += [f"§ {number}\n{title}", body]
    doc = (Page(1, "\n\n".join(blocks)),)
    found = segment(list(doc))
    assert [(u.agenda_item, u.title) for u in found[1:]] == [
        (f"§ {n}", title) for n, (title, _) in enumerate(ITEMS, 21)]
    assert_covers(doc, tuple(found))


def test_an_item_right_above_its_first_sub_item() -> None:
    """Made up, a committee's Bauanträge: "2. Bauanträge" right above "2.1 …" is an item and
    its first sub-item, not two rows of a list."""
    text = (
        "Niederschrift über die 4. Sitzung des Bau- und Umweltausschusses\n\n"
        "1. Genehmigung der Niederschrift vom 12.09.2023\n"
        "Die Niederschrift wird ohne Änderungen einstimmig genehmigt.\n\n"
        "2. Bauanträge\n"
        "2.1 Neubau eines Einfamilienhauses, Flurstück 123/4, Am Hang 5\n"
        "Das gemeindliche Einvernehmen wird erteilt.\nAbstimmungsergebnis: 9 : 0\n"
        "2.2 Errichtung einer Garage, Flurstück 77, Bergstraße 2\n"
        "Das gemeindliche Einvernehmen wird versagt.\nAbstimmungsergebnis: 2 : 7\n\n"
        "3. Sanierung der Ortsdurchfahrt; Vorstellung der Planung\n"
        "Herr Weber stellt die Planung vor. Der Ausschuss nimmt die Planung zur Kenntnis.\n"
    )
    doc = (Page(1, text),)
    found = segment(list(doc))
    assert [u.agenda_item for u in found] == [None, "1", "2", "2.1", "2.2", "3"]
    assert_covers(doc, tuple(found))


def test_a_rules_of_procedure_is_no_protocol() -> None:
    """A Geschäftsordnung names the Tagesordnung and the Protokoll among its paragraphs, each
    "§ n" above its title: it stays one unit (its first lines, from the corpus's
    Geschäftsordnung of the Rat, shortened)."""
    sections = [
        ("Einberufung des Rates", "Der Rat wird von der Bürgermeisterin schriftlich einberufen."),
        ("Tagesordnung", "Die Bürgermeisterin stellt die Tagesordnung im Benehmen mit dem "
                         "Ratsvorsitzenden auf."),
        ("Öffentlichkeit der Sitzung", "Die Sitzungen des Rates sind öffentlich, soweit nicht "
                                       "das öffentliche Wohl es erfordert."),
        ("Protokoll", "Über jede Sitzung des Rates ist ein Protokoll zu fertigen und von der "
                      "Protokollführerin zu unterzeichnen."),
    ]
    blocks = ["Geschäftsordnung\nder Gemeinde Nordstemmen\nfür den Rat und die Ortsräte"]
    for number, (title, body) in enumerate(sections, 1):
        blocks += [f"§ {number}\n{title}", body]
    assert [u.agenda_item for u in segment([Page(1, "\n\n".join(blocks))])] == [None]


def test_numbered_items_when_the_agenda_at_the_top_names_an_antrag() -> None:
    """An "Antrag" in a protocol's own list of items near its top does not make the document
    an Antrag: its numbered items are still found (the list is not headed "Tagesordnung", so
    only the numbered headings can tell)."""
    agenda = ["1. Einwohnerfragestunde", "2. Antrag der CDU-Fraktion auf Aufstellung von Bänken",
              "3. Anträge und Anfragen"]
    bodies = [
        "Die Einwohnerfragestunde wird von den anwesenden Bürgerinnen und Bürgern nicht "
        "wahrgenommen.",
        "Der Antrag der CDU-Fraktion wird nach kurzer Aussprache mit der angeführten Änderung "
        "einstimmig beschlossen.",
        "Anträge und Anfragen werden von den Mitgliedern des Ortsrates nicht gestellt.",
    ]
    blocks = ["Niederschrift über die Sitzung des Ortsrates Rössing", "Beratungsgegenstände:",
              *agenda, "Der Ortsbürgermeister eröffnet die Sitzung und stellt die "
              "ordnungsgemäße Ladung sowie die Beschlussfähigkeit fest."]
    for line, body in zip(agenda, bodies, strict=True):
        blocks += [line, body]
    doc = [Page(1, "\n\n".join(blocks))]
    assert [u.agenda_item for u in segment(doc)] == [None, "1", "2", "3"]


def test_explained_points_of_a_vorlage_are_no_items() -> None:
    """ "zu 1.)" explains point 1 of a Vorlage (text/nordstemmen_bulk/nordstemmen_DS_30-2012_1.
    _Ergaenzung__…, shortened)."""
    text = (
        "Beschlussvorlage DS 30/2012 1. Ergänzung\n\n"
        "zu 1.) Eine erheblich größere Anzahl von Repräsentationen zur Außendarstellung der "
        "Gemeinde.\n\n"
        "zu 2.) Es liegen in unregelmäßigen Abständen immer wieder Anträge von Vereinen und "
        "Verbänden vor.\n\n"
        "zu 3.) Der Beitritt zur Bürger-Energie Nordstemmen eG wurde vom Rat der Gemeinde "
        "beschlossen.\n"
    )
    assert [u.agenda_item for u in segment([Page(1, text)])] == [None]


def test_a_single_punkt_line_is_no_item() -> None:
    """ "Punkt 4 …" at a line start in running text, once, starts no agenda item."""
    text = (
        "Niederschrift über die Sitzung des Ortsrates Rössing\n\n"
        "1. Einwohnerfragestunde\n"
        "Die Einwohnerfragestunde wird von den anwesenden Bürgerinnen und Bürgern nicht "
        "wahrgenommen. Herr Meier verweist auf den Antrag, insbesondere auf\n"
        "Punkt 4 Verkehrsberuhigung in der Ortsmitte, und bittet um Prüfung.\n\n"
        "2. Genehmigung der Niederschrift der Sitzung vom 02. November 2021\n"
        "Das Protokoll der Sitzung vom 02. November 2021 wird einstimmig genehmigt.\n\n"
        "3. Anträge und Anfragen\n"
        "Anträge und Anfragen werden von den Mitgliedern des Ortsrates nicht gestellt.\n"
    )
    assert [u.agenda_item for u in segment([Page(1, text)])] == [None, "1", "2", "3"]


def test_a_lettered_item_with_a_space() -> None:
    """ "Zu Punkt 4 a.:" is item 4a (text/nordstemmen_bulk/nordstemmen_2025-10-07_Ortsrat_
    Mahlerten_13._Sitzung__…, shortened); "TOP 5 B-Plan" stays item 5."""
    text = (
        "Niederschrift über die Sitzung des Ortsrates Mahlerten\n\n"
        "Zu Punkt 4: Bericht des Ortsrates über die Fragen der letzten Ortsratssitzungen\n"
        "Der Ortsbürgermeister berichtet über die Fragen der letzten Sitzungen des Ortsrates.\n\n"
        "Zu Punkt 4 a.: Standorte Geschwindigkeitsmessanlagen\n"
        "Die Standorte der Geschwindigkeitsmessanlagen werden ausführlich im Ortsrat beraten.\n\n"
        "Zu Punkt 5: B-Plan Nr. 3 Mahlerten Süd\n"
        "Der Ortsrat empfiehlt einstimmig, den Bebauungsplan Nr. 3 wie vorgelegt zu beschließen.\n"
    )
    assert [u.agenda_item for u in segment([Page(1, text)])] == [None, "4", "4a", "5"]


def _statute_in_item_two() -> str:
    """A protocol with numbered items; item 2 prints a Satzung of six paragraphs."""
    text = ("Niederschrift über die Sitzung des Gemeinderates Musterhausen am 04.02.2020\n\n"
            "1. Eröffnung der Sitzung\nDer Bürgermeister eröffnet die Sitzung und stellt die "
            "Beschlussfähigkeit fest.\n\n"
            "2. Hundesteuersatzung\nDer Gemeinderat beschließt die folgende Satzung über die "
            "Erhebung der Hundesteuer:\n\n")
    for number, title in enumerate(["Steuergegenstand", "Steuerpflicht", "Steuersatz",
                                    "Steuerbefreiungen", "Fälligkeit", "Inkrafttreten"], 1):
        text += (f"§ {number} {title}\nDie Regelung zu diesem Paragraphen der Satzung wird hier "
                 "ausführlich im Wortlaut wiedergegeben.\n\n")
    return text + ("Abstimmungsergebnis: einstimmig\n\n3. Bauanträge\nDem Bauantrag für das "
                   "Grundstück Fl.Nr. 123 wird das Einvernehmen erteilt.\n\n4. Verschiedenes\n"
                   "Es gibt keine Wortmeldungen. Der Bürgermeister schließt die Sitzung.\n")


def test_a_statute_inside_an_item_is_no_chain_of_items() -> None:
    """The six "§" headings are a longer chain than the four items, but all lie inside item 2:
    made up, in the shape of the inline Satzungen of the Pohlheim protocols (extraction-dev)."""
    units = segment([Page(1, _statute_in_item_two())])
    assert [u.agenda_item for u in units] == [None, "1", "2", "3", "4"]


def test_resolution_points_inside_a_paragraph_item() -> None:
    """Numbered resolution points inside "§ 22" (Baden-Württemberg) stay in that item."""
    text = ("Niederschrift über die öffentliche Sitzung des Gemeinderats am 14.03.2023\n\n"
            "§ 21 Bürgerfragestunde\nEs wurden von den anwesenden Bürgern keine Fragen an die "
            "Verwaltung gestellt.\n\n§ 22 Bebauungsplan Im Grund\nDer Gemeinderat beschließt "
            "nach ausführlicher Beratung:\n\n")
    for number in range(1, 5):
        text += (f"{number}. Der Gemeinderat stellt fest, dass die Abwägung zu Punkt {number} "
                 "wie in der Anlage dargestellt erfolgt ist und billigt sie.\n\n")
    text += ("Abstimmungsergebnis: 12 Ja-Stimmen, 2 Nein-Stimmen\n\n§ 23 Verschiedenes\n"
             "Keine Wortmeldungen aus der Mitte des Gemeinderats, die Sitzung wird geschlossen.\n")
    units = segment([Page(1, text)])
    assert [u.agenda_item for u in units] == [None, "§ 21", "§ 22", "§ 23"]
