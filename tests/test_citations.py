"""Tests for ratsuche.citations: real sentences from /work/shared/corpus plus lawyer spellings."""

import pytest

from ratsuche.citations import (
    citation_label,
    cited_paragraphs,
    find_citations,
    query_citations,
    section_citations,
    statute_code,
)

# (text, expected keys in order). Sources are named in the comment before each case
# (pdf/... files were read with pypdf, text/... files as stored).
CORPUS_CASES = [
    # text/nordstemmen_2016-05-17_ds45-2016_beschlussvorlage_kita-eilentscheidung-89-nkomvg.txt
    # (line break inside the citation)
    (
        "ev.-luth. Kindertagesstätte Groß Escherde wird im Rahmen einer Eilentscheidung gem. § 89\n"
        "NKomVG zugestimmt.",
        ["NKomVG §89"],
    ),
    # pdf/nordstemmen_rat_2021-12-21_protokoll.pdf ("§§ 40 - 42" with spaces)
    (
        "verpflichtet und belehrt Herrn Felix Pfitzke gemäß § 60 NKomVG. \nSie weist in diesem "
        "Zusammenhang insbesondere auf die §§ 40 - 42 NKomVG \n(Amtsverschwiegenheit, Mitwirkungs- "
        "und Vertretungsverbot) hin.",
        ["NKomVG §60", "NKomVG §40", "NKomVG §41", "NKomVG §42"],
    ),
    # pdf/nordstemmen_rat_2021-12-21_ds121-2021_haushaltssatzung2022.pdf (name spelled out)
    (
        "Aufgrund des § 112 des Niedersächsischen Kommunalverfassungsgesetzes hat der Rat der \n"
        "Gemeinde Nordstemmen in der Sitzung am 21. Dezember 2021 folgende Haushaltssatzung",
        ["NKomVG §112"],
    ),
    # pdf/nordstemmen_2025-09-04_ds75-2025_anlage3_gesellschaftsvertrag.pdf ("121 a")
    (
        "als Konzernkredit gem. § 121 a Abs. 2 NKomVG aufnehmen und aufgrund eines wei-\nteren",
        ["NKomVG §121a", "NKomVG §121a Abs. 2"],
    ),
    # pdf/nordstemmen_2025-09-04_ds75-2025_anlage1_nkomvg-121a.pdf
    ("§ 121a NKomVG – Konzernkredite", ["NKomVG §121a"]),
    # pdf/erlangen_stadtrat_2020-07-21_csu-fraktion_antrag-151-2020_odenwaldallee.pdf
    ("Antrag gemäß § 28/ § 29 GeschO \nEingang: 21.07.2020", ["GeschO §28", "GeschO §29"]),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020-10-20_niederschrift.pdf (a local statute
    # named after the paragraph is its own code; the Bavarian GO article is kept)
    (
        "§ 6 Abs.3 der Stadtteilsbeiratssatzung i.V.m. Art. 52 Abs. 2 GO hiernach könnte",
        ["Stadtteilsbeiratssatzung §6", "Stadtteilsbeiratssatzung §6 Abs. 3", "GO Art. 52",
         "GO Art. 52 Abs. 2"],
    ),
    # ../shared/eval/extraction-dev/pdf/pohlheim_stvv_2024-12-13_niederschrift.pdf, p. 12
    (
        "Gemäß § 7 Abs. 1 Nr. 1.3 der Eigenbetriebssatzung gehören der Betriebskommission",
        ["Eigenbetriebssatzung §7", "Eigenbetriebssatzung §7 Abs. 1"],
    ),
    # ../shared/eval/extraction-dev/pdf/pohlheim_stvv_2025-01-23_niederschrift.pdf, p. 6: a
    # plain "der Satzung" names no statute
    ("Auf den § 4 Nr. 3 der Satzung wird hingewiesen.", []),
    # pdf/erlangen_stadtrat_2020_satzung_orts-und-stadtteilbeiraete.pdf
    (
        "Die Stadt Erlangen erlässt aufgrund des Art. 23 Satz 1 der Gemeindeordnung für den "
        "Freistaat Bayern (GO) i. d. F.",
        ["GO Art. 23"],
    ),
    # pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf
    (
        "EBM Dr. Mayer stellt klar, die Wahl eines Amtsleiters sei nach § 37 GemO eine Wahl,",
        ["GemO §37"],
    ),
    # pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf ("letzter Satz")
    (
        'OB Kuhn zitiert aus § 37, Abs. 7 letzter Satz GemO, in dem es heißt: "Über die Ernen-',
        ["GemO §37", "GemO §37 Abs. 7"],
    ),
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt
    ("handelt - gem. § 41 GO NRW genehmigt.", ["GO NRW §41"]),
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt (name spelled out)
    (
        "Genehmigung durch den Rat der Stadt gemäß § 41 Gemeindeordnung des Landes "
        "Nordrhein-Westfalen bedürfen.",
        ["GO NRW §41"],
    ),
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf
    ("und der Abweichung \nnach § 34 Baugesetzbuch wird zugestimmt.", ["BauGB §34"]),
    # pdf/ahnsen_gemeinderat_2026-03-26_sitzungspaket.pdf (law codes not in the alias table)
    (
        "gemäß § 66 Abs. 2 Satz 1 NBauO erforderlich und gemäß §§ 3 und 5 NDSG zulässig.",
        ["NBauO §66", "NBauO §66 Abs. 2", "NDSG §3", "NDSG §5"],
    ),
    # text/nordstemmen_bulk/nordstemmen_2024-12-17_Rat_16._Sitzung__...txt ("Art 5", "Art.\n21")
    (
        "angesichts von Art 5 GG und dem Parteienprivileg aus Art.\n21 GG?",
        ["GG Art. 5", "GG Art. 21"],
    ),
    # text/nordstemmen_bulk/nordstemmen_DS_4-2010__Beschlussvorlage_DS_4-2010.txt (typo)
    (
        "Da die Gemeinden nach Artikel 28 Abs. 2 des Grundgesetztes für die Angelegenheiten",
        ["GG Art. 28", "GG Art. 28 Abs. 2"],
    ),
    # text/nordstemmen_bulk/nordstemmen_DS_41-2016__Beschlussvorlage_DS_41-2016.txt
    (
        "Einschränkung der Eigentumsrechte nach Art. 14 Absatz 1 GG.",
        ["GG Art. 14", "GG Art. 14 Abs. 1"],
    ),
    # text/nordstemmen_bulk/nordstemmen_2021-06-29_Rat_29._Sitzung__...txt ("Nie-\ndersächsischen",
    # "und des\n§ 10" continues the chain)
    (
        "beschließt auf Grund des § 2 Abs. 1 und des\n§ 10 des Baugesetzbuches (BauGB) in der "
        "derzeit gültigen Fassung sowie des § 58 des Nie-\ndersächsischen "
        "Kommunalverfassungsgesetzes (NKomVG) den im vereinfachten Verfahren\nnach § 13 BauGB",
        ["BauGB §2", "BauGB §2 Abs. 1", "BauGB §10", "NKomVG §58", "BauGB §13"],
    ),
    # text/nordstemmen_bulk/nordstemmen_DS_30-2011__Beschlussvorlage_DS_30-2011.txt ("NkomVG")
    (
        "Richtlinien aufzustellen (§ 120 Abs. 1\nSatz 2 NkomVG).",
        ["NKomVG §120", "NKomVG §120 Abs. 1"],
    ),
    # text/nordstemmen_ortsrat-heyersum_2012-02-23_niederschrift.txt
    (
        "Herr Lutz Loebel, Mitglied nach § 4 Abs. 3 der Hauptsatzung",
        ["Hauptsatzung §4", "Hauptsatzung §4 Abs. 3"],
    ),
    # text/nordstemmen_fa-schulen_2012-03-15_niederschrift.txt
    (
        "Teilnehmer gemäß § 14 Abs. 4 der Geschäftsordnung:",
        ["GeschO §14", "GeschO §14 Abs. 4"],
    ),
    # text/nordstemmen_bulk/nordstemmen_2024-02-29_Fachausschuss_Klimaschutz_...txt ("a-f")
    (
        "nationaler Umsetzung in §§ 47 a-f BImSchG sowie der Verordnung",
        [f"BImSchG §47{c}" for c in "abcdef"],
    ),
    # federal laws spelled out (text/nordstemmen_bulk/...DS_12-2013__Beschlussvorlage...,
    # ...DS_6-2022__DS_6-2022_-_Anlage.txt and four more files of the corpus)
    (
        "des § 45 Abs. 1 c der Straßenverkehrsordnung, wonach die Straßenverkehrsbehörden",
        ["StVO §45", "StVO §45 Abs. 1c"],
    ),
    (
        "sind die Bestimmungen des Artenschutzes gem. § 44 Bundesnaturschutzgesetz zu beachten",
        ["BNatSchG §44"],
    ),
    (
        "Die Ableitung von Niederschlagswasser soll gem. § 55 Wasserhaushaltsgesetz vordringlich",
        ["WHG §55"],
    ),
    ("Dieses ergibt sich aus § 9 Raumordnungsgesetz (des Bundes), wonach", ["ROG §9"]),
    ("Gesamtschuldner i.S. des § 44 Abgabenordnung (AO) i.V.m.", ["AO §44"]),
    ("einen Antrag nach § 4 des Bundesimmissionsschutzgesetzes eingereicht", ["BImSchG §4"]),
    # text/nordstemmen_bulk/nordstemmen_2024-11-12_Fachausschuss_Klimaschutz_..._12.11.2024.txt
    # (another Absatz of the same paragraph after "i. V. m.")
    (
        "• Gemäß § 1 Abs. 3 i. V. m. Abs. 8 BauGB haben die Gemeinden die",
        ["BauGB §1", "BauGB §1 Abs. 3", "BauGB §1 Abs. 8"],
    ),
    # an Absatz in Roman numerals, as lawyers write it (the HGB one from a Jahresabschluss
    # of the Nordstemmen bulk texts)
    (
        "nach dem Gesamtkostenverfahren\n(§ 275 II HGB) aufgestellt.",
        ["HGB §275", "HGB §275 Abs. 2"],
    ),
    ("gemäß § 44 I Nr. 1 BNatSchG", ["BNatSchG §44", "BNatSchG §44 Abs. 1"]),
    # pdf/ahnsen_gemeinderat_2026-03-26_sitzungspaket.pdf ("SGB VII")
    (
        "den zuständigen Unfallversicherungsträger\n(§ 195 Abs. 3 SGB VII) und",
        ["SGB VII §195", "SGB VII §195 Abs. 3"],
    ),
    # the law named before the number: pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_
    # top1e.pdf (with the body it belongs to), nordstemmen_DS_68-2013__Beschlussvorlage (code)
    (
        "dass die Wahl nach der Geschäftsordnung des Gemeinderats § 37 Abs. 7 erster Satz dann",
        ["GeschO §37", "GeschO §37 Abs. 7"],
    ),
    (
        "„Ziele der Raumordnung“ im Sinne des Raumordnungsgesetzes (ROG § 3 Abs. 1 Nr. 2).",
        ["ROG §3", "ROG §3 Abs. 1"],
    ),
    # ... but not the code that ends the citation before: nordstemmen_DS_119-2018 (the
    # Satzung's own "§ 4 Bemessungsgrundlage" follows § 11 NKAG)
    ("i.V.m. § 11 Abs. 1 Nr. 2b NKAG § 4 Bemessungsgrundlage", ["NKAG §11", "NKAG §11 Abs. 1"]),
    # a letter printed as a list label: ../eval/extraction-dev/pdf/pohlheim_stvv_2024-12-13
    (
        "§§ 1 bis 5 a), 6 a), 9 bis 12 des Hessischen Gesetzes über kommunale Abgaben (KAG)",
        ["KAG §1", "KAG §2", "KAG §3", "KAG §4", "KAG §5", "KAG §5a", "KAG §6a", "KAG §9",
         "KAG §10", "KAG §11", "KAG §12"],
    ),
    # a Buchstabe without a bracket: nordstemmen_DS_2-2012__Beschlussvorlage_DS_2-2012
    (
        "Beeinträchtigung der in § 1 Abs. 6 Nr. 7 Buchstabe b BauGB genannten",
        ["BauGB §1", "BauGB §1 Abs. 6"],
    ),
    # a range up to a lettered paragraph: nordstemmen_DS_82-2008__Beschlussvorlage
    (
        "Kindertagespflege gemäß der §§ 22 bis 24 a SGB VIII ist",
        ["SGB VIII §22", "SGB VIII §23", "SGB VIII §24", "SGB VIII §24a"],
    ),
]

LAWYER_CASES = [
    ("§ 5 GeschO", ["GeschO §5"]),
    ("§5 GeschO", ["GeschO §5"]),
    ("§ 5 der Geschäftsordnung", ["GeschO §5"]),
    ("gem. § 5 GeschO", ["GeschO §5"]),
    ("§§ 28, 29 GeschO", ["GeschO §28", "GeschO §29"]),
    ("§§ 40-42 NKomVG", ["NKomVG §40", "NKomVG §41", "NKomVG §42"]),
    ("§§ 40 bis 42 NKomVG", ["NKomVG §40", "NKomVG §41", "NKomVG §42"]),
    ("§ 89 NKomVG", ["NKomVG §89"]),
    ("§ 89 NKOMVG", ["NKomVG §89"]),
    ("§ 89 des Niedersächsischen Kommunalverfassungsgesetzes", ["NKomVG §89"]),
    ("§ 41 Abs. 1 GO NRW", ["GO NRW §41", "GO NRW §41 Abs. 1"]),
    ("§ 41 Absatz 1 GO NRW", ["GO NRW §41", "GO NRW §41 Abs. 1"]),
    ("§ 41 GO NW", ["GO NRW §41"]),
    ("§ 41 GO. NRW", ["GO NRW §41"]),
    ("Art. 28 GG", ["GG Art. 28"]),
    ("Art. 28 des Grundgesetzes", ["GG Art. 28"]),
    ("Art. 52 Abs. 2 GO", ["GO Art. 52", "GO Art. 52 Abs. 2"]),
    ("§ 121a NKomVG", ["NKomVG §121a"]),
    ("§ 36a BauGB", ["BauGB §36a"]),
    ("§ 36a des Baugesetzbuches", ["BauGB §36a"]),
    ("§ 37 GemO", ["GemO §37"]),
    ("§ 37 der Gemeindeordnung für Baden-Württemberg", ["GemO §37"]),
    ("§ 60 NKomVG", ["NKomVG §60"]),
    ("§ 107 (3) NKomVG", ["NKomVG §107", "NKomVG §107 Abs. 3"]),
    ("§ 58 Abs. 1 Nr. 15 NKomVG", ["NKomVG §58", "NKomVG §58 Abs. 1"]),
    ("§ 40 i.V.m. § 41 NKomVG", ["NKomVG §40", "NKomVG §41"]),
    ("§ 9 Abs. 1 Nr. 11 und Abs. 6 BauGB", ["BauGB §9", "BauGB §9 Abs. 1", "BauGB §9 Abs. 6"]),
    ("Grundgesetz Artikel 3", ["GG Art. 3"]),
    ("gemäß KV M-V § 22 Abs. 2", ["KV M-V §22", "KV M-V §22 Abs. 2"]),  # made up: law before
    ("nach der KVG LSA § 45", ["KVG LSA §45"]),
    # the municipal codes of other Länder
    ("§ 41 Abs. 1 Satz 2 Buchst. f GO NRW", ["GO NRW §41", "GO NRW §41 Abs. 1"]),
    ("§ 39 Abs. 2 SächsGemO", ["SächsGemO §39", "SächsGemO §39 Abs. 2"]),
    ("§ 24 der Gemeindeordnung für den Freistaat Sachsen", ["SächsGemO §24"]),
    ("§ 22 KV M-V", ["KV M-V §22"]),
    ("§ 5 KomVerf M-V", ["KV M-V §5"]),
    ("§ 50 BbgKVerf", ["BbgKVerf §50"]),
    ("nach § 28 GO SH", ["GO SH §28"]),
    ("GeschO § 5", ["GeschO §5"]),
    ("NKomVG § 58 Abs. 1", ["NKomVG §58", "NKomVG §58 Abs. 1"]),
    ("§ 5 (GeschO)", ["GeschO §5"]),
    (
        "§ 37 Abs. 7 erster Satz (Geschäftsordnung des Gemeinderats)",
        ["GeschO §37", "GeschO §37 Abs. 7"],
    ),
    # repeated citations are reported once
    ("§ 89 NKomVG ... nach § 89 NKomVG", ["NKomVG §89"]),
]

# No law named -> no key; numbers in the text are not citations.
NEGATIVE_CASES = [
    "§ 5",
    "§ 5 Abs. 2 wird gestrichen.",
    # text/nordstemmen_bulk/nordstemmen_DS_28-2010_... ("§ 2 Abs. 1 und Abs. 3 erhalten")
    "Artikel 1\n§ 2 Abs. 1 und Abs. 3 erhalten folgende Fassung:",
    # pdf/nordstemmen_rat_2021-12-21_ds121-2021_haushaltssatzung2022.pdf (a Satzung's own §)
    "§ 1 \n \n \nDer Haushaltsplan für das Haushaltsjahr 2022 wird",
    "§ 7 der Richtlinie der Gemeinde Nordstemmen für die Aufnahme von Krediten",
    "Die CDU-Fraktion beantragt 5 Ja-Stimmen am 30.09.2021.",  # made up
    "Artikel 1 des Gesetzes vom 10.12.2020 (Nds. GVBl S. 496)",
    "nach dem BauGB. § 5 der Satzung regelt",  # made up: a code ending the sentence before
    "§ 4 (Anlage 1)",  # made up
]


@pytest.mark.parametrize(("text", "expected"), CORPUS_CASES + LAWYER_CASES)
def test_find_citations(text: str, expected: list[str]) -> None:
    assert find_citations(text) == expected


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_no_citation_without_law(text: str) -> None:
    assert find_citations(text) == []


def test_seed_sentence() -> None:
    text = (
        "Die FDP-Fraktion stellt ihren Antrag gem. § 5 GeschO betr. „Integrationskonferenz im "
        "Kreis Heinsberg – gemeinsam vorankommen“. Beschluss: mehrheitlich beschlossen / "
        "Abstimmung: Ja: 49, Nein: 1, Enthaltungen: 0"
    )
    assert find_citations(text) == ["GeschO §5"]


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("GeschO §5", "§ 5 GeschO"),
        ("NKomVG §121a", "§ 121a NKomVG"),
        ("GO NRW §41 Abs. 1", "§ 41 Abs. 1 GO NRW"),
        ("GG Art. 28", "Art. 28 GG"),
        ("GO Art. 52 Abs. 2", "Art. 52 Abs. 2 GO"),
        ("SGB VII §195", "§ 195 SGB VII"),
        ("not a key", "not a key"),
    ],
)
def test_citation_label(key: str, label: str) -> None:
    assert citation_label(key) == label


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("89 NKomVG", ["NKomVG §89"]),
        ("NKomVG 89", ["NKomVG §89"]),
        ("HGO 62", ["HGO §62"]),
        ("SächsGemO § 39", ["SächsGemO §39"]),
        ("§89NKomVG", ["NKomVG §89"]),
        ("§ 89 NKomVG", ["NKomVG §89"]),
        ("nkomvg § 89 abs 1", ["NKomVG §89 Abs. 1"]),
        ("Eilentscheidung 89 NKomVG Kita", ["NKomVG §89"]),
        ("§ 41 Abs. 1 GO NRW", ["GO NRW §41 Abs. 1"]),
        ("GO NRW 41", ["GO NRW §41"]),
        ("121a nkomvg", ["NKomVG §121a"]),
        ("art 28 gg", ["GG Art. 28"]),
        ("Art. 52 Abs. 2 GO", ["GO Art. 52 Abs. 2"]),
        ("Antrag nach § 5 der Geschäftsordnung", ["GeschO §5"]),
        # the Nummer of a paragraph is not a paragraph of its own
        ("§ 182 Abs. 2 S. 1 Nr. 7 NKomVG Anhörung Ortsrat", ["NKomVG §182 Abs. 2"]),
        ("§ 58 Abs. 1 Satz 2 NKomVG", ["NKomVG §58 Abs. 1"]),
        # federal codes and Roman Absätze as lawyers type them
        ("45 StVO Verkehrszeichen", ["StVO §45"]),
        ("StVO 45 Abs. 9", ["StVO §45 Abs. 9"]),
        ("§ 44 I BNatSchG", ["BNatSchG §44 Abs. 1"]),
        ("Art. 28 II GG", ["GG Art. 28 Abs. 2"]),
        ("§ 147 AO Aufbewahrung", ["AO §147"]),
        ("§ 7 SGB II", ["SGB II §7"]),
        # a law of several tokens named before the number
        ("KV M-V § 22", ["KV M-V §22"]),
        ("GO NRW § 41 Abs. 2", ["GO NRW §41 Abs. 2"]),
        # a year next to a code is not a paragraph
        ("Haushalt 2022 NKomVG", []),
        ("Radverkehrskonzept Nordstemmen", []),
    ],
)
def test_query_citations(query: str, expected: list[str]) -> None:
    assert query_citations(query) == expected


