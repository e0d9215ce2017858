"""The web page: a server-rendered German search UI (Jinja2) over the JSON API's code path.

`GET /` parses the form parameters, builds the same `SearchRequest` the JSON API builds and
calls the same `search()`; `GET /beschluss/{id}` reads a unit, its document and similar units
through `search_api.records`. Engine failures and invalid parameters render German HTML pages
(503, 404, 422) instead of the JSON error bodies of the API.
"""

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape, unescape
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, TransportError
from pydantic import ValidationError

from ratsuche.backends import get_backend
from ratsuche.backends.base import Backend, EngineUnavailable
from ratsuche.embedding import Embedder, get_embedder
from ratsuche.settings import Settings, get_settings
from search_api import records
from search_api.query import parse_query
from search_api.schemas import (
    FacetValue,
    Filters,
    Mode,
    ResolutionDetail,
    Result,
    SearchRequest,
    Sort,
)
from search_api.search import search

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)

PAGE_SIZE = 10
MAX_PAGE = 1000
MAX_QUERY_CHARS = 1000
MAX_FILTER_CHARS = 300
SIMILAR_COUNT = 5
FACET_VISIBLE = 8

MODE_LABELS = {Mode.hybrid: "Alle Treffer", Mode.keyword: "Stichwort", Mode.semantic: "Bedeutung"}
MODE_HINTS = {
    Mode.hybrid: "Wortlaut und Bedeutung kombiniert",
    Mode.keyword: "genau diese Wörter",
    Mode.semantic: "ähnliche Bedeutung, auch mit anderen Worten",
}
SORT_LABELS = {Sort.relevance: "Relevanz", Sort.date_desc: "neueste zuerst",
               Sort.date_asc: "älteste zuerst"}
OUTCOME_LABELS = {
    "einstimmig": "einstimmig beschlossen",
    "mehrheitlich": "mehrheitlich beschlossen",
    "abgelehnt": "abgelehnt",
    "vertagt": "vertagt",
    "zur_kenntnis": "zur Kenntnis genommen",
    "erledigt": "erledigt (ohne Abstimmung)",
}
# Filter parameters (the names of /search) with their German labels, in form order.
FILTER_LABELS = {
    "body": "Gremium",
    "outcome": "Ergebnis",
    "faction": "Fraktion",
    "citation": "Rechtsgrundlage",
    "kind": "Dokumentart",
    "municipality": "Kommune",
}
DATE_PARAMS = {"date_from": "Zeitraum von", "date_to": "Zeitraum bis"}
# Facets of the response, in sidebar order: (facet name, label, filter parameter).
FACETS = [
    ("body", "Gremium", "body"),
    ("year", "Jahr", None),
    ("outcome", "Ergebnis", "outcome"),
    ("faction", "Fraktion", "faction"),
    ("citation", "Rechtsgrundlage", "citation"),
    ("kind", "Dokumentart", "kind"),
    ("municipality", "Kommune", "municipality"),
]
PARAM_ORDER = ("q", "mode", *FILTER_LABELS, *DATE_PARAMS, "sort", "page")


# --- formatting helpers (also Jinja filters) ---------------------------------------------

_MARK_TAG = re.compile(r"(</?mark>)")
_LEADING_PUNCTUATION = re.compile(r"^[\s.,;:)\]]+")


def safe_snippet(snippet: str) -> Markup:
    """An engine snippet as safe HTML: text escaped, only balanced <mark> tags kept.

    The engine returns HTML-escaped text with `<mark>`/`</mark>` around matches. Everything
    between those exact tags is unescaped and escaped again (so entities stay as they are and
    any stray `<`, `>`, `&` or quote becomes an entity); unbalanced tags are dropped or closed.
    The result therefore contains no tag other than `<mark>` and `</mark>`.
    """
    parts: list[str] = []
    inside = False
    snippet = _LEADING_PUNCTUATION.sub("", snippet)  # fragments may start mid-sentence: ". § 5"
    for piece in _MARK_TAG.split(snippet):
        if piece == "<mark>":
            if not inside:
                parts.append(piece)
                inside = True
        elif piece == "</mark>":
            if inside:
                parts.append(piece)
                inside = False
        else:
            parts.append(escape(unescape(piece), quote=True))
    if inside:
        parts.append("</mark>")
    html = "".join(parts)
    if "<" in _MARK_TAG.sub("", html) or ">" in _MARK_TAG.sub("", html):
        # Cannot happen by construction; if it ever did, show plain escaped text.
        return Markup(escape(unescape(_MARK_TAG.sub("", snippet))))
    return Markup(html)


