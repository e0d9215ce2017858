"""`GET /suggest`: completions of what is typed in the search field."""

from typing import Annotated

from fastapi import APIRouter, Query

from search_api.dependencies import BackendDep
from search_api.schemas import Suggestion, error_responses
from search_api.suggest import suggestions

router = APIRouter(tags=["suggest"])


@router.get("/suggest", response_model=list[Suggestion], responses=error_responses(422))
def suggest_endpoint(
    backend: BackendDep,
    q: Annotated[str, Query(max_length=100, description="What is typed so far")] = "",
) -> list[Suggestion]:
    """At most 10 titles, bodies, factions, citations and document numbers with a word that
    starts with `q` (umlauts and ß folded), most frequent first."""
    return suggestions(backend, q)
