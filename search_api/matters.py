"""Matters (Vorgänge): the units and documents that carry one document number (Drucksache,
DS, Vorlage …) are one matter; its course is their list by date, from the Vorlage through
the bodies that advised and decided."""

from typing import Any

from ingest.enrich.numbers import canonical_number
from ratsuche.backends.base import Backend, Hit
from ratsuche.core.query import Filters, Sort
from search_api.results import to_result
from search_api.schemas import Matter, MatterStep, Result

MAX_STEPS = 200
DECIDED = {"einstimmig", "mehrheitlich", "abgelehnt"}


def step_kind(result: Result) -> str:
    """Vorlage (the paper itself), Beschluss (a vote was taken) or Beratung (discussed)."""
    if "vorlage" in (result.kind or "").casefold():
        return "Vorlage"
    return "Beschluss" if result.outcome in DECIDED else "Beratung"


def course(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The units that are steps of the matter, of those carrying its number.

    Ingest gives a unit the numbers it names itself (or, from OParl, the paper its agenda
    item consulted); only a document not cut into agenda items (a Vorlage) passes its own
    numbers to all its units. Of a protocol the step is the agenda item that treats the
    matter, not the preamble that lists the whole agenda (a unit without item number, when
    an item of the same document carries the number)."""
    with_item = {u["document_id"] for u in units if u.get("agenda_item")}
    return [u for u in units if u.get("agenda_item") or u["document_id"] not in with_item]


def matter(backend: Backend, number: str) -> Matter:
    """The course of the matter with this number (any spelling), oldest first."""
    canonical = canonical_number(number)
    if canonical is None:
        return Matter(number=number, steps=[])
    page = backend.browse_units(Filters(values={"number": canonical}), Sort.date_asc, 0,
                                MAX_STEPS)
    steps = [MatterStep(kind=step_kind(result), result=result) for result in
             (to_result(Hit(u["unit_id"], 0.0, u), 0.0, None)
              for u in course(page.units))]
    return Matter(number=canonical, steps=steps)


def matter_sizes(backend: Backend, numbers: list[str]) -> dict[str, int]:
    """How many steps the matter of each number has."""
    return {number: len(matter(backend, number).steps) for number in dict.fromkeys(numbers)}
