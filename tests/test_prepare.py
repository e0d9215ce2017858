"""From a file to the records a store takes: each chunk carries the citations of its pages."""

from pathlib import Path

from ingest.prepare import page_citations, prepare_document
from ratsuche.core.records import PageSpan, Unit

# pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf (shared corpus and samples)
STUTTGART = "pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf"
PAGE_1 = ("EBM Dr. Mayer stellt klar, die Wahl eines Amtsleiters sei nach § 37 GemO eine Wahl, "
          "die auch als solche durchzuführen sei.")
PAGE_2 = ('OB Kuhn zitiert aus § 37, Abs. 7 letzter Satz GemO, in dem es heißt: "Über die Ernen-\n'
          'nung und Einstellung von Gemeindebediensteten ist durch Wahl Beschluss zu fassen."')
PAGE_3 = "Verteiler:\nI. Referat AKR\nzur Weiterbehandlung\nHaupt- und Personalamt"


def test_each_page_of_a_unit_has_its_own_citations() -> None:
    text = "\n".join([PAGE_1, PAGE_2, PAGE_3])
    spans = [PageSpan(1, 0, len(PAGE_1)), PageSpan(2, 10, 10 + len(PAGE_2)),
             PageSpan(3, 0, len(PAGE_3))]
    unit = Unit(text=text, spans=spans)
    assert page_citations(unit) == {1: ["GemO §37"], 2: ["GemO §37", "GemO §37 Abs. 7"], 3: []}


def test_a_statutes_section_headings_cite_it_on_their_page() -> None:
    """The Geschäftsordnung's own "§ 28" heading cites "GeschO §28" on its page only."""
    first, second = "§ 27\nAnfragen", "§ 28\nAußerkrafttreten der Geschäftsordnung"
    unit = Unit(text=f"{first}\n{second}",
                spans=[PageSpan(12, 0, len(first)), PageSpan(13, 0, len(second))])
    assert page_citations(unit, "GeschO") == {12: ["GeschO §27"], 13: ["GeschO §28"]}


def test_chunks_carry_their_pages_citations_and_their_units(samples: Path) -> None:
    records = prepare_document(samples / STUTTGART, samples).records()
    chunks = [r for r in records if r["record"] == "chunk"]
    # p. 2: "§ 37, Abs. 7 letzter Satz GemO" and "der Geschäftsordnung des Gemeinderats § 37
    # Abs. 7 erster Satz"
    both = ["GemO §37", "GemO §37 Abs. 7", "GeschO §37", "GeschO §37 Abs. 7"]
    assert {r["page_first"]: r["page_citations"] for r in chunks} == \
        {1: ["GemO §37"], 2: both, 3: []}
    assert all(r["citations"] == both for r in chunks)
    unit = next(r for r in records if r["record"] == "unit")
    assert unit["citation_pages"] == [
        {"citation": "GemO §37", "pages": [1, 2]}, {"citation": "GemO §37 Abs. 7", "pages": [2]},
        {"citation": "GeschO §37", "pages": [2]}, {"citation": "GeschO §37 Abs. 7", "pages": [2]}]
