"""The one table of metadata fields that search can filter on and count.

Each entry drives the request filters (API and web page), both stores' translation of
them, the facets and the web page's labels. Adding a field: one entry here, its mapping in
`index_config/index.json`, and its extraction in `ingest/`.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Field:
    """A unit metadata field as search sees it."""

    name: str  # the request parameter and facet name
    stored: str  # the field of the stored records
    label: str  # German, for the web page
    multi: bool = False  # a list of values per record
    filterable: bool = True  # a request parameter of its own (else only a facet)
    facet: bool = True  # counted in search responses


FIELDS: tuple[Field, ...] = (
    Field("body", "body", "Gremium"),
    Field("year", "year", "Jahr", filterable=False),  # filtered as a date range
    Field("outcome", "outcome", "Ergebnis"),
    Field("faction", "factions", "Fraktion", multi=True),
    Field("citation", "citations", "Rechtsgrundlage", multi=True),
    Field("kind", "kind", "Dokumentart"),
    Field("municipality", "municipality", "Kommune"),
    # the matter (Vorgang): units carrying one document number; a filter, never a facet
    Field("number", "doc_numbers", "Drucksache", multi=True, facet=False),
)
# Not a filter: the cited paragraphs found on a chunk's own pages, while `citations` are its
# whole unit's. Ranking puts the pages that cite a queried paragraph first.
PAGE_CITATIONS = "page_citations"
# Neither filter nor ranking: on a unit, the pages printing each of its citations (the record
# view links them); stored, not indexed.
CITATION_PAGES = "citation_pages"
FIELD_BY_NAME = {f.name: f for f in FIELDS}
FILTER_FIELDS = tuple(f for f in FIELDS if f.filterable)
FACET_FIELDS = tuple(f for f in FIELDS if f.facet)
FACET_SIZE = 30  # values per facet


class FacetValue(BaseModel):
    value: str
    count: int


Facets = dict[str, list[FacetValue]]  # facet name -> values, most frequent first


def count_facets(units: Iterable[Mapping[str, Any]]) -> Facets:
    """Value counts of every facet over records of distinct units, most frequent first, ties
    by value, at most FACET_SIZE values: what the stores' aggregations over those units give,
    without asking the store again."""
    counters: dict[str, Counter[Any]] = {entry.name: Counter() for entry in FACET_FIELDS}
    for unit in units:
        for entry in FACET_FIELDS:
            value = unit.get(entry.stored)
            if entry.multi:
                counters[entry.name].update(set(value or ()))
            elif value is not None:
                counters[entry.name][value] += 1
    return {
        name: [FacetValue(value=str(value), count=count) for value, count in
               sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]]
        for name, counter in counters.items()
    }