def test_query_keys_match_document_keys() -> None:
    # what a user types must hit the keys stored for the corpus sentence
    doc = find_citations("gemäß § 41 Absatz 1 GO NRW")
    assert set(query_citations("41 GO NRW")) <= set(doc)
    assert set(query_citations("§ 41 Abs. 1 GO NRW")) <= set(doc)


# Nordstemmen, DS 77/2016, Geschäftsordnung für die Wahlperiode 2016 bis 2021 (bulk text):
# the document is the Geschäftsordnung itself, so its bare section headings cite it.
GESCHO_FIRST_PAGE = (
    "Geschäftsordnung\nder Gemeinde Nordstemmen\nfür den Rat, den Verwaltungsausschuss, die "
    "Ratsausschüsse und die\nInhaltsübersicht\nI. Abschnitt – Rat\n§ 1 Einberufung des Rates\n"
)
GESCHO_PAGE_13 = (
    "V. Abschnitt - Schlussbestimmungen\n§ 28\nAußerkraftsetzen der Geschäftsordnung\n"
    "Der Rat und der Verwaltungsausschuss können für die Dauer einer Sitzung oder für\n"
    "einzelne Bestimmungen gemäß § 5 Abs. 2 abweichen.\n§ 29 Inkrafttreten\n"
)


