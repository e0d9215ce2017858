"""The web page's routes: `GET /` (search) and `GET /beschluss/{id}` (one resolution),
over the JSON API's code path (`search()`, `search_api.records`). Store failures and invalid
parameters render German HTML pages (503, 404, 422) instead of JSON error bodies."""

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ratsuche.backends.base import Backend
from ratsuche.core.errors import NotFound, StoreUnavailable
from ratsuche.core.fields import Facets
from ratsuche.core.query import Filters, Sort
from ratsuche.embedding import Embedder
from search_api import records
from search_api.dependencies import BackendDep, EmbedderLoaderDep, SettingsDep
from search_api.matters import matter
from search_api.query import parse_query
from search_api.results import pdf_url
from search_api.schemas import Result, UnitDetail
from search_api.search import search
from search_api.store_state import PerState
from search_api.web.format import (
    MODE_HINTS,
    MODE_LABELS,
    OUTCOME_LABELS,
    SORT_LABELS,
    german_date,
    german_int,
    original_link_label,
    outcome_label,
    page_of,
    paragraphs,
    safe_snippet,
    votes_text,
)
from search_api.web.forms import FILTER_LABELS, PAGE_SIZE, parse_form
from search_api.web.views import (
    CITATIONS_SHOWN,
    active_chips,
    engine_message,
    facet_groups,
    feed_url,
    filter_options,
    matter_links,
    pagination,
    result_entries,
)

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
SIMILAR_COUNT = 5

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
templates.env.filters.update(
    snippet=safe_snippet, de_date=german_date, de_int=german_int, paragraphs=paragraphs,
    outcome_label=outcome_label, votes_text=votes_text,
)
templates.env.globals.update(
    MODE_LABELS=MODE_LABELS, MODE_HINTS=MODE_HINTS, SORT_LABELS=SORT_LABELS,
    OUTCOME_LABELS=OUTCOME_LABELS, FILTER_LABELS=FILTER_LABELS, page_of=page_of,
    original_link_label=original_link_label, PAGE_SIZE=PAGE_SIZE, CITATIONS_SHOWN=CITATIONS_SHOWN,
    pdf_url=pdf_url,
)


def _all_values(backend: Backend) -> Facets:
    """The facet values of every unit in the store."""
    return backend.browse_units(Filters(), Sort.date_desc, 0, 1).facets


_index_values = PerState(_all_values)


class _LazyEmbedder(Embedder):
    """Stands in for the Embedder and loads the model on the first query vector: browsing and
    keyword searches never need it, so the front page does not wait for the model."""

    def __init__(self, load: Callable[[], Embedder]) -> None:  # no model loaded here
        self._load = load

    def encode_query(self, text: str) -> Any:
        return self._load().encode_query(text)


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request, backend: BackendDep, settings: SettingsDep, load_embedder: EmbedderLoaderDep
) -> HTMLResponse:
    """The search page: form, facets, results; the front page shows the newest decisions."""
    form, search_request = parse_form(request.query_params)
    context: dict[str, Any] = {
        "form": form, "response": None, "facets": [], "chips": active_chips(form),
        "options": filter_options(form, {}), "pages": None, "engine_error": None,
        "has_query": not parse_query(form.q).is_empty, "feed_url": feed_url(form),
    }
    if search_request is None:
        return templates.TemplateResponse(request, "search.html", context, status_code=422)
    embedder = _LazyEmbedder(load_embedder)
    try:
        response = search(backend, embedder, search_request, settings)
        # The filter choices list every value of the index, not only the current hits: read
        # once per state of the store (the front page's own facets are those values).
        choices = response.facets if form.is_front_page else _index_values.get(backend)
    except (StoreUnavailable, NotFound) as exc:  # NotFound here: no index yet
        logger.warning("search page: engine error %r", exc)
        context["engine_error"] = engine_message(exc)
        return templates.TemplateResponse(request, "search.html", context, status_code=503)
    context.update(
        response=response,
        entries=result_entries(response.results),
        uncited=response.uncited_citations,
        matter_links=matter_links(backend, response.results),
        facets=facet_groups(form, response.facets),
        options=filter_options(form, choices),
        pages=pagination(form, response.total),
    )
    return templates.TemplateResponse(request, "search.html", context)


@router.get("/beschluss/{unit_id}", response_class=HTMLResponse)
def unit_page(
    request: Request, unit_id: str, backend: BackendDep
) -> HTMLResponse:
    """One resolution: full text, metadata, the document's other items, similar decisions."""
    try:
        unit = records.get_unit(backend, unit_id)
        document = records.get_document(backend, unit.document_id)
        try:
            similar: list[Result] = records.similar_units(backend, unit_id, SIMILAR_COUNT).results
        except NotFound:  # a unit without vector has no neighbours
            similar = []
    except NotFound:
        return error_page(request, 404, "Beschluss nicht gefunden",
                          "Diesen Beschluss gibt es nicht (mehr). Vielleicht wurde das "
                          "Dokument neu eingelesen; bitte suchen Sie ihn erneut.")
    except StoreUnavailable as exc:
        logger.warning("resolution page: engine error %r", exc)
        return error_page(request, 503, "Suche nicht erreichbar", engine_message(exc))
    siblings: list[UnitDetail] = [u for u in document.units if u.title or u.id == unit.id]
    return templates.TemplateResponse(request, "resolution.html", {
        "unit": unit, "document": document, "siblings": siblings, "similar": similar,
        "matters": [m for m in (matter(backend, n) for n in unit.doc_numbers)
                    if len(m.steps) > 1],
    })


@router.get("/vorgang", response_class=HTMLResponse)
def matter_page(request: Request, backend: BackendDep, number: str = "") -> HTMLResponse:
    """The course of a matter: every unit carrying its document number, oldest first."""
    if not number.strip() or len(number) > 100:
        return error_page(request, 422, "Keine Drucksachennummer",
                          "Bitte geben Sie eine Drucksachennummer an, z. B. DS 110/2022.")
    try:
        found = matter(backend, number)
    except StoreUnavailable as exc:
        logger.warning("matter page: engine error %r", exc)
        return error_page(request, 503, "Suche nicht erreichbar", engine_message(exc))
    return templates.TemplateResponse(request, "matter.html", {"matter": found})


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {
        "title": title, "message": message, "status": status,
    }, status_code=status)
