"""Query understanding: what a query names that unit metadata confirms (real queries, the
metadata that ingestion extracts from the real protocols)."""

from ratsuche.backends.base import Hit
from search_api.evidence import QueryEvidence
from search_api.fused import Fused, FusedPassage

AHNSEN_2026 = {"file": "pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf",
               "municipality": "Ahnsen", "body": "Gemeinderat", "date": "2026-05-05"}
AHNSEN_2022 = {"file": "pdf/ahnsen_gemeinderat_2022-11-23_protokoll.pdf",
               "municipality": "Ahnsen", "body": "Gemeinderat", "date": "2022-11-23"}
BUECHENBACH = {"file": "pdf/erlangen_stadtteilbeirat-buechenbach_2021-04-14_niederschrift.pdf",
               "municipality": "Erlangen", "body": "Stadtteilbeirat Büchenbach",
               "date": "2021-04-14"}
NORDSTEMMEN_RAT = {"file": "text/nordstemmen_bulk/x.txt", "municipality": "Nordstemmen",
                   "body": "Rat", "date": "2016-12-20"}


def test_place_and_year_named_in_a_query() -> None:
    evidence = QueryEvidence.of("Grundsteuer Hebesatz Ahnsen 2026")
    assert evidence.fired(AHNSEN_2026) == ["municipality:Ahnsen", "year:2026"]
    assert evidence.fired(AHNSEN_2022) == ["municipality:Ahnsen"]
    assert evidence.fired(BUECHENBACH) == []


def test_a_district_named_by_its_council() -> None:
    evidence = QueryEvidence.of("Quartiersmanagerin Büchenbach Sprechstunde")
    assert evidence.fired(BUECHENBACH) == ["body:Stadtteilbeirat Büchenbach"]
    # spelled without umlaut as people type it
    assert QueryEvidence.of("Sportplaetze Buechenbach").fired(BUECHENBACH) == [
        "body:Stadtteilbeirat Büchenbach"]


def test_a_date_a_year_and_document_numbers() -> None:
    assert QueryEvidence.of("Haushaltssatzung Rat 20.12.2016").fired(NORDSTEMMEN_RAT) == [
        "body:Rat", "date:2016-12-20"]
    assert QueryEvidence.of("Beschluss Haushaltssatzung 2017").fired(NORDSTEMMEN_RAT) == []
    # "36/2025" is a document number: its year is not the meeting's
    assert QueryEvidence.of("Tierheim DS 36/2025").years == frozenset()
    assert QueryEvidence.of("Was kostet das?").fired(AHNSEN_2026) == []


def test_evidence_raises_and_never_filters() -> None:
    hits = [Hit("b", 0.0, BUECHENBACH), Hit("a22", 0.0, AHNSEN_2022),
            Hit("a26", 0.0, AHNSEN_2026)]
    fused: Fused = [FusedPassage(hits[0], 0.70, [1]), FusedPassage(hits[1], 0.65, [2]),
                    FusedPassage(hits[2], 0.60, [3])]
    boosted = QueryEvidence.of("Haushaltssatzung Ahnsen 2026").boost(fused, 0.2)
    assert [h.unit_id for h, _, _ in boosted] == ["a26", "a22", "b"]
    assert [round(s, 6) for _, s, _ in boosted] == [0.8, 0.75, 0.7]
    assert QueryEvidence.of("Haushaltssatzung Ahnsen 2026").boost(fused, 0.0) is fused
