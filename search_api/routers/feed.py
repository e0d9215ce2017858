"""`GET /feed`: any search as an Atom feed; without query and filters, the newly indexed
documents."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from search_api.dependencies import BackendDep, EmbedderDep, SearchRequestDep, SettingsDep
from search_api.feed import search_feed
from search_api.schemas import error_responses

router = APIRouter(tags=["feed"])
ATOM = "application/atom+xml; charset=utf-8"


@router.get("/feed", response_class=Response, responses={
    200: {"content": {"application/atom+xml": {}}, "description": "an Atom feed"},
    **error_responses(422),
})
def feed_endpoint(
    request: Request, search_request: SearchRequestDep, backend: BackendDep,
    settings: SettingsDep, embedder: EmbedderDep,
) -> Response:
    """The units the search shows on its first pages (same parameters as /search; `page`,
    `size` and `sort` are ignored), newest meeting first, as Atom."""
    base_url = str(request.base_url).rstrip("/")
    body = search_feed(backend, embedder, search_request, settings,
                       str(request.url), base_url)
    return Response(body, media_type=ATOM)
