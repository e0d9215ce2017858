"""Tests for ingest.enrich.votes.find_votes with vote statements copied from the corpus."""

import pytest

from ingest.enrich.votes import find_votes
from ratsuche.core.records import Votes

CASES = [
    # seed sentence
    (
        "Beschluss: mehrheitlich beschlossen / Abstimmung: Ja: 49, Nein: 1, Enthaltungen: 0",
        Votes(49, 1, 0),
    ),
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf (RIS Beratungsergebnis)
    ("Beratungsergebnis: \n8 Ja-Stimmen, 0 Gegenstimmen, 0 Stimmenthaltungen \n", Votes(8, 0, 0)),
    ("Beratungsergebnis: \n7 Ja-Stimmen, 0 Gegenstimmen, 1 Stimmenthaltung \n", Votes(7, 0, 1)),
    # pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf ("(n)" / "(en)")
    (
        "Beratungsergebnis: \n8 Ja-Stimme(n), 0 Gegenstimme(n), 0 Stimmenthaltung(en) \n",
        Votes(8, 0, 0),
    ),
    # pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf
    (
        "Abstimmungsergebnis: 6 Ja-Stimmen / 1 Nein-Stimmen / 2 Enthaltungen \n"
        "Der Beschluss wird mit Mehrheit gefasst (Ja/Nein/Enth.)",
        Votes(6, 1, 2),
    ),
    # pdf/nordstemmen_rat_2021-09-30_protokoll.pdf (a "." between the counts)
    (
        "Ohne weitere Beratungen beschließt der Rat mehrheitlich bei 7 Ja-Stimmen. 8 Nein-Stimmen"
        " \nund 7 Enthaltungen den folgenden Beschlussvorschlag abzulehnen:",
        Votes(7, 8, 7),
    ),
    # pdf/nordstemmen_rat_2021-09-30_protokoll.pdf (number word, "einstimmig" -> no = 0)
    (
        "Ohne weitere Beratungen beschließt der Rat einstimmig bei zwei Enthaltungen wie folgt:",
        Votes(None, 0, 2),
    ),
    # pdf/nordstemmen_rat_2021-12-21_protokoll.pdf ("Ja-\nStimmen" broken over two lines)
    (
        "Ohne weitere Beratungen wird der Änderungsantrag von Ratsfrau Rump einstimmig bei 27 Ja-\n"
        "Stimmen und 2 Enthaltungen angenommen.",
        Votes(27, 0, 2),
    ),
    # pdf/nordstemmen_fa-finanzen_2021-12-14_protokoll.pdf (only the first statement is read)
    (
        "Zu Antrag 1: Der Antrag wird mit 7 Ja-Stimmen und 2 Enthaltungen angenommen. \n"
        "Zu Antrag 2: Der Antrag wird mit 5 Ja-Stimmen und 4 Enthaltungen angenommen.",
        Votes(7, None, 2),
    ),
    # text/nordstemmen_2022_ds110-2022-erg1_beschlussvorlage_fluechtlingsunterbringung.txt
    # (Beratungsfolge column)
    (
        "Verwaltungsausschuss 13.12.2022 Beratung und Empfehlung Einstimmig lt. Beschlussvorschlag"
        "\nMehrheitlich bei 16 Ja-Stimmen, einer\nBeratung und Beschlussfas-",
        Votes(16, None, None),
    ),
    # text/nordstemmen_bulk/nordstemmen_2025-09-02_Fachausschuss_Kindertagesstaetten_18._...txt
    ("Beratungsergebnis: Acht Ja-Stimmen, eine Nein-Stimme, keine Enthaltung", Votes(8, 1, 0)),
    # text/nordstemmen_bulk/nordstemmen_2024-09-17_Fachausschuss_Klimaschutz_Bau_und_Umwelt_...
    ("Beratungsergebnis: 7 Stimmen dafür, 1 Stimme dagegen, 1 Enthaltung", Votes(7, 1, 1)),
    # text/nordstemmen_bulk/nordstemmen_2022-06-02_Fachausschuss_Schule_Jugend_Soziales_...
    ("Beratungsergebnis: 3 Ja/6 Nein-Stimmen/abgelehnt", Votes(3, 6, None)),
    (
        "empfiehlt der Fachausschuss sodann dem Rat mit 3 Ja- zu 6\nNein-Stimmen die Drucksache "
        "abzulehnen",
        Votes(3, 6, None),
    ),
    # text/nordstemmen_bulk/nordstemmen_2022-06-02_Fachausschuss_Schule_... ("Enth.")
    ("Beratungsergebnis: 5 Ja/2 Nein/2 Enth./geänd. Antrag", Votes(5, 2, 2)),
    # text/nordstemmen_bulk/nordstemmen_2012-03-15_Fachausschuss_Schulen_21._Sitzung__...txt
    (
        "Der Antrag wird mit 5 Ja-Stimmen, 6 Nein-Stimmen und 3 Enthaltungen\nabgelehnt.",
        Votes(5, 6, 3),
    ),
    # text/nordstemmen_bulk/nordstemmen_2011-11-22_Ortsrat_Klein_Escherde_12._Sitzung__...txt
    (
        "Der Ortsrat wählt Frau Hartmann in offener Wahl ohne Gegenstimme bei einer "
        "Stimmenthaltung\nzur neuen Ortsbürgermeisterin.",
        Votes(None, 0, 1),
    ),
    # text/nordstemmen_bulk/nordstemmen_2020-11-19_Fachausschuss_Finanzen_... (first of a list)
    (
        "Zu 1: 5 Ja-Stimmen 4 Nein-Stimmen Zu 2: 5 Ja-Stimmen 4 Nein-Stimmen",
        Votes(5, 4, None),
    ),
    # pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf (election)
    (
        " Auf Herrn Dr. Belge entfielen 54 Stimmen  \nGegenstimmen: 2, Enthaltungen: 2. ",
        Votes(54, 2, 2),
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020-10-20_niederschrift.pdf
    ("gestellt (Abstimmung 9:0 Stimmen) ", Votes(9, 0, None)),
    # brief spellings
    ("Abstimmungsergebnis: 10 Ja / 2 Nein / 1 Enthaltung", Votes(10, 2, 1)),
    ("bei 1 Gegenstimme und 2 Enthaltungen beschlossen", Votes(None, 1, 2)),
    # text/nordstemmen_bulk/nordstemmen_DS_66-2024_1._Ergaenzung__...: an Ortsrat's vote in
    # the Beratungsfolge table
    ("Rössing 05.11.2024 5 dafür, 2 Enthaltungen Keine Abstimmung", Votes(5, None, 2)),
    # the word before its number, as other layouts print it (made up); it read "Ablehnung 3"
    # as the Zustimmung's count and "3 Enthaltung" as the Ablehnung's
    ("Abstimmungsergebnis: Zustimmung 12 Ablehnung 3 Enthaltung 1", Votes(12, 3, 1)),
    ("Abstimmung: dafür: 15 dagegen: 3 Enthaltung: 1", Votes(15, 3, 1)),
    ("Anwesend: 19 Für: 17 Gegen: 2", Votes(17, 2, None)),
    ("Abstimmung: 20 dafür, 3 dagegen", Votes(20, 3, None)),
    # ... but numbers before their words stay theirs
    ("Für 20 Ja-Stimmen, 3 Nein-Stimmen und 1 Enthaltung", Votes(20, 3, 1)),
    ("mit 12 Ja 3 Nein 2 Enthaltungen beschlossen", Votes(12, 3, 2)),
    ("Abstimmung: 7:2", Votes(7, 2, None)),  # made up
    # made up, in layouts of other Länder the corpus does not show: the count right after a
    # "Beschluss:" label (Bavarian Marktgemeinderat), a slashed triple after a result word,
    # capitalised and lower-case words before their numbers
    ("Beschluss: 18 : 2", Votes(18, 2, None)),
    ("Beschluss: (11:0)", Votes(11, 0, None)),
    ("Abstimmungsergebnis: 12/0/1", Votes(12, 0, 1)),
    ("Abstimmungsergebnis: Dafür: 11 Dagegen: 2 Enthaltungen: 1", Votes(11, 2, 1)),
    ("Abstimmung: ja 9, nein 2, Enthaltung 0", Votes(9, 2, 0)),
    ("Abstimmungsergebnis: 9 - 1 - 1", Votes(9, 1, 1)),
    ("Abstimmung: 7 : 6 : 0 – angenommen", Votes(7, 6, 0)),
    ("Der Beschluss wurde einstimmig gefasst (13:0).", Votes(13, 0, None)),
    ("Abstimmung: 7:2, 3 Enthaltungen", Votes(7, 2, 3)),
    ("Beschluss: 12:3 bei einer Enthaltung", Votes(12, 3, 1)),
    ("Abstimmungsergebnis: JA: 10 NEIN: 2 ENTHALTUNG: 1", Votes(10, 2, 1)),
    ("Abstimmungsergebnis: 10 Jastimmen, 2 Neinstimmen, 1 Enthaltung", Votes(10, 2, 1)),
    # made up: a lone count right after a result word ("13 Ja" alone elsewhere is no vote)
    ("Abstimmung: einstimmig (13 Ja)", Votes(13, 0, None)),
    ("Abstimmungsergebnis: 12 dafür", Votes(12, None, None)),
    # made up, Bavarian and Baden-Württemberg forms: "für/gegen den Beschluss", the number
    # before "Für"/"Gegen", "Stimmen dafür:", "Enth.", and the members present are no count
    ("Anwesend: 15, für den Beschluss: 13, gegen den Beschluss: 2", Votes(13, 2, None)),
    ("Abstimmung: 13 Für, 2 Gegen, 0 Enthaltungen", Votes(13, 2, 0)),
    ("Stimmen dafür: 13, Stimmen dagegen: 2", Votes(13, 2, None)),
    ("Anwesend 15 Ja 13 Nein 2 Enth. 1", Votes(13, 2, 1)),
    # made up: grids with a column of members present or biased
    ("Abstimmungsergebnis:\nJa Nein Enthaltung Befangen\n12 3 1 0", Votes(12, 3, 1)),
    ("Abstimmung:\nanwesend Ja Nein Enthaltung\n15 12 3 0", Votes(12, 3, 0)),
    # made up, the ALLRIS block: the members present are no Ja-Stimmen
    (
        "Gesetzliche Anzahl der Gemeindevertreter: 13\ndavon anwesend: 11\nJa-Stimmen: 9\n"
        "Nein-Stimmen: 1\nEnthaltungen: 1\nBefangenheit: 0",
        Votes(9, 1, 1),
    ),
    # text/nordstemmen_bulk/nordstemmen_2015-06-18_Fachausschuss_Planung_Bau_Umwelt_...
    (
        "Sodann empfiehlt der Fachausschuss Planung, Bau, Umwelt, Feuerschutz bei 5 Ja-, 1 Nein-\n"
        "Stimme und 2 Enthaltungen dem Verwaltungsausschuss folgenden Beschluss zu fassen:",
        Votes(5, 1, 2),
    ),
]

UNKNOWN = [
    # a bare "einstimmig" counts nothing
    "Beratungsergebnis: Einstimmig lt. Beschlussvorschlag",
    # pdf/nordstemmen_rat_2021-12-21_ds121-2021_haushaltssatzung2022.pdf: empty vote grid
    "Beratungsergebnis: \n \nGremium Ein- stimmig Ja Nein Ent- haltung lt. Beschluss- vorschlag "
    "abweichender Beschluss \nFachausschuss Finanzen, Wirtschaftsförde-\nrung, Marketing und "
    "Feuerschutz                               \nVerwaltungsausschuss       \n      \n",
    # text/nordstemmen_2013-11-14_ds104-2013_...: empty grid, other layout
    "Beratungsergebnis:\nEin- Ent- lt. Beschluss- abweichender\nGremium Ja Nein\nstimmig haltung "
    "vorschlag Beschluss\nFA Freizeit, Kult., Jugend, Soz., Dem.\nVerwaltungsausschuss\nRat",
    # text/nordstemmen_bulk/nordstemmen_2018-11-06_Ortsrat_Gross_Escherde_7._...: survey answers
    "10. Teilnahme an Organisation\n• ja: 17\n• nein: 6\n• keine Angabe: 8",
    "Frage 3 Nein",
    "Antwort: 17 Ja",
    # made up: a year is not a count, "eine" inside "allgemeine" is not a number word
    "Haushalt 2022 Ja-Stimmen",
    "die allgemeine Enthaltung",
    # a time and a map scale are no counts (the scale read 3:1:2)
    "Abstimmung 18:30 Uhr",
    # text/nordstemmen_bulk/nordstemmen_DS_66-2022__DS_66_2022_Anlage.txt
    "erneuerbare energien europa e3 : 1:25.000 Ln ED 1 GmbH",
    # made up: a date after a result label is no slashed count
    "Beschluss vom 12/05/2023",
    "Abstimmungsergebnis: 12/05/2023",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_votes(text: str, expected: Votes) -> None:
    assert find_votes(text) == expected


@pytest.mark.parametrize("text", UNKNOWN)
def test_no_votes(text: str) -> None:
    assert find_votes(text) == Votes()
