"""Matters (Vorgänge): the units and documents that carry one document number (Drucksache,
DS, Vorlage …) are one matter; its course is their list by date, from the Vorlage through
the bodies that advised and decided."""

from typing import Any

from ingest.enrich.numbers import find_doc_numbers
from ratsuche.backends.base import Backend, Hit
from ratsuche.core.query import Filters, Sort
from search_api.results import to_result
from search_api.schemas import Matter, MatterStep, Result

MAX_STEPS = 200
DECIDED = {"einstimmig", "mehrheitlich", "abgelehnt"}


def normalize_number(raw: str) -> str | None:
    """The canonical number of any spelling: "Drucksache Nr. 110/2022", "DS 110/2022",
    "110/2022 1. Ergänzung" -> "DS 110/2022"; a bare number is read as a Drucksache."""
    found = find_doc_numbers(raw) or find_doc_numbers(f"DS {raw.strip()}")
    return found[0] if found else None


def step_kind(result: Result) -> str:
    """Vorlage (the paper itself), Beschluss (a vote was taken) or Beratung (discussed)."""
    if "vorlage" in (result.kind or "").casefold():
        return "Vorlage"
    return "Beschluss" if result.outcome in DECIDED else "Beratung"


def course(units: list[dict[str, Any]], number: str) -> list[dict[str, Any]]:
    """The units that are steps of the matter, of those carrying its number.

    A unit carries its document's numbers too (a Vorlage's own number is on its first page
    only), so every item of a protocol whose first page lists "DS 37/2013" carries it. A step
    is a unit whose own text names the number, and of a protocol the agenda item that treats
    it, not the preamble that only lists the agenda (a unit without item number, when an item
    of the same document names the number)."""
    naming = [u for u in units if number in find_doc_numbers(str(u.get("text") or ""))
              or not _has_items(u, units)]
    with_item = {u["document_id"] for u in naming if u.get("agenda_item")}
    return [u for u in naming if u.get("agenda_item") or u["document_id"] not in with_item]


def _has_items(unit: dict[str, Any], units: list[dict[str, Any]]) -> bool:
    """Whether the unit's document is cut into agenda items (a protocol), as far as the
    units carrying the number show."""
    return bool(unit.get("agenda_item")) or any(
        other.get("agenda_item") for other in units if other["document_id"] == unit["document_id"])


def matter(backend: Backend, number: str) -> Matter:
    """The course of the matter with this number (any spelling), oldest first."""
    canonical = normalize_number(number)
    if canonical is None:
        return Matter(number=number, steps=[])
    page = backend.browse_units(Filters(values={"number": canonical}), Sort.date_asc, 0,
                                MAX_STEPS)
    steps = [MatterStep(kind=step_kind(result), result=result) for result in
             (to_result(Hit(u["unit_id"], 0.0, u), 0.0, None)
              for u in course(page.units, canonical))]
    return Matter(number=canonical, steps=steps)


def matter_sizes(backend: Backend, numbers: list[str]) -> dict[str, int]:
    """How many steps the matter of each number has."""
    return {number: len(matter(backend, number).steps) for number in dict.fromkeys(numbers)}
