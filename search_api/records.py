"""Reading stored records: units, documents and similar decisions."""

from typing import Any

from fastapi import HTTPException
from opensearchpy import OpenSearch

from search_api.query import filter_clauses
from search_api.results import pdf_url, to_result, votes
from search_api.schemas import (
    DocumentDetail,
    DocumentSummary,
    Filters,
    Mode,
    ResolutionDetail,
    SearchResponse,
)
from search_api.search import Hit


def _complete_record(client: OpenSearch, alias: str, record_id: str, record: str) -> dict:
    found = client.get(index=alias, id=record_id, ignore=[404], _source_excludes=["vector"])
    source = found.get("_source") if found.get("found") else None
    if not source or source.get("record") != record or not source.get("complete"):
        raise HTTPException(404, detail=f"no {record} with id {record_id!r}")
    return dict(source)


def _detail(source: dict[str, Any]) -> ResolutionDetail:
    first = int(source.get("page_first") or 1)
    return ResolutionDetail(
        id=source["unit_id"],
        document_id=source["document_id"],
        file=source["file"],
        pages=(first, int(source.get("page_last") or first)),
        title=source.get("title"),
        agenda_item=source.get("agenda_item"),
        body=source.get("body"),
        municipality=source.get("municipality"),
        date=source.get("date"),
        kind=source.get("kind"),
        outcome=source.get("outcome"),
        votes=votes(source),
        factions=source.get("factions") or [],
        citations=source.get("citations") or [],
        doc_numbers=source.get("doc_numbers") or [],
        ocr_pages=source.get("ocr_pages") or [],
        text=source.get("text") or "",
        url=pdf_url(source["document_id"], first),
    )


def get_unit(client: OpenSearch, alias: str, unit_id: str) -> ResolutionDetail:
    return _detail(_complete_record(client, alias, unit_id, "unit"))


def similar_units(client: OpenSearch, alias: str, unit_id: str, size: int) -> SearchResponse:
    """kNN over unit vectors, other documents only, filters applied inside the kNN search."""
    found = client.get(index=alias, id=unit_id, ignore=[404])
    source = found.get("_source") if found.get("found") else None
    if not source or source.get("record") != "unit" or not source.get("complete"):
        raise HTTPException(404, detail=f"no unit with id {unit_id!r}")
    if "vector" not in source:
        raise HTTPException(404, detail="this unit has no vector")
    response = client.search(index=alias, body={
        "size": size,
        "_source": {"excludes": ["vector"]},
        "query": {"knn": {"vector": {
            "vector": source["vector"],
            "k": max(size * 3, 30),
            "filter": {"bool": {
                "filter": filter_clauses(Filters(), "unit"),
                "must_not": [{"term": {"document_id": source["document_id"]}}],
            }},
        }}},
    })
    hits = response["hits"]["hits"]
    results = [to_result(Hit(h["_source"]["unit_id"], float(h["_score"]), h["_source"], []),
                         float(h["_score"]), None) for h in hits]
    return SearchResponse(query=source.get("title") or "", mode=Mode.semantic,
                          total=len(results), took_ms=int(response.get("took", 0)),
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


def list_document_summaries(client: OpenSearch, alias: str) -> list[DocumentSummary]:
    """Complete documents, newest meeting first."""
    hits = client.search(index=alias, body={
        "size": 10000,
        "query": {"bool": {"filter": filter_clauses(Filters(), "document")}},
        "sort": [{"date": {"order": "desc", "missing": "_last"}}, {"file": "asc"}],
    })["hits"]["hits"]
    return [_summary(h["_source"]) for h in hits]


def count_documents(client: OpenSearch, alias: str) -> int:
    query = {"query": {"bool": {"filter": filter_clauses(Filters(), "document")}}}
    return int(client.count(index=alias, body=query)["count"])


def document_source(client: OpenSearch, alias: str, document_id: str) -> dict[str, Any]:
    return _complete_record(client, alias, document_id, "document")


def get_document(client: OpenSearch, alias: str, document_id: str) -> DocumentDetail:
    """A document and all its units in reading order."""
    source = document_source(client, alias, document_id)
    hits = client.search(index=alias, body={
        "size": 10000,
        "_source": {"excludes": ["vector"]},
        "query": {"bool": {"filter": [*filter_clauses(Filters(), "unit"),
                                      {"term": {"document_id": document_id}}]}},
        "sort": [{"unit_id": "asc"}],
    })["hits"]["hits"]
    return DocumentDetail(**_summary(source).model_dump(),
                          units=[_detail(h["_source"]) for h in hits])
