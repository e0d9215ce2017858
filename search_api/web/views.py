"""View models of the web page: facet links, filter chips, pagination, filter choices,
result entries and engine messages, computed from the form and the API's response."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ratsuche.backends.base import Backend
from ratsuche.core.errors import NotFound, StoreUnavailable
from ratsuche.core.fields import FACET_FIELDS, FacetValue
from search_api.matters import matter_sizes
from search_api.schemas import Result
from search_api.web.format import OUTCOME_LABELS, german_date, natural_key, outcome_label
from search_api.web.forms import (
    FILTER_LABELS,
    MAX_PAGE,
    PAGE_SIZE,
    SearchForm,
    parse_date,
)

# A unit citing dozens of paragraphs (a Geschäftsordnung's own text) shows this many, then
# "n weitere".
CITATIONS_SHOWN = 5


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    active: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    links: list[FacetLink]


@dataclass
class Chip:
    label: str
    remove_url: str


def facet_groups(form: SearchForm, facets: Mapping[str, list[FacetValue]]) -> list[FacetGroup]:
    """Each facet value as a link that adds its filter (or removes it when active)."""
    groups = []
    for entry in FACET_FIELDS:
        name, label, param = entry.name, entry.label, entry.name if entry.filterable else None
        links = []
        for value in facets.get(name, []):
            if param is None:  # year: a date range over that year
                start, end = f"{value.value}-01-01", f"{value.value}-12-31"
                active = (form.filters.get("date_from") == start
                          and form.filters.get("date_to") == end)
                url = (form.url(date_from=None, date_to=None) if active
                       else form.url(date_from=start, date_to=end))
                text = value.value
            else:
                active = form.filters.get(param) == value.value
                url = form.url(**{param: None if active else value.value})
                text = outcome_label(value.value) if param == "outcome" else value.value
            links.append(FacetLink(text, value.count, url, active))
        if links:
            groups.append(FacetGroup(name, label, links))
    return groups


def active_chips(form: SearchForm) -> list[Chip]:
    chips = []
    for name, label in FILTER_LABELS.items():
        if name in form.filters:
            value = form.filters[name]
            shown = outcome_label(value) if name == "outcome" else value
            chips.append(Chip(f"{label}: {shown}", form.url(**{name: None})))
    start, end = form.filters.get("date_from"), form.filters.get("date_to")
    if start or end:
        if start and end:
            span = f"{_german_or_raw(start)} – {_german_or_raw(end)}"
        elif start:
            span = f"ab {_german_or_raw(start)}"
        else:
            span = f"bis {_german_or_raw(end)}"
        chips.append(Chip(f"Zeitraum: {span}", form.url(date_from=None, date_to=None)))
    return chips


def _german_or_raw(value: str | None) -> str:
    parsed = parse_date(value or "")
    return german_date(parsed) if parsed else (value or "")


def pagination(form: SearchForm, total: int) -> dict[str, Any] | None:
    """Links for a window of pages around the current one, with first and last."""
    last = min(MAX_PAGE, max(1, -(-total // PAGE_SIZE)))
    if last <= 1 and form.page == 1:
        return None
    current = form.page
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    items: list[dict[str, Any]] = []
    previous = 0
    for number in numbers:
        if number - previous > 1:
            items.append({"gap": True})
        items.append({"number": number, "url": form.url(page=str(number)),
                      "current": number == current})
        previous = number
    return {
        "items": items,
        "previous": form.url(page=str(current - 1)) if current > 1 else None,
        "next": form.url(page=str(current + 1)) if current < last else None,
        "last": last,
    }


def filter_options(
    form: SearchForm, facets: Mapping[str, list[FacetValue]]
) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for each filter select: the index's values, the chosen one kept."""
    options: dict[str, list[tuple[str, str]]] = {}
    for param in FILTER_LABELS:
        values = [v.value for v in facets.get(param, [])]
        if param == "outcome":
            values = [*OUTCOME_LABELS, *(v for v in values if v not in OUTCOME_LABELS)]
        else:
            values = sorted(values, key=natural_key)
        chosen = form.filters.get(param)
        if chosen and chosen not in values:
            values.insert(0, chosen)
        options[param] = [(v, outcome_label(v) if param == "outcome" else v) for v in values]
    return options


def engine_message(exc: StoreUnavailable | NotFound) -> str:
    if isinstance(exc, NotFound):
        return ("Es gibt noch keinen Suchindex: die Dokumente werden vermutlich gerade "
                "eingelesen. Bitte versuchen Sie es später noch einmal.")
    return ("Die Suchmaschine ist gerade nicht erreichbar oder konnte die Anfrage nicht "
            "beantworten. Bitte versuchen Sie es in einigen Minuten noch einmal.")


@dataclass
class ResultEntry:
    """One unit as the page lists it: its first passage in full, the further pages where it
    matched folded into one line ("3 weitere Fundstellen: S. 4, 5, 7"), so a long unit does
    not push other results down the page."""

    result: Result
    further: list[Result]


def result_entries(results: list[Result]) -> list[ResultEntry]:
    """The results in the API's order, one entry per unit at the place of its best passage."""
    entries: dict[str, ResultEntry] = {}
    for result in results:
        if result.id in entries:
            entries[result.id].further.append(result)
        else:
            entries[result.id] = ResultEntry(result, [])
    return list(entries.values())


def feed_url(form: SearchForm) -> str:
    """The Atom feed of this search (`/feed` takes the parameters of the page)."""
    return "/feed" + form.url(page=None).removeprefix("/")


def matter_links(backend: Backend, results: list[Result]) -> dict[str, tuple[str, int]]:
    """For each result that belongs to a matter of more than one entry: its number and size
    ("Teil eines Vorgangs (n Beratungen)"); the first such number of the unit."""
    sizes = matter_sizes(backend, [n for r in results for n in r.doc_numbers])
    links = {}
    for result in results:
        number = next((n for n in result.doc_numbers if sizes[n] > 1), None)
        if number:
            links[result.id] = (number, sizes[number])
    return links
