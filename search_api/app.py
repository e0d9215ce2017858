"""The HTTP layer: FastAPI routes over the search service. OpenAPI docs at /docs."""

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, TransportError
from pydantic import BeforeValidator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from ingest.oparl.state import last_syncs
from ratsuche.backends import get_backend
from ratsuche.backends.base import Backend, EngineUnavailable
from ratsuche.embedding import Embedder, get_embedder
from ratsuche.settings import Settings, get_settings
from search_api import admin, records, web
from search_api.schemas import (
    MAX_PAGE_SIZE,
    MAX_RESULTS,
    DocumentDetail,
    DocumentSummary,
    Filters,
    HealthReport,
    Mode,
    ResolutionDetail,
    SearchRequest,
    SearchResponse,
    Sort,
    error_responses,
)
from search_api.search import search

# FastAPIOffline serves the assets of /docs and /redoc itself: FastAPI's default pages load
# them from a CDN and stay blank on an offline machine.
app = FastAPIOffline(
    title="Ratsuche",
    description="Search German council protocols: resolutions, agenda items, citations.",
    version="0.1.0",
    responses=error_responses(503),
)
if get_settings().cors_origins:
    app.add_middleware(
        CORSMiddleware, allow_origins=get_settings().cors_origins, allow_methods=["GET"],
    )
app.include_router(web.router)
app.include_router(admin.router)
app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")

SettingsDep = Annotated[Settings, Depends(get_settings)]
BackendDep = Annotated[Backend, Depends(get_backend)]


@app.exception_handler(OSConnectionError)
@app.exception_handler(ConnectionTimeout)
@app.exception_handler(EngineUnavailable)
async def engine_unreachable(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        status_code=503,
        content={"detail": "Die Suchmaschine ist nicht erreichbar (search engine unreachable)."},
    )


def allowed_methods(path: str) -> list[str]:
    """Every method the OpenAPI schema documents for a path (one path can be served by
    several routers, e.g. GET and DELETE /documents/{id})."""
    return sorted({
        method.upper()
        for template, operations in app.openapi()["paths"].items()
        if compile_path(template)[0].match(path)
        for method in operations
    })


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """As FastAPI's, but a 405 lists all methods of the path in `Allow`."""
    if exc.status_code == 405:
        exc.headers = {**(exc.headers or {}), "Allow": ", ".join(allowed_methods(request.url.path))}
    return await http_exception_handler(request, exc)


@app.exception_handler(TransportError)
async def engine_error(request: Request, exc: TransportError) -> JSONResponse:
    if isinstance(exc, NotFoundError):
        return JSONResponse(status_code=404, content={"detail": "not found"})
    return JSONResponse(
        status_code=503,
        content={"detail": f"The search engine could not answer (HTTP {exc.status_code})."},
    )


def _iso_date_only(value: object) -> object:
    """Dates as YYYY-MM-DD only (pydantic would also take 0 as 1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def search_request(
    q: Annotated[str, Query(max_length=1000, description="Query text; empty browses")] = "",
    mode: Mode = Mode.hybrid,
    body: str | None = None,
    kind: str | None = None,
    outcome: str | None = None,
    faction: str | None = None,
    citation: str | None = None,
    municipality: str | None = None,
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_RESULTS // MAX_PAGE_SIZE)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 10,
    sort: Sort = Sort.relevance,
    explain: bool = False,
) -> SearchRequest:
    """Query parameters of /search (shared with the web page)."""
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, detail=[{"loc": ["query", "date_from"],
                                          "msg": "date_from must not be after date_to",
                                          "type": "value_error"}])
    filters = Filters(body=body, kind=kind, outcome=outcome, faction=faction,
                      citation=citation, municipality=municipality,
                      date_from=date_from, date_to=date_to)
    return SearchRequest(q=q, mode=mode, filters=filters, page=page, size=size, sort=sort,
                         explain=explain)


def embedder_dep() -> Embedder:
    return get_embedder()


@app.get("/search", response_model=SearchResponse, responses=error_responses(422))
def search_endpoint(
    request: Annotated[SearchRequest, Depends(search_request)],
    backend: BackendDep,
    settings: SettingsDep,
    embedder: Annotated[Embedder, Depends(embedder_dep)],
) -> SearchResponse:
    """Keyword, semantic or hybrid search across resolutions, with filters and facets."""
    return search(backend, embedder, request, settings)


@app.get("/resolutions/{unit_id}", response_model=ResolutionDetail,
         responses=error_responses(404))
def resolution(unit_id: str, backend: BackendDep) -> ResolutionDetail:
    """The full text of one unit with its metadata and pages."""
    return records.get_unit(backend, unit_id)


@app.get("/resolutions/{unit_id}/similar", response_model=SearchResponse,
         responses=error_responses(404, 422))
def similar(
    unit_id: str,
    backend: BackendDep,
    size: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchResponse:
    """The nearest decisions by meaning, from other documents."""
    return records.similar_units(backend, unit_id, size)


@app.get("/documents", response_model=list[DocumentSummary])
def documents(backend: BackendDep) -> list[DocumentSummary]:
    """All complete documents in the index."""
    return records.list_document_summaries(backend)


@app.get("/documents/{document_id}", response_model=DocumentDetail,
         responses=error_responses(404))
def document(document_id: str, backend: BackendDep) -> DocumentDetail:
    """One document with its units in order."""
    return records.get_document(backend, document_id)


@app.get("/documents/{document_id}/pdf", response_class=FileResponse,
         responses={200: {"content": {"application/pdf": {}, "text/plain": {}},
                          "description": "the original file"}, **error_responses(404)})
def document_file(document_id: str, backend: BackendDep) -> FileResponse:
    """The original file, so that `#page=N` opens the page in a browser."""
    source = records.document_source(backend, document_id)
    path = Path(source["source_path"])
    if not path.is_file():
        raise HTTPException(404, detail="the original file is no longer available")
    media = "application/pdf" if path.suffix.lower() == ".pdf" else "text/plain; charset=utf-8"
    return FileResponse(path, media_type=media, filename=path.name,
                        content_disposition_type="inline")


@app.get("/health", response_model=HealthReport)
def health_endpoint(backend: BackendDep, settings: SettingsDep) -> Any:
    """Engine reachable, index version behind the alias, number of documents, the last sync
    of each OParl source."""
    state = backend.health()
    if not state.reachable:
        report = HealthReport(status="unavailable", engine_reachable=False, engine_version=None,
                              index=None, documents=None, message=state.message)
        return JSONResponse(status_code=503, content=report.model_dump())
    index = backend.index_name()
    count = backend.count_documents() if index else 0
    return HealthReport(status="ok" if index else "no index", engine_reachable=True,
                        engine_version=state.version, index=index, documents=count,
                        sources=last_syncs(settings))
