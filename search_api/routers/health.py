"""`GET /health`: is the store reachable, which index, how many documents."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ingest.oparl.state import last_syncs
from search_api.dependencies import BackendDep, SettingsDep
from search_api.schemas import HealthReport

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthReport)
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
