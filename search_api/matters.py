"""Matters (Vorgänge): the units and documents that carry one document number (Drucksache,
DS, Vorlage …) are one matter; its course is their list by date, from the Vorlage through
the bodies that advised and decided."""

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


def matter(backend: Backend, number: str) -> Matter:
    """The course of the matter with this number (any spelling), oldest first."""
    canonical = normalize_number(number)
    if canonical is None:
        return Matter(number=number, steps=[])
    page = backend.browse_units(Filters(values={"number": canonical}), Sort.date_asc, 0,
                                MAX_STEPS)
    steps = [MatterStep(kind=step_kind(result), result=result) for result in
             (to_result(Hit(u["unit_id"], 0.0, u), 0.0, None) for u in page.units)]
    return Matter(number=canonical, steps=steps)


def matter_sizes(backend: Backend, numbers: list[str]) -> dict[str, int]:
    """How many units carry each number (one count per number)."""
    return {number: backend.browse_units(Filters(values={"number": number}), Sort.date_asc,
                                         0, 1).total
            for number in dict.fromkeys(numbers)}
