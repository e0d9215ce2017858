"""Tests for ingest.enrich.enrich_unit and document_meta: whole resolutions from the corpus."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from ingest.enrich import document_meta, enrich_unit
from ratsuche.core.records import DocumentMeta, PageSpan, Unit, Votes

SEED = (
    "Die FDP-Fraktion stellt ihren Antrag gem. § 5 GeschO betr. „Integrationskonferenz im Kreis "
    "Heinsberg – gemeinsam vorankommen“. Beschluss: mehrheitlich beschlossen / Abstimmung: Ja: "
    "49, Nein: 1, Enthaltungen: 0"
)


@dataclass
class Resolution:
    source: str
    text: str
    outcome: str | None
    votes: Votes
    citations: list[str] = field(default_factory=list)
    factions: list[str] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)


RESOLUTIONS = [
    Resolution(
        "seed sentence",
        SEED,
        "mehrheitlich",
        Votes(49, 1, 0),
        ["GeschO §5"],
        ["FDP"],
    ),
    Resolution(
        "pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf (abridged, [...] marks a cut)",
        "5. Zustimmung zu Erleichterungen nach dem „Bauturbo“ BV AH 80/21-26 \n[...]\nBeschluss: \n"
        "Dem Antrag auf Erleichterungen nach dem „Bauturbo“ für das \nBauvorhaben in der Flöte 32, "
        "31708 Ahnsen, und der Abweichung \nnach § 34 Baugesetzbuch wird zugestimmt. \n"
        "Beratungsergebnis: \n7 Ja-Stimmen, 0 Gegenstimmen, 1 Stimmenthaltung \n",
        "einstimmig",
        Votes(7, 0, 1),
        ["BauGB §34"],
        [],
        ["BV AH 80/21-26"],
    ),
    Resolution(
        "pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf",
        "5  Einrichtung eines einseitigen Parkverbotes in der Schulstraße Ah 39/21- 26 \n  \n"
        "Herr Pohl verweist auf die Vorlage Ah 39/21-26. \n \nSeitens der Ratsmitglieder gibt es "
        "keine Wortmeldungen. \n \x0c 3 \nBeschluss: \nDie Verwaltung wird beauftragt, für die "
        "Schulstraße bei der Straßenverkehrsbehörde \n(Landkreis Schaumburg) die Einrichtung eines "
        "einseitigen Parkverbotes (von der Theodor-\nHeuss-Straße / Bückeburger Straße aus "
        "rechtsseitig) zu beantragen. \n \nAbstimmungsergebnis: 8 Ja-Stimmen / 1 Nein-Stimmen / 0 "
        "Enthaltungen \nDer Beschluss wird mit Mehrheit gefasst (Ja/Nein/Enth.) \n",
        "mehrheitlich",
        Votes(8, 1, 0),
        [],
        [],
        ["BV AH 39/21-26"],
    ),
    Resolution(
        "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf",
        "Zu Punkt 10: Vereinbarung zur interkommunalen Zusammenarbeit im Bereich Kultur \n"
        "(DS 91/2021) \n \nBerichterstatter, Ratsherr Dräger führt die Drucksache aus. \n \nOhne "
        "weitere Beratungen beschließt der Rat mehrheitlich bei 14 Ja-Stimmen, 3 Nein-Stimmen "
        "\nund "
        "5 Enthaltungen wie folgt: \n",
        "mehrheitlich",
        Votes(14, 3, 5),
        [],
        [],
        ["DS 91/2021"],
    ),
    Resolution(
        "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf",
        "der NKBesVO – Aufwandsentschädigung Hauptverwaltungsbeamtin \nund Allgemeiner "
        "Stellvertreter \n(DS 93/2021) \n \nBerichterstatterin, Ratsfrau Hartmann führt die "
        "Drucksache aus. \n \nOhne weitere Beratungen beschließt der Rat mehrheitlich bei 7 "
        "Ja-Stimmen. 8 Nein-Stimmen \nund 7 Enthaltungen den folgenden Beschlussvorschlag "
        "abzulehnen: \n",
        "abgelehnt",
        Votes(7, 8, 7),
        [],
        [],
        ["DS 93/2021"],
    ),
    Resolution(
        "pdf/nordstemmen_rat_2021-12-21_protokoll.pdf",
        "Ohne weitere Beratungen wird der Änderungsantrag von Ratsfrau Rump einstimmig bei 27 Ja-\n"
        "Stimmen und 2 Enthaltungen angenommen. \n",
        "einstimmig",
        Votes(27, 0, 2),
    ),
    Resolution(
        "text/nordstemmen_2016-05-17_ds45-2016_beschlussvorlage_kita-eilentscheidung-89-nkomvg.txt",
        "Zustimmung zu einer überplanmäßigen Auszahlung; Eilentscheidung gem. § 89 NKomVG\n"
        "Beschlussvorschlag:\nDer überplanmäßigen Auszahlung in Höhe von bis zu 125.000 € für "
        "Umbaumaßnahmen in der\nev.-luth. Kindertagesstätte Groß Escherde wird im Rahmen einer "
        "Eilentscheidung gem. § 89\nNKomVG zugestimmt.",
        None,
        Votes(),
        ["NKomVG §89"],
    ),
    Resolution(
        "text/duisburg_rat_2025-02-24_niederschrift_top2.txt",
        "Rat der Stadt Duisburg - Niederschrift oeffentliche Sitzung 24.02.2025 - TOP 2\n"
        "Drucksache: 25-0198\nBetreff: Beschlussfassung über Ausschussvorlagen\nVerantwortlich: "
        "OB/OB-2 Reichelt, 2108\n\nBeschluss Die in den Ausschüssen gefassten Beschlüsse werden - "
        "soweit es sich nicht um - durchlaufende Ratsvorlagen - Vorlagen im Bereich der "
        "Entscheidungskompetenz der Bezirksvertretungen, des Jugendhilfeausschusses, des "
        "Vergabeausschusses oder der Betriebsausschüsse handelt - gem. § 41 GO NRW genehmigt. Die "
        "Beschlüsse des Integrationsrates werden zur Kenntnis genommen. Beratungsergebnis "
        "-einstimmig-Rat der Stadt - 24.02.2025",
        "einstimmig",
        Votes(),
        ["GO NRW §41"],
        [],
        ["DS 25-0198"],
    ),
    Resolution(
        "pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf",
        "Stimmen gezählt von \n \n StRin Nuber-Schöllhammer (90/GRÜNE) \n StR Ozasek "
        "(SÖS-LINKE-PluS) \n Frau Kirsammer (HauptPersA) \n Frau Westhaus-Gloel. \n \nDer "
        "Vorsitzende gibt folgendes Wahlergebnis bekannt: \n \n Von 59 stimmberechtigten "
        "Anwesenden "
        "wurden 58 gültige Stimmen abgegeben. \n \n Auf Herrn Dr. Belge entfielen 54 Stimmen  \n"
        "Gegenstimmen: 2, Enthaltungen: 2. \n \nDamit ist Herr Dr. Belge zum Leiter der "
        "Branddirektion gewählt.",
        "mehrheitlich",
        Votes(54, 2, 2),
        [],
        ["Grüne", "Linke"],
    ),
    Resolution(
        "pdf/erlangen_stadtteilbeirat-buechenbach_2020-10-20_niederschrift.pdf",
        "\uf0b7 Planung und Schaffung neuer Sportstätten und Stärkung der Vereinskultur in "
        "Büchenbach "
        "\nund weiterführende Maßnahmen zur Sportentwicklung in Büchenbach: Die beiden "
        "Anträ-\nge aus "
        "dem Jahr 2018 werden überarbeitet, evtl zusammengefasst und nochmals \ngestellt "
        "(Abstimmung "
        "9:0 Stimmen) \n",
        "einstimmig",
        Votes(9, 0, None),
    ),
    Resolution(
        "text/nordstemmen_bulk/nordstemmen_2013-12-12_Rat_12._Sitzung__...txt",
        "Nach kurzen Beratungen beschließt der Rat bei 12 Ja-Stimmen, 13 Nein-Stimmen und drei\n"
        "Enthaltungen, dass der Änderungsantrag der CDU-Fraktion abgelehnt wird und somit der § 2\n"
        "Einzugsbereiche bestehen bleibt.",
        "abgelehnt",
        Votes(12, 13, 3),
        [],
        ["CDU"],
    ),
    Resolution(
        "text/nordstemmen_bulk/nordstemmen_2024-09-17_Fachausschuss_Klimaschutz_Bau_und_Umwelt_...",
        "3. Mit der Ausarbeitung der Entwürfe wird das Planungsbüro SRL Weber, Spinozastraße 1, "
        "30175\nHannover, beauftragt.\nBeratungsergebnis: 7 Stimmen dafür, 1 Stimme dagegen, 1 "
        "Enthaltung\n",
        "mehrheitlich",
        Votes(7, 1, 1),
    ),
    Resolution(
        "text/nordstemmen_bulk/nordstemmen_2018-10-29_Ortsrat_Adensen_8._Sitzung__...txt",
        "Sodann wird die Drucksache von den Mitgliedern des Ortsrates Adensen zustimmend zur "
        "Kenntnis\ngenommen.\nBeratungsergebnis: Zustimmend zur Kenntnis genommen\n",
        "zur_kenntnis",
        Votes(),
    ),
    Resolution(
        "text/nordstemmen_bulk/nordstemmen_2012-09-24_Fachausschuss_Planung_Bau_Umwelt_...",
        "Herr Pape unterstützt den Vorschlag und Herr Lange beantragt schließlich, dass ein "
        "Beschluss\nauf die morgige Sitzung vertagt wird. Dieser Antrag wird einstimmig "
        "angenommen.",
        "vertagt",
        Votes(),
    ),
]


def _unit(text: str) -> Unit:
    return Unit(text=text, spans=[PageSpan(page=1, start=0, end=len(text))])


@pytest.mark.parametrize("r", RESOLUTIONS, ids=lambda r: r.source[:60])
def test_enrich_unit_real_resolutions(r: Resolution) -> None:
    unit = enrich_unit(_unit(r.text))
    assert unit.outcome == r.outcome
    assert unit.votes == r.votes
    assert unit.citations == r.citations
    assert unit.factions == r.factions
    assert unit.doc_numbers == r.doc_numbers


# nordstemmen_rat_2018-03-15_niederschrift.txt, Zu Punkt 8 (pp. 5-6, shortened)
TWO_VOTES = (
    "Nach reger Diskussion wird zunächst über den gestellten Antrag von Ratsfrau Nagel "
    "abgestimmt.\nBei 6 Ja-Stimmen und 14 Nein-Stimmen wird der Antrag von Ratsfrau Nagel "
    "abgelehnt.\nSodann beschließt der Rat mehrheitlich bei 14 Ja-Stimmen und 6 Nein-Stimmen wie "
    "folgt:\nDer Rat der Gemeinde Nordstemmen beschließt die Einrichtung und den Betrieb (über "
    "mindestens\ndrei Jahre) von Hotspots im Rahmen der EU-Förderung WIFI4EU an folgenden "
    "Standorten:\n1. Adensen, Jugendraum, Im Schlingen 18\n"
    "Beratungsergebnis: 14 Ja-Stimmen/6 Nein-Stimmen\n"
)
# nordstemmen_2017-11-07_Ortsrat_Klein_Escherde_5._Sitzung, Punkt 5 (the words "drei Nein" are
# glued to "zu" in the text layer)
NUMBER_WORDS_FIRST = (
    "Der Ortsrat Klein Escherde spricht sich im Rahmen seiner Anhörung anschließend mit drei "
    "Neinzu zwei Ja-Stimmen gegen die Drucksache 111/2017 aus.\n"
    "Beratungsergebnis: 3 Nein-Stimmen, 2 Ja-Stimmen\n"
)


@pytest.mark.parametrize("text, outcome, votes", [
    (TWO_VOTES, "mehrheitlich", Votes(14, 6, None)),
    (NUMBER_WORDS_FIRST, "abgelehnt", Votes(2, 3, None)),
], ids=["Antrag rejected, then the Vorlage adopted", "counts the first line half reads"])
def test_the_votes_shown_fit_the_outcome(text: str, outcome: str, votes: Votes) -> None:
    """The first counts of the text belong to another vote when they go against the item's
    outcome: the counts of the resolution with that outcome are shown instead."""
    unit = enrich_unit(_unit(text))
    assert unit.outcome == outcome
    assert unit.votes == votes
    assert [r.outcome for r in unit.resolutions][-1] == outcome


def test_seed_verbatim() -> None:
    # the seed exactly as given in the brief (its "..." left the FDP out)
    text = (
        "Beschluss: mehrheitlich beschlossen / Abstimmung: Ja: 49, Nein: 1, Enthaltungen: 0 ... "
        "ihren Antrag gem. § 5 GeschO betr. „Integrationskonferenz im Kreis Heinsberg – gemeinsam "
        "vorankommen“"
    )
    unit = enrich_unit(_unit(text))
    assert unit.outcome == "mehrheitlich"
    assert unit.votes == Votes(yes=49, no=1, abstain=0)
    assert "GeschO §5" in unit.citations
    assert unit.factions == []


def test_enrich_unit_returns_a_new_unit() -> None:
    original = _unit(SEED)
    enriched = enrich_unit(original)
    assert enriched is not original
    assert original.outcome is None and original.votes == Votes() and original.citations == []
    assert enriched.text == original.text and enriched.spans == original.spans


def test_enrich_unit_keeps_fields_already_set() -> None:
    unit = _unit(SEED)
    unit.outcome = "abgelehnt"
    unit.factions = ["SPD"]
    enriched = enrich_unit(unit)
    assert enriched.outcome == "abgelehnt"
    assert enriched.factions == ["SPD"]
    assert enriched.votes == Votes(49, 1, 0)
    assert enriched.citations == ["GeschO §5"]


# First pages copied from the corpus (pages are separate list items).
META_CASES = [
    (
        # pdf/nordstemmen_rat_2021-09-30_protokoll.pdf
        [
            "P r o t o k o l l \nder 30. Sitzung des Rates der Gemeinde Nordstemmen am Donnerstag, "
            "dem 30. September \n2021, im Dorfgemeinschaftshaus Groß Escherde, Schulstraße 9. \n"
            "Beginn der Sitzung: 18:00 Uhr \nEs sind anwesend: \nFrau Nicole Dombrowski \n"
            "SPD-Ratsfraktion \n",
            "Zu Punkt 10: ... (DS 91/2021)",
        ],
        "nordstemmen_rat_2021-09-30_protokoll.pdf",
        DocumentMeta("Nordstemmen", "Rat", "Niederschrift", date(2021, 9, 30), None, []),
    ),
    (
        # pdf/nordstemmen_2021-09-08_ds80-2021_beschlussvorlage_radverkehrskonzept.pdf
        [
            "Heyersum \nKlein Escherde \nMahlerten \nNordstemmen \nRössing \n \n \nPlanung, Bau "
            "und Umwelt \nAktenzeichen: 56.10.10 \nAuskunft erteilt: Frau Finke \nTelefon: "
            "800-32   "
            "08.09.2021 \n \n \n \n \n \n \nDS 80/2021  \nBeschlussvorlage  \n \nBeratung in "
            "öffentlicher Sitzung \n \nBeratungsfolge Termin Stand Abstimmung \nFachausschuss "
            "Planung, Bau \nund Umwelt 14.09.2021 Beratung und Empfehlung  \nVerwaltungsausschuss "
            "28.09.2021 Beratung und Empfehlung  \nRat 30.09.2021 Beratung und Beschluss- "
            "fassung  \n"
            " \nBeauftragung eines Planungsbüros für die Erstellung eines kommunalen "
            "Radverkehrskon-\n"
            "zeptes für die Gemeinde Nordstemmen \n"
        ],
        "nordstemmen_2021-09-08_ds80-2021_beschlussvorlage_radverkehrskonzept.pdf",
        DocumentMeta(
            "Nordstemmen", "Rat", "Beschlussvorlage", date(2021, 9, 8), None, ["DS 80/2021"]
        ),
    ),
    (
        # pdf/ahnsen_gemeinderat_2026-05-05_bekanntmachung.pdf
        [
            " 1 von 1 \n \n \n \nBEKANNTMACHUNG \nzur 18. Sitzung des Gemeinderates Ahnsen \nam "
            "Dienstag, 05.05.2026, 19:30 Uhr \nim Dorfgemeinschaftshaus Ahnsen, \nSchulstraße 5, "
            "31708 Ahnsen \nTagesordnung \n \nTop Öffentliche Sitzung \n1. Eröffnung der Sitzung "
            "und Feststellung der ordnungsgemäßen Ladung und \nBeschlussfähigkeit, Feststellung "
            "der "
            "Tagesordnung \n2. Anfragen von Einwohnern \n3. Genehmigung des Protokolls der "
            "Gemeinderatssitzung am 26.03.2026 \n"
        ],
        "ahnsen_gemeinderat_2026-05-05_bekanntmachung.pdf",
        DocumentMeta("Ahnsen", "Gemeinderat", "Bekanntmachung", date(2026, 5, 5), None, []),
    ),
    (
        # text/stuttgart_gemeinderat_2018-01-30_anfrage-23-2018.txt (no body in the text: file name)
        [
            "Anfrage\n\n vom \n\n30.01.2018\n\nNr. \n\n23/2018\n\nAnfrage\n\nStadträtinnen / "
            "Stadträte - Fraktionen\n\nAfD-Gemeinderatsfraktion\n\nBetreff\n\nS-21 neuer "
            "Fertigstellungstermin - Auswirkungen für die Bürger\n"
        ],
        "stuttgart_gemeinderat_2018-01-30_anfrage-23-2018.txt",
        DocumentMeta(
            "Stuttgart", "Gemeinderat", "Anfrage", date(2018, 1, 30), None, ["Anfrage 23/2018"]
        ),
    ),
    (
        # pdf/nordstemmen_2025-06-13_ds53-2025_anlage1_gestattungsvertrag_SCAN.pdf (no text layer)
        ["", ""],
        "nordstemmen_2025-06-13_ds53-2025_anlage1_gestattungsvertrag_SCAN.pdf",
        DocumentMeta("Nordstemmen", None, "Anlage", date(2025, 6, 13), None, []),
    ),
]


@pytest.mark.parametrize(("pages", "filename", "expected"), META_CASES)
def test_document_meta(pages: list[str], filename: str, expected: DocumentMeta) -> None:
    assert document_meta(pages, filename) == expected


def test_document_meta_without_filename() -> None:
    meta = document_meta([])
    assert meta == DocumentMeta()
