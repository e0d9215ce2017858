"""Tests for ingest.enrich.outcome with resolutions copied from the corpus."""

import pytest

from ingest.enrich.outcome import OUTCOMES, contradicts, find_outcome, outcome_from_votes
from ratsuche.core.records import Votes

CASES = [
    # seed sentence
    (
        "Die FDP-Fraktion stellt ihren Antrag gem. § 5 GeschO betr. „Integrationskonferenz im "
        "Kreis Heinsberg – gemeinsam vorankommen“. Beschluss: mehrheitlich beschlossen / "
        "Abstimmung: Ja: 49, Nein: 1, Enthaltungen: 0",
        "mehrheitlich",
    ),
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf: numbers only -> derived
    (
        "Beschluss: \nDie Niederschrift über die Sitzung vom 16.09.2025 wird genehmigt. \n"
        "Beratungsergebnis: \n8 Ja-Stimmen, 0 Gegenstimmen, 0 Stimmenthaltungen \n",
        "einstimmig",
    ),
    # pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf: abstentions do not count
    (
        "Beschluss: \nBeratungsergebnis: \n6 Ja-Stimmen, 0 Gegenstimmen, 2 Stimmenthaltungen \n",
        "einstimmig",
    ),
    # pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf
    (
        "Abstimmungsergebnis: 8 Ja-Stimmen / 1 Nein-Stimmen / 0 Enthaltungen \n"
        "Der Beschluss wird mit Mehrheit gefasst (Ja/Nein/Enth.)",
        "mehrheitlich",
    ),
    # pdf/nordstemmen_rat_2021-09-30_protokoll.pdf
    (
        "Ohne weitere Beratungen beschließt der Rat mehrheitlich bei 14 Ja-Stimmen, 3 Nein-Stimmen "
        "\nund 5 Enthaltungen wie folgt:",
        "mehrheitlich",
    ),
    (
        "Ohne weitere Beratungen beschließt der Rat mehrheitlich bei 7 Ja-Stimmen. 8 Nein-Stimmen"
        " \nund 7 Enthaltungen den folgenden Beschlussvorschlag abzulehnen:",
        "abgelehnt",
    ),
    (
        "Ohne weitere Beratungen beschließt der Rat einstimmig bei zwei Enthaltungen wie folgt:",
        "einstimmig",
    ),
    # pdf/nordstemmen_rat_2021-12-21_protokoll.pdf
    (
        "Ohne weitere Beratungen wird der Änderungsantrag von Ratsfrau Rump einstimmig bei 27 Ja-\n"
        "Stimmen und 2 Enthaltungen angenommen.",
        "einstimmig",
    ),
    # pdf/nordstemmen_fa-finanzen_2021-12-14_protokoll.pdf: Ja counted, no Nein recorded
    ("Zu Antrag 1: Der Antrag wird mit 7 Ja-Stimmen und 2 Enthaltungen angenommen.", "einstimmig"),
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt: the label wins over "zur Kenntnis"
    (
        "gem. § 41 GO NRW genehmigt. Die Beschlüsse des Integrationsrates werden zur Kenntnis "
        "genommen. Beratungsergebnis -einstimmig-Rat der Stadt - 24.02.2025",
        "einstimmig",
    ),
    # pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf: election, derived
    (
        " Auf Herrn Dr. Belge entfielen 54 Stimmen  \nGegenstimmen: 2, Enthaltungen: 2. \n \n"
        "Damit ist Herr Dr. Belge zum Leiter der Branddirektion gewählt.",
        "mehrheitlich",
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020-10-20_niederschrift.pdf
    (
        "ge aus dem Jahr 2018 werden überarbeitet, evtl zusammengefasst und nochmals \ngestellt "
        "(Abstimmung 9:0 Stimmen) ",
        "einstimmig",
    ),
    # text/nordstemmen_bulk/nordstemmen_2012-03-15_Fachausschuss_Schulen_21._Sitzung__...txt
    (
        "Der Antrag wird mit 5 Ja-Stimmen, 6 Nein-Stimmen und 3 Enthaltungen\nabgelehnt.",
        "abgelehnt",
    ),
    # text/nordstemmen_bulk/nordstemmen_2022-06-02_Fachausschuss_Schule_Jugend_Soziales_...
    (
        "Der Fachausschuss Schule, Jugend, Soziales und Kultur empfiehlt dem "
        "Rat:\nBeratungsergebnis: 3 Ja/6 Nein-Stimmen/abgelehnt\n",
        "abgelehnt",
    ),
    # text/nordstemmen_bulk/nordstemmen_2024-09-17_Fachausschuss_Klimaschutz_Bau_und_Umwelt_...
    (
        "Beratungsergebnis: 7 Stimmen dafür, 1 Stimme dagegen, 1 Enthaltung\nZu Punkt 3: Anfragen",
        "mehrheitlich",
    ),
    # text/nordstemmen_bulk/nordstemmen_2025-09-02_Fachausschuss_Kindertagesstaetten_18._...
    (
        "Beratungsergebnis: Acht Ja-Stimmen, eine Nein-Stimme, keine Enthaltung\nZu Punkt 8:",
        "mehrheitlich",
    ),
    # text/nordstemmen_bulk/nordstemmen_2011-11-22_Ortsrat_Klein_Escherde_12._Sitzung__...txt
    (
        "Der Ortsrat wählt Frau Hartmann in offener Wahl ohne Gegenstimme bei einer "
        "Stimmenthaltung\nzur neuen Ortsbürgermeisterin.",
        "einstimmig",
    ),
    # text/nordstemmen_bulk/nordstemmen_2012-09-24_Fachausschuss_Planung_Bau_Umwelt_...txt
    (
        "Herr Pape unterstützt den Vorschlag und Herr Lange beantragt schließlich, dass ein "
        "Beschluss\nauf die morgige Sitzung vertagt wird. Dieser Antrag wird einstimmig "
        "angenommen.",
        "vertagt",
    ),
    # text/nordstemmen_bulk/nordstemmen_2024-11-14_Fachausschuss_Finanzen_...txt
    (
        "Anlage 2 beigefügt ist.\nBeratungsergebnis: Abgesetzt\nZu Punkt 11: Investitionsprogramm",
        "vertagt",
    ),
    # text/nordstemmen_bulk/nordstemmen_2018-10-29_Ortsrat_Adensen_8._Sitzung__...txt
    (
        "Sodann wird die Drucksache von den Mitgliedern des Ortsrates Adensen zustimmend zur "
        "Kenntnis\ngenommen.\nBeratungsergebnis: Zustimmend zur Kenntnis genommen\n",
        "zur_kenntnis",
    ),
    # text/nordstemmen_bulk/nordstemmen_2013-12-12_Rat_12._Sitzung__...txt
    (
        "Nach kurzen Beratungen beschließt der Rat bei 12 Ja-Stimmen, 13 Nein-Stimmen und drei\n"
        "Enthaltungen, dass der Änderungsantrag der CDU-Fraktion abgelehnt wird",
        "abgelehnt",
    ),
    # text/nordstemmen_2022_ds110-2022-erg1_beschlussvorlage_fluechtlingsunterbringung.txt
    (
        "Verwaltungsausschuss 13.12.2022 Beratung und Empfehlung Einstimmig lt. Beschlussvorschlag",
        "einstimmig",
    ),
    # text/nordstemmen_rat_2013-12-12_niederschrift.txt
    ("Sodann beschließt der Rat einstimmig bei einer Enthaltung wie folgt:", "einstimmig"),
    # only the Nein counted: carried against them, whatever the word (it read "abgelehnt"):
    # text/nordstemmen_bulk/nordstemmen_2017-05-30_Fachausschuss_Bildung_Kultur_und_Soziales_...
    (
        "Im Ergebnis empfiehlt der Fachausschuss einstimmig bei 1 Gegenstimme und 3 "
        "Enthaltungen die Festsetzung der Elternbeiträge gemäß Beschlussvorschlag.",
        "mehrheitlich",
    ),
    # text/nordstemmen_bulk/nordstemmen_2024-11-12_Fachausschuss_Klimaschutz_Bau_und_Umwelt_...
    (
        "Da keine weiteren Einwendungen erhoben werden, wird die Tagesordnung einstimmig mit "
        "einer Ge-\ngenstimme wie vorstehend festgestellt.",
        "mehrheitlich",
    ),
    ("Der Antrag wird mehrheitlich bei 2 Gegenstimmen und 1 Enthaltung angenommen.",  # made up
     "mehrheitlich"),
    ("Der Änderungsantrag der Fraktion fand im Rat keine Mehrheit.", "abgelehnt"),  # made up
    # made up (Bavarian layout): the count after its label decides over "genehmigt"
    ("Die Niederschrift wird ohne Einwände genehmigt.\nAbstimmung: 15 : 0", "einstimmig"),
    ("Beschluss: 6 : 9\nDer Antrag hat keine Mehrheit erhalten.", "abgelehnt"),
    # text/nordstemmen_bulk/nordstemmen_2013-10-01_Rat_11._Sitzung__…: "nehmen … zur Kenntnis"
    ("Die Ratsmitglieder nehmen die Ausführung zur Kenntnis.", "zur_kenntnis"),
    # text/nordstemmen_bulk/nordstemmen_DS_36-2011__…
    ("Adensen und Hallerburg wird zustimmend Kenntnis genommen.", "zur_kenntnis"),
    # made up, result values of SessionNet and other RIS
    ("Ergebnis: Kenntnisnahme", "zur_kenntnis"),
    ("Beschlussergebnis: 12:0:1", "einstimmig"),
    ("Der Gemeinderat fasst bei 2 Gegenstimmen folgenden Beschluss:", "mehrheitlich"),
    ("Der Tagesordnungspunkt wird auf die nächste Sitzung vertagt.", "vertagt"),
    ("Der Punkt wird in die nächste Sitzung verschoben.", "vertagt"),
    ("Die Vorlage wird zur Beratung in den Bauausschuss überwiesen.", "vertagt"),
    ("Der Antrag wurde von der Antragstellerin zurückgenommen.", "vertagt"),
]

NO_OUTCOME = [
    # text/nordstemmen_bulk/nordstemmen_2022-09-20_Fachausschuss_Klimaschutz_…: "mit folgendem
    # Ergebnis:" in running text is no result label; the label says there is none
    "Daraufhin wurde die Abstimmung wiederholt, mit folgendem Ergebnis:\n"
    "Alternative I (GRZ 0,35) : 5 Ja Stimmen und 4 Nein Stimmen\n\n"
    "Beratungsergebnis: Keine Beschlussempfehlung",
    # made up: money is "überwiesen" too; a postponement told, not decided
    "Der Betrag wurde am 3. Mai überwiesen.",
    "dass der zurückgestellte Antrag erneut in die nächste Sitzung verschoben werden muss",
    # text/nordstemmen_bulk/nordstemmen_2022-09-20_Fachausschuss_Klimaschutz_...: explicit
    "Beratungsergebnis: Keine Beschlussempfehlung",
    # text/nordstemmen_bulk/nordstemmen_2022-12-06_Fachausschuss_Finanzen_...
    "Beratungsergebnis: Beraten ohne Beschluss!",
    # pdf/nordstemmen_rat_2021-12-21_ds121-2021_haushaltssatzung2022.pdf: empty vote grid,
    # "Ein- stimmig" in the header must not count
    "Beratungsergebnis: \n \nGremium Ein- stimmig Ja Nein Ent- haltung lt. Beschluss- vorschlag "
    "abweichender Beschluss \nVerwaltungsausschuss       \n      \n                  \nRat       ",
    "Gremium Ein-\nstimmig Ja Nein Ent- haltung",
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf: a report without a vote
    "Der Gemeindedirektor, Herr Olaf Humke berichtet wie folgt: \nDie Ausschreibung für die "
    "Sanierung der Auebrücke wurde inzwischen \ndurchgeführt.",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_outcome(text: str, expected: str) -> None:
    assert expected in OUTCOMES
    assert find_outcome(text) == expected


@pytest.mark.parametrize("text", NO_OUTCOME)
def test_no_outcome(text: str) -> None:
    assert find_outcome(text) is None


@pytest.mark.parametrize(
    ("votes", "accepted", "expected"),
    [
        (Votes(49, 1, 0), True, "mehrheitlich"),
        (Votes(8, 0, 0), True, "einstimmig"),
        (Votes(23, 0, 2), True, "einstimmig"),  # "einstimmig bei 2 Enthaltungen"
        (Votes(7, None, 2), True, "einstimmig"),  # no Nein recorded
        (Votes(5, 6, 3), True, "abgelehnt"),
        (Votes(4, 4, 1), True, "abgelehnt"),  # a tie is not a majority
        (Votes(0, 0, 9), True, "abgelehnt"),
        (Votes(None, 1, 2), True, "mehrheitlich"),  # "bei 1 Gegenstimme ... beschlossen"
        (Votes(None, 1, 2), False, None),
        (Votes(None, 0, 1), True, "einstimmig"),  # "ohne Gegenstimme"
        (Votes(), True, None),
    ],
)
def test_outcome_from_votes(votes: Votes, accepted: bool, expected: str | None) -> None:
    assert outcome_from_votes(votes, accepted) == expected


def test_explicit_votes_argument_is_used() -> None:
    # the text has no words and no numbers; the caller's votes decide
    assert find_outcome("Der Beschluss wird gefasst.", Votes(10, 2, 1)) == "mehrheitlich"


@pytest.mark.parametrize("outcome, votes, against", [
    ("mehrheitlich", Votes(6, 14, None), True),
    ("mehrheitlich", Votes(14, 6, None), False),
    ("mehrheitlich", Votes(12, 0, 3), False),  # "mehrheitlich bei 3 Enthaltungen"
    ("mehrheitlich", Votes(None, 1, None), False),
    ("einstimmig", Votes(16, 1, 6), True),
    ("einstimmig", Votes(None, 0, 5), False),
    ("abgelehnt", Votes(23, 2, None), True),
    ("abgelehnt", Votes(12, 12, 2), False),  # a tie rejects
    ("abgelehnt", Votes(None, 18, 5), False),
    ("vertagt", Votes(3, 9, None), False),
    (None, Votes(3, 9, None), False),
])
def test_counts_against_an_outcome(outcome: str | None, votes: Votes, against: bool) -> None:
    assert contradicts(outcome, votes) is against
