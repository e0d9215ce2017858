"""Vote forms of other layouts and several votes per item, with sentences from the dev gold
set (../shared/eval/extraction-dev/pdf, Pohlheim Niederschriften) and the corpus."""

from pathlib import Path

import pytest

from ingest.enrich.outcome import find_outcome
from ingest.enrich.resolutions import find_all_resolutions
from ingest.enrich.votes import find_votes
from ingest.prepare import prepare_document
from ratsuche.core.records import Resolution, Votes

VOTES = [
    # pohlheim_stvv_2025-01-23 TOP 5: a faction breakdown after each count
    (
        "Abstimmungsergebnis: Mit Stimmenmehrheit abgelehnt\n15 Ja-Stimmen (13 SPD, 2 Grüne)\n"
        "16 Nein-Stimmen (9 CDU, 5 FW, 1 Grüne, 1 FDP)\n3 Enthaltungen (Grüne)",
        Votes(15, 16, 3),
    ),
    # pohlheim_stvv_2023-07-20 TOP 1: the breakdown wraps; "Einstimmig" then counts
    (
        "Abstimmungsergebnis: Einstimmig beschlossen\n27 Ja-Stimmen (10 SPD, 8 CDU, 4 Grüne, 4 FW,"
        " 1\nFDP)\n1 Enthaltung (CDU)",
        Votes(27, 0, 1),
    ),
    # erlangen_stadtteilbeirat-buechenbach_2020-10-20: "mit x zu y Stimmen"
    ("Der Stadtteilbeirat stellt mit 8 zu 0 Stimmen folgenden Antrag", Votes(8, 0, None)),
    # erlangen_stadtteilbeirat-buechenbach_2022-06-29 (Klimabudget)
    ("Der Stadtteilbeirat spricht sich mit 8 Stimmen einstimmig für die 3 Projekte aus.",
     Votes(8, 0, None)),
    ("Der Antrag wird mit 20 gegen 3 Stimmen bei 2 Enthaltungen angenommen.", Votes(20, 3, 2)),
    ("Abstimmungsergebnis: 12:3:1", Votes(12, 3, 1)),
    ("Ergebnis: einstimmig 9:0", Votes(9, 0, None)),
    ("Die Sitzung wird von 20:21 Uhr bis 20:28 Uhr unterbrochen.", Votes()),
    ("Abstimmung:\nJa Nein Enthaltung\n11 2 1", Votes(11, 2, 1)),
    ("Zustimmung: 12, Ablehnung: 3, Enthaltung: 1", Votes(12, 3, 1)),
    ("bei 12 Zustimmungen, 1 Ablehnung und 2 Enthaltungen", Votes(12, 1, 2)),
]


@pytest.mark.parametrize(("text", "expected"), VOTES)
def test_vote_forms(text: str, expected: Votes) -> None:
    assert find_votes(text) == expected


OUTCOMES = [
    ("Abstimmungsergebnis: Mit Stimmenmehrheit beschlossen\n17 Ja-Stimmen (10 CDU, 4 Grüne)\n"
     "12 Nein-Stimmen (SPD)", "mehrheitlich"),
    # no colon, the result in a right column
    ("Abstimmungsergebnis      Einstimmig beschlossen\n30 Ja-Stimmen (12 SPD, 10 CDU)",
     "einstimmig"),
    # the result paragraph, not the remark after it (pohlheim_stvv_2023-05-04 TOP 5)
    ("Abstimmungsergebnis: Einstimmig beschlossen\n\nDer Antrag bleibt im Geschäftsgang und "
     "wird in einer gemeinsamen Sitzung aller Ausschüsse am 24. Mai 2023 erneut beraten.",
     "einstimmig"),
    ("Der Antrag bleibt im Geschäftsgang und wird in einer gemeinsamen Sitzung aller Ausschüsse"
     " am 24. Mai 2023 erneut beraten.", "vertagt"),
    ("Zurückgestellt.", "vertagt"),
    ("Der Antragsteller verweist den Antrag in den Bauausschuss und den Klimabeirat.", "vertagt"),
    ("STV Reiner Leidich teilt mit, dass der Antrag Erledigung erfahren hat.", "erledigt"),
    ("Die Niederschrift vom 13. Dezember 2024 wird ohne Änderungen festgestellt.", "erledigt"),
    ("Die Niederschriften vom 23. und 24. März 2023 werden ohne Änderung festgestellt.",
     "erledigt"),
    ("Mit diesen Änderungen gilt die Niederschrift vom 06.03.2025 als festgestellt.", "erledigt"),
    ("Die Niederschrift wird ohne Änderungen bestätigt.", "erledigt"),  # made up (Sachsen)
    # made up: a separable verb, and the same verb about something else
    ("Der Ausschuss stellt den Antrag zurück, bis eine Stellungnahme vorliegt.", "vertagt"),
    ("Der Ortsrat stellt seine Bedenken zurück und stimmt einstimmig zu.", "einstimmig"),
    ("Der Antrag ist damit erledigt.", "erledigt"),  # made up
    ("Die Stadtverordnetenversammlung nimmt den Bericht über den Haushaltsvollzug zum\n"
     "30.06.2023 zur Kenntnis.", "zur_kenntnis"),
    # erlangen_stadtteilbeirat-buechenbach_2021-07-08
    ("Beschluss StBR: keiner, nur Kenntnisnahme", "zur_kenntnis"),
    # more no than yes is rejected, whatever word is printed (the counts are flagged)
    ("Abstimmungsergebnis: Mit Stimmenmehrheit beschlossen\n10 Ja-Stimmen\n14 Nein-Stimmen",
     "abgelehnt"),
]