def natural_key(text: str) -> list[Any]:
    """Sort key that orders "BauGB §2" before "BauGB §10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in re.split(r"(\d+)", text) if part]


def german_date(value: date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


def german_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a unit's text (blank-line separated), reflowed for the screen.

    A line about as long as the longest line of the text ran to the page margin: it was
    wrapped by the PDF layout and joins the next line, unless it ends a sentence. Shorter lines
    (headings, "(DS 80/2021)", the last line of a paragraph) keep their break.
    """
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]
    widest = max((len(line.rstrip()) for line in text.splitlines()), default=0)
    result = []
    for block in blocks:
        lines = [line.rstrip() for line in block.split("\n")]
        out = lines[0]
        for previous, line in pairwise(lines):
            soft = (widest >= 50 and len(previous) >= 0.7 * widest
                    and not previous.endswith((".", "!", "?", ":", ";")))
            if soft and previous.endswith("-") and line[:1].islower():
                out = out[:-1] + line.lstrip()  # a hyphenated word split at the margin
            else:
                out += (" " if soft else "\n") + (line.lstrip() if soft else line)
        result.append(out)
    return result


def page_of(url: str, fallback: int) -> int:
    """The page number of a `...#page=N` link."""
    match = re.search(r"#page=(\d+)$", url)
    return int(match.group(1)) if match else fallback


def original_link_label(file: str, page: int) -> str:
    if file.lower().endswith(".pdf"):
        return f"PDF öffnen (Seite {page})"
    return "Originaltext öffnen"


def votes_text(votes: Any) -> str:
    """ "Ja 49 · Nein 1 · Enthaltung 0" for the known counts; empty when none is known."""
    parts = [f"{label} {value}" for label, value in
             (("Ja", votes.yes), ("Nein", votes.no), ("Enthaltung", votes.abstain))
             if value is not None]
    return " · ".join(parts)


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome or "", (outcome or "").replace("_", " "))


templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
templates.env.filters.update(
    snippet=safe_snippet, de_date=german_date, de_int=german_int, paragraphs=paragraphs,
    outcome_label=outcome_label, votes_text=votes_text,
)
templates.env.globals.update(
    MODE_LABELS=MODE_LABELS, MODE_HINTS=MODE_HINTS, SORT_LABELS=SORT_LABELS,
    OUTCOME_LABELS=OUTCOME_LABELS, FILTER_LABELS=FILTER_LABELS, page_of=page_of,
    original_link_label=original_link_label, PAGE_SIZE=PAGE_SIZE,
)


# --- the form: URL parameters <-> SearchRequest -------------------------------------------


@dataclass
class SearchForm:
    """The search page's state as it appears in the URL (raw values, for redisplay)."""

    q: str = ""
    mode: str = Mode.hybrid.value
    sort: str = Sort.relevance.value
    page: int = 1
    filters: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def params(self) -> dict[str, str]:
        values = {"q": self.q, "mode": self.mode, "sort": self.sort, "page": str(self.page),
                  **self.filters}
        return {k: values[k] for k in PARAM_ORDER if values.get(k)}

    def url(self, **changes: str | None) -> str:
        """This search with some parameters changed (None removes); back to page 1 unless
        `page` is given. Default values are left out, so links stay short and shareable."""
        params = self.params()
        if "page" not in changes:
            params.pop("page", None)
        for name, value in changes.items():
            if value:
                params[name] = value
            else:
                params.pop(name, None)
        if params.get("mode") == Mode.hybrid.value or not params.get("q"):
            params.pop("mode", None)
        if params.get("sort") == Sort.relevance.value:
            params.pop("sort", None)
        if params.get("page") == "1":
            params.pop("page", None)
        ordered = [(k, params[k]) for k in PARAM_ORDER if k in params]
        return "/?" + urlencode(ordered) if ordered else "/"

    def without_filters(self) -> str:
        return self.url(**{name: None for name in (*FILTER_LABELS, *DATE_PARAMS)})

    @property
    def has_filters(self) -> bool:
        return bool(self.filters)

    @property
    def is_front_page(self) -> bool:
        return not self.q.strip() and not self.filters and not self.errors


