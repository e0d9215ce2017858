"""Matters (Vorgänge) by document number, against a real node: DS 110/2022 of Nordstemmen
(housing refugees from Ukraine) went from the Verwaltungsausschuss (Vorlage, 10.11.2022)
through a 1. Ergänzung (09.12.2022) to the Rat, which decided on 20.12.2022 (TOP 18)."""

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.enrich import enrich_unit
from ingest.enrich.numbers import canonical_number
from ingest.prepare import inherit_numbers
from ingest.run import collect_files, ingest_files
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.core.records import Unit
from ratsuche.embedding import get_embedder
from search_api.matters import course

ERGAENZUNG = "text/nordstemmen_2022_ds110-2022-erg1_beschlussvorlage_fluechtlingsunterbringung.txt"
# The Vorlage itself and the Rat's protocol are in the shared corpus beside the clone.
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "text"
VORLAGE = "nordstemmen_bulk/nordstemmen_DS_110-2022__Beschlussvorlage_DS_110-2022.txt"
PROTOCOL = "nordstemmen_rat_2022-12-20_niederschrift.txt"


@pytest.mark.parametrize("spelling", [
    "DS 110/2022", "Drucksache Nr. 110/2022", "110/2022 1. Ergänzung", "DS-Nr. 110/2022",
    "110/2022",
])
def test_any_spelling_of_a_number_is_one_matter(spelling: str) -> None:
    assert canonical_number(spelling) == "DS 110/2022"


def test_no_number_is_no_matter() -> None:
    assert canonical_number("Flüchtlinge") is None


@pytest.fixture
def matter_app(own_app: tuple[TestClient, OpenSearchBackend], samples: Path) -> TestClient:
    client, backend = own_app
    files = [str(samples / ERGAENZUNG), str(CORPUS / VORLAGE), str(CORPUS / PROTOCOL)]
    report = ingest_files(backend, get_embedder(), collect_files(files))
    assert report.count("ingested") == 3, report
    return client


def test_the_course_of_ds_110_2022(matter_app: TestClient) -> None:
    matter = matter_app.get("/matters", params={"number": "Drucksache Nr. 110/2022"}).json()
    assert matter["number"] == "DS 110/2022"
    steps = [(s["result"]["date"], s["result"]["body"], s["kind"], s["result"]["outcome"])
             for s in matter["steps"]]
    assert steps[:2] == [("2022-11-10", "Verwaltungsausschuss", "Vorlage", "einstimmig"),
                         ("2022-12-09", "Verwaltungsausschuss", "Vorlage", "einstimmig")]
    # the Rat's protocol is one step, its TOP 18; the preamble listing the agenda is not
    assert steps[2:] == [("2022-12-20", "Rat", "Beschluss", "mehrheitlich")]
    decision = next(s["result"] for s in matter["steps"] if s["kind"] == "Beschluss")
    assert decision["agenda_item"] == "18" and "Ukrai" in decision["title"]
    assert [s[0] for s in steps] == sorted(s[0] for s in steps)
    assert matter_app.get("/matters", params={"number": "DS 999/2022"}).json()["steps"] == []

    page = matter_app.get(f"/beschluss/{decision['id']}").text
    assert "Beratungsfolge DS 110/2022" in page
    assert page.count('<tr') == len(steps) + 1 and 'aria-current="true"' in page
    results = matter_app.get("/", params={"q": "Ukraine Unterbringung"}).text
    assert f"Teil eines Vorgangs ({len(steps)} Beratungen)" in results
    course = matter_app.get("/vorgang", params={"number": "110/2022"}).text
    assert "Vorgang DS 110/2022" in course and "Verwaltungsausschuss" in course


PREAMBLE = ("Tagesordnung: 18. Sicherstellung der Versorgung der Vertriebenen aus der Ukraine "
            "(DS 110/2022 einschließlich 1. Ergänzung)")
TOP_18 = ("Zu Punkt 18: Abschluss einer Vereinbarung mit dem Landkreis Hildesheim (DS 110/2022 "
          "einschließlich 1. Ergänzung)")


def test_a_protocol_item_carries_only_the_numbers_it_names() -> None:
    """The first page of nordstemmen_rat_2022-12-20 lists DS 110/2022 in its agenda: TOP 18
    names it, TOP 19 does not and must not join the matter; a Vorlage's units all do."""
    protocol = [enrich_unit(Unit(PREAMBLE, [])), enrich_unit(Unit(TOP_18, [], "18")),
                enrich_unit(Unit("Zu Punkt 19: Anfragen", [], "19"))]
    inherit_numbers(protocol, ["DS 110/2022"])
    assert [u.doc_numbers for u in protocol] == [["DS 110/2022"], ["DS 110/2022"], []]
    vorlage = [enrich_unit(Unit("Beschlussvorschlag: Der Rat beschließt den Abschluss der "
                                "Vereinbarung.", []))]
    inherit_numbers(vorlage, ["DS 110/2022"])
    assert vorlage[0].doc_numbers == ["DS 110/2022"]


def test_the_preamble_is_no_step_when_an_item_carries_the_number() -> None:
    units: list[dict[str, Any]] = [
        {"document_id": "rat", "agenda_item": None, "text": PREAMBLE},
        {"document_id": "rat", "agenda_item": "18", "text": TOP_18},
        {"document_id": "ausschuss", "agenda_item": None, "text": PREAMBLE},
        {"document_id": "vorlage", "agenda_item": None, "text": "Beschlussvorschlag: …"},
    ]
    assert [(u["document_id"], u["agenda_item"]) for u in course(units)] == \
        [("rat", "18"), ("ausschuss", None), ("vorlage", None)]
