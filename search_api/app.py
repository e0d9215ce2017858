"""The HTTP layer: FastAPI routes over the search service. OpenAPI docs at /docs."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, TransportError

from ratsuche.embedding import Embedder, get_embedder
from ratsuche.engine import alias_targets, get_client, health
from ratsuche.settings import Settings, get_settings
from search_api import admin, records, web
from search_api.schemas import (
    DocumentDetail,
    DocumentSummary,
    Filters,
    HealthReport,
    Mode,
    ResolutionDetail,
    SearchRequest,
    SearchResponse,
    Sort,
)
from search_api.search import search

app = FastAPI(
    title="Ratsuche",
    description="Search German council protocols: resolutions, agenda items, citations.",
    version="0.1.0",
)
app.include_router(web.router)
app.include_router(admin.router)
app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")

SettingsDep = Annotated[Settings, Depends(get_settings)]
ClientDep = Annotated[OpenSearch, Depends(get_client)]


@app.exception_handler(OSConnectionError)
@app.exception_handler(ConnectionTimeout)
async def engine_unreachable(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        status_code=503,
        content={"detail": "Die Suchmaschine ist nicht erreichbar (search engine unreachable)."},
    )


@app.exception_handler(TransportError)
async def engine_error(request: Request, exc: TransportError) -> JSONResponse:
    if isinstance(exc, NotFoundError):
        return JSONResponse(status_code=404, content={"detail": "not found"})
    return JSONResponse(
        status_code=503,
        content={"detail": f"The search engine could not answer (HTTP {exc.status_code})."},
    )


def search_request(
    q: Annotated[str, Query(max_length=1000, description="Query text; empty browses")] = "",
    mode: Mode = Mode.hybrid,
    body: str | None = None,
    kind: str | None = None,
    outcome: str | None = None,
    faction: str | None = None,
    citation: str | None = None,
    municipality: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 10,
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


@app.get("/search", response_model=SearchResponse)
def search_endpoint(
    request: Annotated[SearchRequest, Depends(search_request)],
    client: ClientDep,
    settings: SettingsDep,
    embedder: Annotated[Embedder, Depends(embedder_dep)],
) -> SearchResponse:
    """Keyword, semantic or hybrid search across resolutions, with filters and facets."""
    return search(client, settings.index_alias, embedder, request, settings)


@app.get("/resolutions/{unit_id}", response_model=ResolutionDetail)
def resolution(unit_id: str, client: ClientDep, settings: SettingsDep) -> ResolutionDetail:
    """The full text of one unit with its metadata and pages."""
    return records.get_unit(client, settings.index_alias, unit_id)


@app.get("/resolutions/{unit_id}/similar", response_model=SearchResponse)
def similar(
    unit_id: str,
    client: ClientDep,
    settings: SettingsDep,
    size: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchResponse:
    """The nearest decisions by meaning, from other documents."""
    return records.similar_units(client, settings.index_alias, unit_id, size)


@app.get("/documents", response_model=list[DocumentSummary])
def documents(client: ClientDep, settings: SettingsDep) -> list[DocumentSummary]:
    """All complete documents in the index."""
    return records.list_document_summaries(client, settings.index_alias)


@app.get("/documents/{document_id}", response_model=DocumentDetail)
def document(document_id: str, client: ClientDep, settings: SettingsDep) -> DocumentDetail:
    """One document with its units in order."""
    return records.get_document(client, settings.index_alias, document_id)


@app.get("/documents/{document_id}/pdf", response_class=FileResponse)
def document_file(document_id: str, client: ClientDep, settings: SettingsDep) -> FileResponse:
    """The original file, so that `#page=N` opens the page in a browser."""
    source = records.document_source(client, settings.index_alias, document_id)
    path = Path(source["source_path"])
    if not path.is_file():
        raise HTTPException(404, detail="the original file is no longer available")
    media = "application/pdf" if path.suffix.lower() == ".pdf" else "text/plain; charset=utf-8"
    return FileResponse(path, media_type=media, filename=path.name,
                        content_disposition_type="inline")


@app.get("/health", response_model=HealthReport)
def health_endpoint(client: ClientDep, settings: SettingsDep) -> Any:
    """Engine reachable, index version behind the alias, number of documents."""
    state = health(client)
    if not state.reachable:
        report = HealthReport(status="unavailable", engine_reachable=False, engine_version=None,
                              index=None, documents=None, message=state.message)
        return JSONResponse(status_code=503, content=report.model_dump())
    targets = alias_targets(client, settings.index_alias)
    count = records.count_documents(client, settings.index_alias) if targets else 0
    return HealthReport(status="ok" if targets else "no index", engine_reachable=True,
                        engine_version=state.version, index=targets[0] if targets else None,
                        documents=count)
