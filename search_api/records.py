"""Reading stored records: units, documents and similar decisions. Unknown ids raise
`NotFound`; the routes decide what that looks like (JSON 404 or a German page)."""

import time
from typing import Any

from ratsuche.backends.base import Backend, Hit
from ratsuche.core.errors import NotFound
from ratsuche.core.fields import CITATION_PAGES
from ratsuche.core.query import Mode
from ratsuche.core.stored import RecordType
from search_api.results import pdf_url, to_result, unit_fields, votes
from search_api.schemas import (
    DocumentDetail,
    DocumentSummary,
    ResolutionVote,
    SearchResponse,
    UnitDetail,
)


def _complete_record(backend: Backend, record_id: str, record: RecordType) -> dict[str, Any]:
    source = backend.get_record(record_id, record)
    if source is None:
        raise NotFound(f"no {record} with id {record_id!r}")
    return source


def _detail(source: dict[str, Any]) -> UnitDetail:
    return UnitDetail(
        **unit_fields(source),
        text=source.get("text") or "", outcome_source=source.get("outcome_source"),
        resolutions=[ResolutionVote(outcome=r.get("outcome"), votes=votes(r),
                                    flags=r.get("flags") or [])
                     for r in source.get("resolutions") or []],
        citation_pages={entry["citation"]: entry["pages"]
                        for entry in source.get(CITATION_PAGES) or []},
    )


def get_unit(backend: Backend, unit_id: str) -> UnitDetail:
    return _detail(_complete_record(backend, unit_id, RecordType.unit))


def similar_units(backend: Backend, unit_id: str, size: int) -> SearchResponse:
    """Nearest units by meaning, other documents only."""
    started = time.perf_counter()
    source = _complete_record(backend, unit_id, RecordType.unit)
    found = backend.similar_units(unit_id, size)
    results = [to_result(Hit(s["unit_id"], score, s), score, None) for s, score in found]
    return SearchResponse(query=source.get("title") or "", mode=Mode.semantic,
                          total=len(results), took_ms=int((time.perf_counter() - started) * 1000),
                          results=results, facets={})


def _summary(source: dict[str, Any]) -> DocumentSummary:
    return DocumentSummary(
        id=source["document_id"],
        file=source["file"],
        title=source.get("title"),
        body=source.get("body"),
        municipality=source.get("municipality"),
        date=source.get("date"),
        kind=source.get("kind"),
        page_count=int(source.get("page_count") or 0),
        image_only_pages=source.get("image_only_pages") or [],
        unit_count=int(source.get("unit_count") or 0),
        chunk_count=int(source.get("chunk_count") or 0),
        url=pdf_url(source["document_id"], 1),
    )


def list_document_summaries(backend: Backend) -> list[DocumentSummary]:
    """Complete documents, newest meeting first."""
    return [_summary(source) for source in backend.list_documents()]


def document_source(backend: Backend, document_id: str) -> dict[str, Any]:
    return _complete_record(backend, document_id, RecordType.document)


def get_document(backend: Backend, document_id: str) -> DocumentDetail:
    """A document and all its units in reading order."""
    source = document_source(backend, document_id)
    return DocumentDetail(**_summary(source).model_dump(),
                          units=[_detail(u) for u in backend.document_units(document_id)])
