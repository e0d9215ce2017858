"""The end of the meeting (ingest.enrich.closing): what follows it is read as no item's
outcome or votes; what it cites still counts. Texts from the corpus."""

from ingest.enrich import enrich_unit
from ingest.enrich.closing import before_closing
from ratsuche.core.records import PageSpan, Unit, Votes

# nordstemmen_2024-02-15_Ortsrat_Adensen_8._Sitzung, the last item and the page's end
LAST_ITEM = (
    "Zu Punkt 8: Anfragen und Anregungen\n"
    "Herr Freitag teilt mit, dass in der Dorfstraße immer noch eine Barke (ungefähr auf Höhe der\n"
    "Hausnummer 8 – 11) steht.\n"
    "Zudem wird darum gebeten mitzuteilen, in welchen Leerungsintervallen der Papier- und\n"
    "Glascontainer auf Höhe der Sporthalle erfolgt.\n"
    "Ende der Sitzung: 18:55 Uhr\n"
    "(Ortsbürgermeister) (Protokollführung)\n"
    "gesehen:\n"
    "(Bürgermeisterin)\n"
    "Genehmigungsvermerk:\n"
    "Das vorstehende Protokoll wurde in der Sitzung des Ortsrates Adensen am\n"
    "einstimmig - mit folgenden Änderungen/Ergänzungen/Berichtigungen - genehmigt:\n"
    "(Ortsratsmitglied) (Ortsbürgermeister)\n"
)
# nordstemmen_2014-11-25_Fachausschuss_Finanzen…: the approval form filled in later
FILLED_FORM = (
    "Zu Punkt 12: Anträge und Anfragen\nEs liegen keine Anträge und Anfragen vor.\n"
    "Ende der Sitzung: 19:00 Uhr\n"
    "(Vorsitzender) (Bürgermeister) (Protokollführerin)\n"
    "Genehmigungsvermerk:\n"
    "Das Protokoll der Sitzung vom 25. November 2014 wird mit folgender Änderung zu Punkt 6\n"
    "(zweiter Absatz) mit 7 Ja-Stimmen und 1 Enthaltung genehmigt:\n"
)


def _unit(text: str) -> Unit:
    return Unit(text=text, spans=[PageSpan(page=1, start=0, end=len(text))])


def test_the_approval_form_after_the_end_is_no_outcome() -> None:
    """The form's "einstimmig" made 557 corpus items "Anfragen"/"Mitteilungen" unanimous."""
    unit = enrich_unit(_unit(LAST_ITEM))
    assert unit.outcome is None and unit.votes == Votes() and unit.resolutions == []
    assert unit.text == LAST_ITEM  # the text stays the unit's
    filled = enrich_unit(_unit(FILLED_FORM))
    assert filled.outcome is None and filled.votes == Votes()


def test_an_attachment_after_the_end_still_cites() -> None:
    """nordstemmen_2023-02-02_Ortsrat_Klein_Escherde: the Landkreis' letter attached after
    the signatures cites § 45 StVO (judged relevant for D66)."""
    text = LAST_ITEM + ("Grundsätzlich besteht gem. den Verwaltungsvorschriften zum § 45 StVO "
                        "(Rand Nr. 42) die Möglichkeit, Markierungen aufzubringen.\n")
    unit = enrich_unit(_unit(text))
    assert unit.citations == ["StVO §45"] and unit.outcome is None


def test_the_end_of_the_meeting_in_its_forms() -> None:
    assert before_closing(LAST_ITEM).endswith("Ende der Sitzung: 18:55 Uhr")
    text = "6. Verschiedenes\nDer Bürgermeister schließt die Sitzung um 21.30 Uhr.\nMüller"
    assert before_closing(text).endswith("schließt die Sitzung um 21.30 Uhr.")
    bavarian = "Ende der öffentlichen Sitzung: 20:15 Uhr\nGez. Huber, 1. Bürgermeister"
    assert before_closing(bavarian) == "Ende der öffentlichen Sitzung: 20:15 Uhr"
    assert before_closing("Sitzungsende: 21:40 Uhr\nSchriftführerin") == "Sitzungsende: 21:40 Uhr"


def test_the_head_of_a_protocol_is_no_end() -> None:
    """"Beginn der Sitzung: 19:00 Uhr / Ende der Sitzung: 21:15 Uhr" stands above the items."""
    text = ("Beginn der Sitzung: 19:00 Uhr\nEnde der Sitzung: 21:15 Uhr\n"
            "TOP 1 Bebauungsplan „Im Grund“\nBeschluss: einstimmig beschlossen\n")
    assert before_closing(text) == text
    assert enrich_unit(_unit(text)).outcome == "einstimmig"
    assert before_closing("Der Rat beschließt einstimmig.") == "Der Rat beschließt einstimmig."