@pytest.mark.parametrize(("text", "expected"), OUTCOMES)
def test_outcome_forms(text: str, expected: str) -> None:
    assert find_outcome(text) == expected


def test_an_amendment_then_the_motion_are_two_resolutions() -> None:
    # pohlheim_stvv_2025-01-23 TOP 5 (the second result after a page break, no heading)
    text = (
        "STV Eckart Hafemann beantragt, das Wort „schriftlichen“ aus dem Antrag zu streichen.\n\n"
        "Hierüber wird wie folgt abgestimmt:\n\n"
        "Abstimmungsergebnis: Mit Stimmenmehrheit abgelehnt\n15 Ja-Stimmen (13 SPD, 2 Grüne)\n"
        "16 Nein-Stimmen (9 CDU, 5 FW, 1 Grüne, 1 FDP)\n3 Enthaltungen (Grüne)\n"
        "___________\n\nAnschließend lässt die Stadtverordnetenvorsteherin über den CDU-Antrag "
        "abstimmen.\n\nAbstimmungsergebnis: Mit Stimmenmehrheit beschlossen\n"
        "17 Ja-Stimmen (9 CDU, 5 FW, 2 Grüne, 1 FDP)\n1 Nein-Stimme (Grüne)\n"
        "16 Enthaltungen (13 SPD, 3 Grüne)\n"
    )
    assert find_all_resolutions(text) == [
        Resolution("abgelehnt", Votes(15, 16, 3)),
        Resolution("mehrheitlich", Votes(17, 1, 16)),
    ]


def test_sentences_with_counts_are_one_resolution_each() -> None:
    # nordstemmen_fa-finanzen_2021-12-14 TOP 4
    text = (
        "Zu Antrag 1: Der Antrag wird mit 7 Ja-Stimmen und 2 Enthaltungen angenommen. \n"
        "Zu Antrag 2: Der Antrag wird mit 5 Ja-Stimmen und 4 Enthaltungen angenommen.\n\n"
        "Beratungsergebnis: 5 Ja-Stimmen/4 Enthaltungen/lt. Beschlussvorschlag"
    )
    assert [r.votes for r in find_all_resolutions(text)] == [
        Votes(7, None, 2), Votes(5, None, 4), Votes(5, None, 4)
    ]


def test_a_label_with_its_result_in_the_next_paragraph_and_flags() -> None:
    assert find_all_resolutions("Beratungsergebnis:\n\nEinstimmig lt. Beschlussvorschlag") == [
        Resolution("einstimmig", Votes())
    ]
    (rejected,) = find_all_resolutions(
        "Abstimmungsergebnis: Mit Stimmenmehrheit beschlossen\n10 Ja-Stimmen\n14 Nein-Stimmen"
    )
    assert rejected.outcome == "abgelehnt" and rejected.flags
    assert find_all_resolutions("Herr Meier berichtet über den Sachstand.") == []


def test_every_result_label_of_outcome_starts_a_vote() -> None:
    # made up, in the forms of other layouts: "Beschlussergebnis:" and a paragraph that is only
    # "Ergebnis: …" are result labels for the outcome and for the votes alike
    text = (
        "Über den Änderungsantrag der SPD-Fraktion wird abgestimmt.\n"
        "Beschlussergebnis: einstimmig\n\n"
        "Der Gemeinderat beschließt die Satzung in der geänderten Fassung.\n\n"
        "Ergebnis: mehrheitlich"
    )
    assert find_all_resolutions(text) == [
        Resolution("einstimmig", Votes()), Resolution("mehrheitlich", Votes())
    ]
    assert find_all_resolutions("mit folgendem Ergebnis: Variante A") == []


DEV_PDF = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction-dev" / "pdf"


def test_stacked_headings_share_the_votes_that_follow() -> None:
    # pohlheim_stvv_2024-12-13: TOP 8 and TOP 9 called up together; TOP 8's vote comes after
    # the TOP 9 heading. pohlheim_stvv_2023-07-20: a title that starts with a number
    # ("237. Vergleichende Prüfung") is still an agenda item.
    doc = prepare_document(DEV_PDF / "pohlheim_stvv_2024-12-13_niederschrift.pdf")
    body = [u for u in doc.units if u.first_page >= 11 and u.agenda_item in ("8", "9")]
    assert [u.agenda_item for u in body] == ["8", "9"]
    assert body[0].resolutions == body[1].resolutions
    assert [r.outcome for r in body[1].resolutions] == ["mehrheitlich", "mehrheitlich"]
    july = prepare_document(DEV_PDF / "pohlheim_stvv_2023-07-20_niederschrift.pdf")
    (prufung,) = [u for u in july.units if u.agenda_item == "7" and u.first_page >= 5]
    assert prufung.title and prufung.title.startswith("237. Vergleichende Prüfung")
    assert prufung.outcome == "einstimmig"


def test_a_vote_announced_in_a_sentence_and_repeated_under_its_label_is_one() -> None:
    # data/samples/pdf/nordstemmen_fa-finanzen_2021-12-14_protokoll.pdf, Zu Punkt 5
    text = (
        "Der Fachausschuss Finanzen, Wirtschaftsförderung, Marketing und Feuerschutz empfiehlt "
        "dem\nRat der Gemeinde Nordstemmen mit 5 Ja- Stimmen und 4 Enthaltungen folgenden "
        "Beschluss zu\nfassen:\nDer Rat der Gemeinde Nordstemmen beschließt das "
        "Investitionsprogramm.\nBeratungsergebnis:\n\n5 Ja-Stimmen/4 Enthaltungen lt. "
        "Beschlussvorschlag"
    )
    assert [r.votes for r in find_all_resolutions(text)] == [Votes(5, None, 4)]