def _parse_date(raw: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def parse_form(params: Mapping[str, str]) -> tuple[SearchForm, SearchRequest | None]:
    """The form parameters as a SearchRequest, or None with German messages in form.errors.

    Empty fields (as an HTML form sends them) count as absent; dates may be ISO (from a date
    input) or German (TT.MM.JJJJ).
    """
    form = SearchForm()
    errors = form.errors
    form.q = params.get("q", "").strip()
    if len(form.q) > MAX_QUERY_CHARS:
        errors.append(f"Der Suchbegriff ist zu lang (höchstens {MAX_QUERY_CHARS} Zeichen).")
    raw_mode = params.get("mode", "").strip() or Mode.hybrid.value
    form.mode = raw_mode
    if raw_mode not in {m.value for m in Mode}:
        errors.append(f"Unbekannte Suchart „{raw_mode}“: bitte „Alle Treffer“, „Stichwort“ "
                      "oder „Bedeutung“ wählen.")
        form.mode = Mode.hybrid.value
    raw_sort = params.get("sort", "").strip() or Sort.relevance.value
    form.sort = raw_sort
    if raw_sort not in {s.value for s in Sort}:
        errors.append(f"Unbekannte Sortierung „{raw_sort}“.")
        form.sort = Sort.relevance.value
    raw_page = params.get("page", "").strip() or "1"
    if raw_page.isdigit() and 1 <= int(raw_page) <= MAX_PAGE:
        form.page = int(raw_page)
    else:
        errors.append(f"Ungültige Seitenzahl „{raw_page}“ (erlaubt: 1 bis {MAX_PAGE}).")
    for name, label in FILTER_LABELS.items():
        value = params.get(name, "").strip()
        if len(value) > MAX_FILTER_CHARS:
            errors.append(f"Der Filter „{label}“ ist zu lang.")
        elif value:
            form.filters[name] = value
    dates: dict[str, date] = {}
    for name, label in DATE_PARAMS.items():
        value = params.get(name, "").strip()
        if not value:
            continue
        parsed = _parse_date(value)
        if parsed is None:
            errors.append(f"„{label}“: „{value}“ ist kein gültiges Datum (TT.MM.JJJJ).")
            form.filters[name] = value
        else:
            dates[name] = parsed
            form.filters[name] = parsed.isoformat()
    if "date_from" in dates and "date_to" in dates and dates["date_from"] > dates["date_to"]:
        errors.append("Der Zeitraum ist ungültig: das Anfangsdatum liegt nach dem Enddatum.")
    if errors:
        return form, None
    try:
        request = SearchRequest(
            q=form.q, mode=Mode(form.mode), sort=Sort(form.sort), page=form.page,
            size=PAGE_SIZE,
            filters=Filters(**{k: v for k, v in form.filters.items() if k in FILTER_LABELS},
                            date_from=dates.get("date_from"), date_to=dates.get("date_to")),
        )
    except ValidationError:
        errors.append("Die Suchanfrage enthält ungültige Angaben.")
        return form, None
    return form, request


# --- view models ----------------------------------------------------------------------


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
    for name, label, param in FACETS:
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
    parsed = _parse_date(value or "")
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
    facet_of = {param: name for name, _, param in FACETS if param}
    for param in FILTER_LABELS:
        values = [v.value for v in facets.get(facet_of[param], [])]
        if param == "outcome":
            values = [*OUTCOME_LABELS, *(v for v in values if v not in OUTCOME_LABELS)]
        else:
            values = sorted(values, key=natural_key)
        chosen = form.filters.get(param)
        if chosen and chosen not in values:
            values.insert(0, chosen)
        options[param] = [(v, outcome_label(v) if param == "outcome" else v) for v in values]
    return options


# --- engine errors --------------------------------------------------------------------


def engine_message(exc: Exception) -> str:
    if isinstance(exc, OSConnectionError | ConnectionTimeout):
        return ("Die Suchmaschine ist gerade nicht erreichbar. Bitte versuchen Sie es in "
                "einigen Minuten noch einmal.")
    if isinstance(exc, NotFoundError):
        return ("Es gibt noch keinen Suchindex: die Dokumente werden vermutlich gerade "
                "eingelesen. Bitte versuchen Sie es später noch einmal.")
    return ("Die Suchmaschine konnte die Anfrage gerade nicht beantworten. Bitte versuchen "
            "Sie es in einigen Minuten noch einmal.")


# --- routes -----------------------------------------------------------------------------


def embedder_loader() -> Callable[[], Embedder]:
    """How to get the embedding model; called only when a query needs a vector."""
    return get_embedder


class _LazyEmbedder(Embedder):
    """Stands in for the Embedder and loads the model on the first query vector: browsing and
    keyword searches never need it, so the front page does not wait for the model."""

    def __init__(self, load: Callable[[], Embedder]) -> None:  # no model loaded here
        self._load = load

    def encode_query(self, text: str) -> Any:
        return self._load().encode_query(text)


SettingsDep = Annotated[Settings, Depends(get_settings)]
BackendDep = Annotated[Backend, Depends(get_backend)]
EmbedderLoaderDep = Annotated[Callable[[], Embedder], Depends(embedder_loader)]


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request, backend: BackendDep, settings: SettingsDep, load_embedder: EmbedderLoaderDep
) -> HTMLResponse:
    """The search page: form, facets, results; the front page shows the newest decisions."""
    form, search_request = parse_form(request.query_params)
    context: dict[str, Any] = {
        "form": form, "response": None, "facets": [], "chips": active_chips(form),
        "options": filter_options(form, {}), "pages": None, "engine_error": None,
        "has_query": not parse_query(form.q).is_empty,
    }
    if search_request is None:
        return templates.TemplateResponse(request, "search.html", context, status_code=422)
    embedder = _LazyEmbedder(load_embedder)
    try:
        response = search(backend, embedder, search_request, settings)
        if form.is_front_page:
            everything = response
        else:  # the filter choices list every value of the index, not only the current hits
            everything = search(backend, embedder, SearchRequest(q="", size=1), settings)
    except (TransportError, EngineUnavailable) as exc:
        logger.warning("search page: engine error %r", exc)
        context["engine_error"] = engine_message(exc)
        return templates.TemplateResponse(request, "search.html", context, status_code=503)
    context.update(
        response=response,
        facets=facet_groups(form, response.facets),
        options=filter_options(form, everything.facets),
        pages=pagination(form, response.total),
    )
    return templates.TemplateResponse(request, "search.html", context)


