"""`/resolutions/{id}`: one unit (agenda item, resolution) and its nearest decisions."""

from typing import Annotated

from fastapi import APIRouter, Query

from search_api import records
from search_api.dependencies import BackendDep
from search_api.schemas import SearchResponse, UnitDetail, error_responses

router = APIRouter(tags=["resolutions"])


@router.get("/resolutions/{unit_id}", response_model=UnitDetail,
            responses=error_responses(404))
def resolution(unit_id: str, backend: BackendDep) -> UnitDetail:
    """The full text of one unit with its metadata and pages."""
    return records.get_unit(backend, unit_id)


@router.get("/resolutions/{unit_id}/similar", response_model=SearchResponse,
            responses=error_responses(404, 422))
def similar(
    unit_id: str,
    backend: BackendDep,
    size: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchResponse:
    """The nearest decisions by meaning, from other documents."""
    return records.similar_units(backend, unit_id, size)
