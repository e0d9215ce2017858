"""Write one prepared document into the engine: all of it, or none of it visible.

Every record of a document (the document itself, its units and chunks) is written with
`complete: false`, which search never shows. Only when the bulk write has fully succeeded
are the records flipped to `complete: true` by one server-side update-by-query (which the
engine finishes even if this process dies); the document record, flipped last, marks the
whole as done. A crash earlier leaves invisible records that the next run removes.
"""

from collections.abc import Iterator
from typing import Any

from opensearchpy import OpenSearch, helpers

from ingest.prepare import PIPELINE_VERSION, PreparedDocument

RECORD_DOCUMENT, RECORD_UNIT, RECORD_CHUNK = "document", "unit", "chunk"


def document_status(
    client: OpenSearch, alias: str, document_id: str, want_ocr: bool = False
) -> str:
    """`complete`, `incomplete` (left by a crashed earlier write), `absent`, `outdated`
    (complete, but written by an older pipeline) or `without-ocr` (complete, but its scanned
    pages were never OCRed and `want_ocr` says OCR can run now)."""
    fields = ["complete", "image_only_pages", "ocr_applied", "pipeline_version"]
    doc = client.get(index=alias, id=document_id, _source=fields, ignore=[404])
    if doc.get("found") and doc["_source"].get("complete"):
        source = doc["_source"]
        if source.get("pipeline_version", 1) < PIPELINE_VERSION:
            return "outdated"
        if want_ocr and source.get("image_only_pages") and not source.get("ocr_applied"):
            return "without-ocr"
        return "complete"
    left = client.count(index=alias, body={"query": {"term": {"document_id": document_id}}})
    return "incomplete" if left["count"] else "absent"


def _actions(alias: str, doc: PreparedDocument) -> Iterator[dict[str, Any]]:
    for record in doc.records():
        record_id = record.pop("_id")
        yield {"_op_type": "index", "_index": alias, "_id": record_id, "_source": record}


def write_document(client: OpenSearch, alias: str, doc: PreparedDocument) -> None:
    """Write all records invisibly, then make them visible together; replace older versions
    of the same file. Raises on any failed record (nothing becomes visible then)."""
    delete_document(client, alias, doc.document_id)
    helpers.bulk(client, _actions(alias, doc), chunk_size=200, max_retries=3, refresh=False)
    client.indices.refresh(index=alias)
    flip = {
        "script": {"source": "ctx._source.complete = true", "lang": "painless"},
        "query": {
            "bool": {
                "filter": [{"term": {"document_id": doc.document_id}}],
                "must_not": [{"term": {"record": RECORD_DOCUMENT}}],
            }
        },
    }
    client.update_by_query(index=alias, body=flip, refresh=True, conflicts="abort")
    client.update(
        index=alias, id=doc.document_id, body={"doc": {"complete": True}}, refresh=True
    )
    _delete_older_versions(client, alias, doc.file, doc.document_id)


def _delete_older_versions(client: OpenSearch, alias: str, file: str, keep: str) -> None:
    """A changed file replaces its old units and chunks completely."""
    client.delete_by_query(
        index=alias,
        body={
            "query": {
                "bool": {
                    "filter": [{"term": {"file": file}}],
                    "must_not": [{"term": {"document_id": keep}}],
                }
            }
        },
        refresh=True,
        conflicts="proceed",
    )


def delete_document(client: OpenSearch, alias: str, document_id: str) -> int:
    """Remove every record of a document; returns how many were deleted."""
    result = client.delete_by_query(
        index=alias,
        body={"query": {"term": {"document_id": document_id}}},
        refresh=True,
        conflicts="proceed",
    )
    return int(result.get("deleted", 0))