@router.get("/beschluss/{unit_id}", response_class=HTMLResponse)
def resolution_page(
    request: Request, unit_id: str, backend: BackendDep
) -> HTMLResponse:
    """One resolution: full text, metadata, the document's other items, similar decisions."""
    try:
        unit = records.get_unit(backend, unit_id)
        document = records.get_document(backend, unit.document_id)
        try:
            similar: list[Result] = records.similar_units(backend, unit_id, SIMILAR_COUNT).results
        except HTTPException:  # a unit without vector has no neighbours
            similar = []
    except HTTPException as exc:
        if exc.status_code != 404:
            raise
        return error_page(request, 404, "Beschluss nicht gefunden",
                          "Diesen Beschluss gibt es nicht (mehr). Vielleicht wurde das "
                          "Dokument neu eingelesen; bitte suchen Sie ihn erneut.")
    except (TransportError, EngineUnavailable) as exc:
        logger.warning("resolution page: engine error %r", exc)
        return error_page(request, 503, "Suche nicht erreichbar", engine_message(exc))
    siblings: list[ResolutionDetail] = [u for u in document.units if u.title or u.id == unit.id]
    return templates.TemplateResponse(request, "resolution.html", {
        "unit": unit, "document": document, "siblings": siblings, "similar": similar,
    })


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {
        "title": title, "message": message, "status": status,
    }, status_code=status)
