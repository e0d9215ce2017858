"""The HTTP application: `create_app()` puts the routers together; `app` is the instance
that `ratsuche serve` and uvicorn run. OpenAPI docs at /docs."""

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from ratsuche.core.errors import NotFound, StoreUnavailable
from ratsuche.settings import get_settings
from search_api.routers import (
    admin,
    documents,
    feed,
    health,
    matters,
    resolutions,
    search,
    suggest,
)
from search_api.schemas import error_responses
from search_api.web import routes as web


def create_app() -> FastAPI:
    """The API and the web page, with the product's errors mapped to HTTP statuses."""
    # FastAPIOffline serves the assets of /docs and /redoc itself: FastAPI's default pages
    # load them from a CDN and stay blank on an offline machine.
    application = FastAPIOffline(
        title="Ratsuche",
        description="Search German council protocols: resolutions, agenda items, citations.",
        version="0.1.0",
        responses=error_responses(503),
    )
    origins = get_settings().cors_origins
    if origins:
        application.add_middleware(CORSMiddleware, allow_origins=origins,
                                   allow_methods=["GET"])
    for router in (search.router, feed.router, suggest.router, resolutions.router,
                   matters.router, documents.router, health.router, web.router, admin.router):
        application.include_router(router)
    application.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")

    @application.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, content={
            "detail": "Die Suchmaschine ist nicht erreichbar (search engine unreachable)."})

    @application.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @application.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """As FastAPI's, but a 405 lists all methods of the path in `Allow`."""
        if exc.status_code == 405:
            allowed = ", ".join(allowed_methods(application.openapi(), request.url.path))
            exc.headers = {**(exc.headers or {}), "Allow": allowed}
        return await http_exception_handler(request, exc)

    return application


def allowed_methods(schema: dict[str, object], path: str) -> list[str]:
    """Every method the OpenAPI schema documents for a path (one path can be served by
    several routers, e.g. GET and DELETE /documents/{id})."""
    paths = schema["paths"]
    assert isinstance(paths, dict)
    return sorted({
        method.upper()
        for template, operations in paths.items()
        if compile_path(template)[0].match(path)
        for method in operations
    })


app = create_app()
