"""Completion over a vocabulary (pure): German folding, word starts, frequency order."""

from collections import Counter

from search_api.suggest import build_vocabulary, complete, fold


def test_fold_umlauts_sharp_s_and_paragraphs() -> None:
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold("Wärmenetz") == "warmenetz"
    assert fold("§ 5 GeschO") == fold("§5 geschO")


def test_word_starts_complete_compounds_by_frequency() -> None:
    vocabulary = build_vocabulary(Counter({
        ("Integrationskonferenz im Kreis Heinsberg – gemeinsam vorankommen", "Titel"): 1,
        ("Bericht der Integrationsbeauftragten", "Titel"): 3,
        ("GeschO §5", "Rechtsgrundlage"): 7,
        ("Sanierung der Bahnhofstraße", "Titel"): 2,
    }))
    assert [s.text for s in complete(vocabulary, "Integ")] == [
        "Bericht der Integrationsbeauftragten",
        "Integrationskonferenz im Kreis Heinsberg – gemeinsam vorankommen"]
    assert [s.text for s in complete(vocabulary, "integrationsk")] == [
        "Integrationskonferenz im Kreis Heinsberg – gemeinsam vorankommen"]
    assert [s.text for s in complete(vocabulary, "bahnhofstrasse")] == [
        "Sanierung der Bahnhofstraße"]
    assert [(s.text, s.count) for s in complete(vocabulary, "§ 5")] == [("GeschO §5", 7)]
    assert complete(vocabulary, "  ") == []
    assert len(complete(vocabulary, "e", limit=2)) <= 2
