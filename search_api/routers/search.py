"""`GET /search`: keyword, semantic or hybrid search across units."""

from fastapi import APIRouter

from search_api.dependencies import BackendDep, EmbedderDep, SearchRequestDep, SettingsDep
from search_api.schemas import SearchResponse, error_responses
from search_api.search import search

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResponse, responses=error_responses(422))
def search_endpoint(
    request: SearchRequestDep, backend: BackendDep, settings: SettingsDep, embedder: EmbedderDep,
) -> SearchResponse:
    """Keyword, semantic or hybrid search across resolutions, with filters and facets."""
    return search(backend, embedder, request, settings)
