"""Matters (Vorgänge) by document number, against a real node: DS 110/2022 of Nordstemmen
(housing refugees from Ukraine) went from the Verwaltungsausschuss (Vorlage, 10.11.2022)
through a 1. Ergänzung (09.12.2022) to the Rat, which decided on 20.12.2022 (TOP 18)."""

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.run import collect_files, ingest_files
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.embedding import get_embedder
from search_api.matters import course, normalize_number

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
    assert normalize_number(spelling) == "DS 110/2022"


def test_no_number_is_no_matter() -> None:
    assert normalize_number("Flüchtlinge") is None


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


def test_a_protocol_item_is_a_step_only_when_it_names_the_number() -> None:
    """Every unit of a protocol carries the numbers of its first page; the step is the item
    that names the number (nordstemmen_rat_2022-12-20, TOP 18), not the preamble or TOP 19."""
    units: list[dict[str, Any]] = [
        {"document_id": "rat", "agenda_item": None, "text": "Tagesordnung: 18. Sicherstellung "
         "der Versorgung der Vertriebenen aus der Ukraine (DS 110/2022 einschließlich 1. "
         "Ergänzung)"},
        {"document_id": "rat", "agenda_item": "18", "text": "Zu Punkt 18: Abschluss einer "
         "Vereinbarung mit dem Landkreis Hildesheim (DS 110/2022 einschließlich 1. Ergänzung)"},
        {"document_id": "rat", "agenda_item": "19", "text": "Zu Punkt 19: Anfragen"},
        {"document_id": "vorlage", "agenda_item": None, "text": "Beschlussvorschlag: Der Rat "
         "beschließt den Abschluss der Vereinbarung."},
    ]
    assert [(u["document_id"], u["agenda_item"]) for u in course(units, "DS 110/2022")] == \
        [("rat", "18"), ("vorlage", None)]
