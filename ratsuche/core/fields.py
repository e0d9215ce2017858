"""The one table of metadata fields that search can filter on and count.

Each entry drives the request filters (API and web page), both stores' translation of
them, the facets and the web page's labels. Adding a field: one entry here, its mapping in
`index_config/index.json`, and its extraction in `ingest/`.
"""

from dataclasses import dataclass

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
FIELD_BY_NAME = {f.name: f for f in FIELDS}
FILTER_FIELDS = tuple(f for f in FIELDS if f.filterable)
FACET_FIELDS = tuple(f for f in FIELDS if f.facet)
FACET_SIZE = 30  # values per facet


class FacetValue(BaseModel):
    value: str
    count: int


Facets = dict[str, list[FacetValue]]  # facet name -> values, most frequent first
