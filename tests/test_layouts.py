"""Whole protocols in layouts the corpus does not show, from file to enriched units
(tests/fixtures/layouts, made up): every item found with its number, outcome and counts, and
the document's body, municipality and kind."""

from pathlib import Path

import pytest

from ingest.prepare import prepare_document

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
N = (None, None, None)
EXPECTED = {
    "bw": (
        "Gemeinderat", "Bad Musterau",
        [("§ 21", None, N), ("§ 22", None, N), ("§ 23", "mehrheitlich", (20, 3, 1)),
         ("§ 24", "einstimmig", N), ("§ 25", None, N)],
    ),
    "sn": (
        "Stadtrat", "Musterstadt",
        [("1", None, N), ("2", "erledigt", N), ("3", "einstimmig", (20, 0, 2)),
         ("4", "mehrheitlich", (15, 5, 2)), ("5", "abgelehnt", (6, 14, 2))],
    ),
    "sub": (
        "Bau- und Umweltausschuss", "Musterfeld",
        [("1", "einstimmig", N), ("2", "einstimmig", (9, 0, None)),
         ("2.1", "einstimmig", (9, 0, None)), ("2.2", "abgelehnt", (2, 7, None)),
         ("2.3", "vertagt", N), ("3", "zur_kenntnis", N), ("4", None, N), ("5", None, N)],
    ),
    "by": (
        "Marktgemeinderat", "Musterstaufen",
        [("1", "einstimmig", (16, 0, None)), ("2", None, N), ("3", "zur_kenntnis", N),
         ("4", "mehrheitlich", (16, 1, None)), ("4.1", "mehrheitlich", (16, 1, None)),
         ("4.2", "einstimmig", N), ("5", "mehrheitlich", (10, 7, None))],
    ),
    "allris": (
        "Gemeindevertretung", "Musterhagen",
        [("Ö 1", None, N), ("Ö 2", "einstimmig", N), ("Ö 3", None, N),
         ("Ö 4", "mehrheitlich", (8, 1, 1)), ("Ö 5", "einstimmig", (10, 0, 0)),
         ("Ö 6", "vertagt", N)],
    ),
}


@pytest.mark.parametrize("layout", sorted(EXPECTED))
def test_a_protocol_of_another_layout(layout: str) -> None:
    body, municipality, items = EXPECTED[layout]
    doc = prepare_document(LAYOUTS / f"niederschrift_{layout}.txt", LAYOUTS)
    found = [(u.agenda_item, u.outcome, (u.votes.yes, u.votes.no, u.votes.abstain))
             for u in doc.units if u.agenda_item]
    assert found == items
    assert (doc.meta.body, doc.meta.municipality, doc.meta.kind) == \
        (body, municipality, "Niederschrift")
