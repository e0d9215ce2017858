"""`GET /matters`: the course of a matter (Vorgang) by its document number."""

from typing import Annotated

from fastapi import APIRouter, Query

from search_api.dependencies import BackendDep
from search_api.matters import matter
from search_api.schemas import Matter, error_responses

router = APIRouter(tags=["matters"])


@router.get("/matters", response_model=Matter, responses=error_responses(422))
def matters_endpoint(
    backend: BackendDep,
    number: Annotated[str, Query(min_length=1, max_length=100,
                                 description="A document number in any spelling, e.g. "
                                             "'DS 110/2022' or 'Drucksache Nr. 110/2022'")],
) -> Matter:
    """Every unit carrying the number, oldest first: date, body, kind (Vorlage, Beratung,
    Beschluss), outcome, votes and links."""
    return matter(backend, number)