def test_statute_code_of_a_geschaeftsordnung() -> None:
    assert statute_code(GESCHO_FIRST_PAGE) == "GeschO"
    assert statute_code("Niederschrift über die Sitzung des Rates\nTOP 1 Geschäftsordnung") is None


def test_section_headings_of_a_statute_are_keyed() -> None:
    assert section_citations(GESCHO_PAGE_13, "GeschO") == ["GeschO §28", "GeschO §29"]


def test_spelled_out_land_laws_and_short_names_before_the_abbreviation() -> None:
    # ../shared/eval/extraction-dev/pdf/pohlheim_stvv_2024-12-13 (Hessian Satzungen) and 2025-01-23
    assert find_citations("gemäß § 97 Hessische Gemeindeordnung") == ["HGO §97"]
    assert find_citations("§§ 5 und 51 der Hessischen Gemeindeordnung in der Fassung") == [
        "HGO §5", "HGO §51"
    ]
    assert find_citations(
        "§§ 1 und 9 des Gesetzes über Abgaben für das Einleiten von Abwasser in\n"
        "Gewässer (Abwasserabgabengesetz - AbwAG) in der Fassung"
    ) == ["AbwAG §1", "AbwAG §9"]


def test_a_paragraph_is_cited_with_and_without_its_absatz() -> None:
    """D67 "§ 44 Abs. 1 BNatSchG": pages citing "§ 44 BNatSchG" apply the same paragraph."""
    keys = query_citations("§ 44 Abs. 1 BNatSchG Verbotstatbestände Artenschutz")
    assert keys == ["BNatSchG §44 Abs. 1"]
    assert cited_paragraphs(keys) == ["BNatSchG §44 Abs. 1", "BNatSchG §44"]
    assert cited_paragraphs(["GO Art. 52 Abs. 2", "GO NRW §41"]) == \
        ["GO Art. 52 Abs. 2", "GO NRW §41", "GO Art. 52"]
