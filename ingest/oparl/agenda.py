"""A meeting's agenda from OParl applied to the units read from its protocol.

The protocol's segmenter finds agenda items by their numbers; the OParl agenda lists the
same numbers with names, a free-text `result` and the paper consulted. A unit keeps what its
text says: OParl only fills a missing title, and a missing outcome when `result` reads as one
of the outcome words ("zur Kenntnis genommen", "einstimmig beschlossen", "vertagt" …).
`outcome_source` says which one won.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ingest.enrich.outcome import find_outcome
from ingest.oparl.models import AgendaItem
from ratsuche.core.records import Unit

_PREFIX = re.compile(r"^(?:top|tagesordnungspunkt|ö|öffentlich|n|nö|nichtöffentlich)\b\.?\s*")


@dataclass(frozen=True)
class AgendaEntry:
    number: str
    name: str | None
    result: str | None
    doc_numbers: tuple[str, ...] = ()  # of the papers consulted under this item


def agenda_key(number: str) -> str:
    """`TOP 3.`, `Ö 3`, `3` → `3`; `1 e`, `1e)` → `1e`; `3.1.` → `3.1` (not `31`)."""
    key = _PREFIX.sub("", number.strip().lower())
    return re.sub(r"\s+", "", key).rstrip(".)")


def agenda_entries(items: list[AgendaItem],
                   references: Mapping[str, str] | None = None) -> tuple[AgendaEntry, ...]:
    """The numbered agenda items (section headers have no number and are not items), each
    with the number of the paper it consulted (`references`: by AgendaItem or Consultation
    id, see `mapping.consulted_papers`)."""
    return tuple(AgendaEntry(i.number, i.name, i.result, consulted(i, references or {}))
                 for i in items if i.number)


def consulted(item: AgendaItem, references: Mapping[str, str]) -> tuple[str, ...]:
    """The document number of the paper consulted under `item`, if a paper names it."""
    number = references.get(item.id) or references.get(item.consultation or "")
    return (number,) if number else ()


def apply_agenda(units: list[Unit], agenda: tuple[AgendaEntry, ...]) -> None:
    """Fill titles and outcomes of the units from the matching agenda items, and give each
    unit the numbers of the papers its item consulted, so the matter links it (in place)."""
    by_key = {agenda_key(e.number): e for e in agenda}
    for unit in units:
        entry = by_key.get(agenda_key(unit.agenda_item)) if unit.agenda_item else None
        if entry is None:
            continue
        unit.title = unit.title or entry.name
        unit.doc_numbers = list(dict.fromkeys([*unit.doc_numbers, *entry.doc_numbers]))
        if unit.outcome:
            unit.outcome_source = "text"
        elif entry.result and (outcome := find_outcome(entry.result)):
            unit.outcome, unit.outcome_source = outcome, "oparl"
