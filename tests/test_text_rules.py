"""One rule for words split at a line end, with sentences from the corpus."""

from ratsuche.core.text import join_line_end_hyphens, join_split_words, without_private_use


def test_a_lowercase_continuation_joins() -> None:
    assert join_line_end_hyphens("zur Integrations-\nkonferenz des Kreises") == \
        "zur Integrationskonferenz des Kreises"
    assert join_line_end_hyphens("der Landes-\n   hauptstadt Hannover") == \
        "der Landeshauptstadt Hannover"


def test_a_capital_or_a_suspended_compound_keeps_its_hyphen() -> None:
    assert join_line_end_hyphens("Antrag der CDU-\nFraktion") == "Antrag der CDU-\nFraktion"
    assert join_split_words("Haushalts- und Kassenverordnung") == "Haushalts- und Kassenverordnung"
    assert join_split_words("Rad-\noder Fußwege") == "Rad-\noder Fußwege"


def test_a_lost_line_break_joins_but_a_range_does_not() -> None:
    assert join_split_words("Amt für Wirt- schaftsförderung") == "Amt für Wirtschaftsförderung"
    assert join_split_words("in §§ 47 a-f BImSchG") == "in §§ 47 a-f BImSchG"
    assert join_line_end_hyphens("Amt für Wirt- schaftsförderung") == \
        "Amt für Wirt- schaftsförderung"


def test_private_use_code_points_are_dropped() -> None:
    # nordstemmen_rat_2022-12-20_niederschrift: a Symbol-font bullet the PDF did not map.
    line = "Zu a) vorangegangen Ratssitzung\n\uf0b7 Ratssitzung vom 27.09.2022:"
    assert without_private_use(line) == \
        "Zu a) vorangegangen Ratssitzung\n Ratssitzung vom 27.09.2022:"
    assert without_private_use("Antrag \U000f0041 der  CDU") == "Antrag der CDU"
    assert without_private_use("§ 5 GeschO") == "§ 5 GeschO"
