"""The OpenSearch backend: the index behind an alias, queried with the engine's DSL.

Writing: every record of a document is written with `complete: false`, which search never
shows. Only when the bulk write has fully succeeded are the records flipped to
`complete: true` by one server-side update-by-query (which the engine finishes even if this
process dies); the document record, flipped last, marks the whole as done. A crash earlier
leaves invisible records that the next run removes.
"""

import functools
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

import numpy as np
from numpy.typing import NDArray
from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, TransportError

from ratsuche.backends.base import Browsed, Health, Hit
from ratsuche.backends.opensearch import admin
from ratsuche.backends.opensearch.dsl import (
    TEXT_FIELD,
    candidate_request,
    candidate_source,
    cited_clause,
    facet_aggs,
    facets_from_aggs,
    filter_clauses,
    highlight_clause,
    holding_request,
    keyword_clause,
    knn_clause,
    spelling_request,
    unknown_terms_request,
)
from ratsuche.core.errors import NotFound, StoreUnavailable
from ratsuche.core.query import Filters, ParsedQuery, Sort
from ratsuche.core.stored import DocumentStatus, RecordType, StoredDocument, complete_status

_UNREACHABLE = (OSConnectionError, ConnectionTimeout)
LIST_PAGE_SIZE = 1000
MAX_DOCUMENT_RECORDS = 10_000  # read in one search; the largest corpus document has 231
P = ParamSpec("P")
R = TypeVar("R")


def _product_errors(method: Callable[P, R]) -> Callable[P, R]:
    """The engine's exceptions as the product's: a missing index is NotFound, anything the
    engine cannot answer is StoreUnavailable (routes never see opensearchpy's classes). Other
    404s are no missing index: a search whose shards a closing node lost answers 404 too."""

    @functools.wraps(method)
    def translated(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except NotFoundError as exc:
            if exc.error != admin.MISSING_INDEX:
                raise StoreUnavailable(
                    f"the search engine could not answer (HTTP 404, {exc.error})") from exc
            raise NotFound("no index yet") from exc
        except helpers.BulkIndexError as exc:
            if not all(_item_status(error) >= 500 for error in exc.errors):
                raise  # records the engine refused: a fault of ours, not of the engine
            raise StoreUnavailable(  # e.g. a shard without an active copy for too long
                f"the search engine failed to write {len(exc.errors)} records") from exc
        except _UNREACHABLE as exc:
            raise StoreUnavailable(
                f"search engine unavailable: {exc.__class__.__name__}") from exc
        except TransportError as exc:
            raise StoreUnavailable(
                f"the search engine could not answer (HTTP {exc.status_code})") from exc

    return translated


def _item_status(error: dict[str, dict[str, Any]]) -> int:
    """The HTTP status of one failed item of a bulk response ({"index": {"status": ...}})."""
    item: dict[str, Any] = next(iter(error.values()), {})
    return int(item.get("status", 500))


def _check_all(result: dict[str, Any], done: str, expected: int | None, document_id: str) -> None:
    """Raise unless a by-query update or delete reached every record it matched (and, given
    `expected`, exactly that many)."""
    total = int(result.get("total", 0))
    if result.get("failures") or int(result.get(done, 0)) + int(result.get("noops", 0)) != total \
            or (expected is not None and total != expected):
        raise StoreUnavailable(
            f"the search engine did not finish writing document {document_id} "
            f"({result.get(done)} of {total} records {done}, expected {expected}, "
            f"{len(result.get('failures') or [])} failures); run the ingest again")


class OpenSearchBackend:
    """Reads and writes the alias `alias` of the cluster behind `client`."""

    engine = "opensearch"

    def __init__(self, client: OpenSearch, alias: str, layout: admin.Layout | None = None) -> None:
        self.client = client
        self.alias = alias
        self.layout = layout or admin.Layout()

    # --- the store itself
    def health(self) -> Health:
        return admin.health(self.client)

    @_product_errors
    def ensure_ready(self, vector_dimension: int) -> str:
        return admin.ensure_index(self.client, self.alias, vector_dimension,
                                  layout=self.layout)

    @_product_errors
    def drop_previous(self) -> list[str]:
        return admin.drop_previous(self.client, self.alias)

    @_product_errors
    def index_name(self) -> str | None:
        targets = admin.alias_targets(self.client, self.alias)
        return targets[0] if targets else None

    @_product_errors
    def drop(self) -> None:
        admin.drop_index(self.client, self.alias)

    @_product_errors
    def store_bytes(self) -> int:
        self.client.indices.refresh(index=self.alias)
        stats = self.client.indices.stats(index=self.alias, metric="store")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])

    # --- writing
    @_product_errors
    def document_status(self, document_id: str, want_ocr: bool = False) -> DocumentStatus:
        fields = ["complete", "image_only_pages", "ocr_applied", "pipeline_version"]
        doc = self._get_by_id(document_id, _source=fields)
        if doc.get("found") and doc["_source"].get("complete"):
            return complete_status(doc["_source"], want_ocr)
        left = self._count({"term": {"document_id": document_id}})
        return DocumentStatus.incomplete if left else DocumentStatus.absent

    @_product_errors
    def write_document(self, doc: StoredDocument) -> None:
        """Two refreshes per document where there is nothing to clean up: one so that the
        flip finds the records just written, one that shows all of them at once (every
        refresh leaves a small segment whose HNSW graph a merge builds again)."""
        if self._count({"term": {"document_id": doc.document_id}}):  # a crashed write's
            self.delete_document(doc.document_id)
        helpers.bulk(self.client, self._actions(doc), chunk_size=200, max_retries=3,
                     refresh=False)
        self.client.indices.refresh(index=self.alias)
        flip = {
            "script": {"source": "ctx._source.complete = true", "lang": "painless"},
            "query": {"bool": {
                "filter": [{"term": {"document_id": doc.document_id}}],
                "must_not": [{"term": {"record": RecordType.document.value}}],
            }},
        }
        flipped = self.client.update_by_query(index=self.alias, body=flip, refresh=False,
                                              conflicts="abort")
        # A shard lost during the flip (a node failing) leaves records unflipped without an
        # exception: the document record stays incomplete, so nothing of it shows.
        _check_all(flipped, "updated", len(doc.records) - 1, doc.document_id)
        self.client.update(index=self.alias, id=doc.document_id,
                           body={"doc": {"complete": True}}, refresh=True)
        self.drop_other_versions(doc.file, doc.document_id)

    @_product_errors
    def drop_other_versions(self, file: str, document_id: str) -> int:
        older = {"bool": {"filter": [{"term": {"file": file}}],
                          "must_not": [{"term": {"document_id": document_id}}]}}
        if not self._count(older):
            return 0
        removed = self.client.delete_by_query(index=self.alias, body={"query": older},
                                              refresh=True, conflicts="proceed")
        _check_all(removed, "deleted", None, document_id)
        return int(removed.get("deleted", 0))

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        """A search over every shard or an error: with a shard copy lost in a node failure the
        engine would otherwise answer 200 with part of the index; refused, the request goes
        to the next node (the client retries a 503) and meets the remaining copy."""
        response: dict[str, Any] = admin.asked_again(lambda: self.client.search(
            index=self.alias, body=body, allow_partial_search_results=False))
        return response

    def _get_by_id(self, record_id: str, **params: Any) -> dict[str, Any]:
        """The engine's answer for one id (`found` false when there is no such record); an
        unknown index is an error, asked again (a node shutting down answers so)."""
        def get() -> dict[str, Any]:
            answer: dict[str, Any] = self.client.get(index=self.alias, id=record_id,
                                                     ignore=[404], **params)
            if "error" in answer:  # the index, not the record, is missing
                raise NotFoundError(404, admin.MISSING_INDEX, answer)
            return answer

        return admin.asked_again(get)

    def _count(self, query: dict[str, Any]) -> int:
        """A count over every shard (a shard lost mid-count would make it too small)."""
        response = admin.asked_again(
            lambda: self.client.count(index=self.alias, body={"query": query}))
        if response["_shards"].get("failed"):
            raise StoreUnavailable(
                f"the search engine counted only {response['_shards']['successful']} of "
                f"{response['_shards']['total']} shards")
        return int(response["count"])

    def _actions(self, doc: StoredDocument) -> Iterator[dict[str, Any]]:
        for record in doc.records:
            record = dict(record)
            record_id = record.pop("_id")
            yield {"_op_type": "index", "_index": self.alias, "_id": record_id,
                   "_source": record}

    @_product_errors
    def delete_document(self, document_id: str) -> int:
        result = self.client.delete_by_query(
            index=self.alias,
            body={"query": {"term": {"document_id": document_id}}},
            refresh=True, conflicts="proceed",
        )
        _check_all(result, "deleted", None, document_id)
        return int(result.get("deleted", 0))

    # --- retrieval
    def _chunks(self, query: dict[str, Any], size: int) -> list[Hit]:
        response = self._search(candidate_request(query, size))
        sources = [(h, candidate_source(h.get("fields", {}))) for h in response["hits"]["hits"]]
        return [Hit(source["unit_id"], float(h["_score"] or 0.0), source, [], h["_id"])
                for h, source in sources]

    @_product_errors
    def keyword_chunks(
        self, parsed: ParsedQuery, filters: Filters, size: int, cited_only: bool = False
    ) -> list[Hit]:
        clauses = filter_clauses(filters, RecordType.chunk)
        if cited_only:
            clauses.append(cited_clause(parsed))
        return self._chunks({"bool": {"must": [keyword_clause(parsed)], "filter": clauses}},
                            size)

    @_product_errors
    def vector_chunks(
        self, vector: NDArray[np.float32], filters: Filters, size: int, k: int
    ) -> list[Hit]:
        return self._chunks(knn_clause(vector.tolist(), k, filters), size)

    @_product_errors
    def chunk_vectors(self, chunk_ids: list[str]) -> dict[str, NDArray[np.float32]]:
        if not chunk_ids:
            return {}
        response = self._search({
            "size": len(chunk_ids),
            "query": {"ids": {"values": chunk_ids}},
            "_source": {"includes": ["vector"]},
        })
        return {h["_id"]: np.asarray(h["_source"]["vector"], dtype=np.float32)
                for h in response["hits"]["hits"] if h.get("_source", {}).get("vector")}

    @_product_errors
    def unknown_terms(self, terms: list[str]) -> set[str]:
        if not terms:
            return set()
        buckets = self._search(unknown_terms_request(terms))["aggregations"]["terms"]["buckets"]
        return {term for i, term in enumerate(terms) if buckets[str(i)]["doc_count"] == 0}

    @_product_errors
    def close_words(self, term: str, most: int) -> dict[str, int]:
        if not term or most < 1:
            return {}
        found = self._search(spelling_request(term, most))["suggest"]["spelling"]
        return {option["text"]: int(option["freq"]) for entry in found
                for option in entry["options"] if option["text"] != term}

    @_product_errors
    def texts_holding(self, term: str, size: int = 5) -> list[str]:
        hits = self._search(holding_request(term, size))["hits"]["hits"]
        return [str(hit["_source"].get(TEXT_FIELD, "")) for hit in hits]

    @_product_errors
    def load_shown(self, hits: list[Hit], parsed: ParsedQuery) -> None:
        """One request for the records and snippets of all results shown (fetching and
        highlighting all candidates of both retrievers cost most of a query's time)."""
        if not hits:
            return
        response = self._search({
            "size": len(hits),
            "query": {"ids": {"values": [h.chunk_id for h in hits]}},
            "_source": {"excludes": ["vector", "text"]},
            "highlight": highlight_clause(parsed),
        })
        found = {h["_id"]: h for h in response["hits"]["hits"]}
        for hit in hits:
            record = found.get(hit.chunk_id, {})
            hit.source = {**hit.source, **record.get("_source", {})}
            hit.highlight = record.get("highlight", {}).get("text", [])

    @_product_errors
    def browse_units(self, filters: Filters, sort: Sort, offset: int, size: int) -> Browsed:
        order = "asc" if sort == Sort.date_asc else "desc"
        response = self._search({
            "size": size,
            "from": offset,
            "query": {"bool": {"filter": filter_clauses(filters, RecordType.unit)}},
            "sort": [{"date": {"order": order, "missing": "_last"}}, {"unit_id": "asc"}],
            "track_total_hits": True,
            "_source": {"excludes": ["vector"]},
            "aggs": facet_aggs(),
        })
        return Browsed(
            total=response["hits"]["total"]["value"],
            units=[h["_source"] for h in response["hits"]["hits"]],
            facets=facets_from_aggs(response["aggregations"]),
        )

    # --- records
    def _get(self, record_id: str, record: RecordType, with_vector: bool) -> dict[str, Any] | None:
        excludes = [] if with_vector else ["vector"]
        found = self._get_by_id(record_id, _source_excludes=excludes)
        source = found.get("_source") if found.get("found") else None
        if not source or source.get("record") != record or not source.get("complete"):
            return None
        return dict(source)

    @_product_errors
    def get_record(self, record_id: str, record: RecordType) -> dict[str, Any] | None:
        return self._get(record_id, record, with_vector=False)

    @_product_errors
    def similar_units(self, unit_id: str, size: int) -> list[tuple[dict[str, Any], float]]:
        source = self._get(unit_id, RecordType.unit, with_vector=True)
        if source is None or "vector" not in source:
            raise NotFound(f"unit {unit_id!r} has no vector")
        response = self._search({
            "size": size,
            "_source": {"excludes": ["vector"]},
            "query": {"knn": {"vector": {
                "vector": source["vector"],
                "k": max(size * 3, 30),
                "filter": {"bool": {
                    "filter": filter_clauses(Filters(), RecordType.unit),
                    "must_not": [{"term": {"document_id": source["document_id"]}}],
                }},
            }}},
        })
        return [(h["_source"], float(h["_score"])) for h in response["hits"]["hits"]]

    @_product_errors
    def list_documents(self) -> list[dict[str, Any]]:
        """All of them, page by page after the last sort key (one search returns at most
        10,000 hits; the 10 x scale corpus has 23,920 documents)."""
        body: dict[str, Any] = {
            "size": LIST_PAGE_SIZE,
            "query": {"bool": {"filter": filter_clauses(Filters(), RecordType.document)}},
            "sort": [{"date": {"order": "desc", "missing": "_last"}}, {"file": "asc"},
                     {"document_id": "asc"}],  # a unique last key: no tie across pages
        }
        documents: list[dict[str, Any]] = []
        while True:
            hits = self._search(body)["hits"]["hits"]
            documents.extend(h["_source"] for h in hits)
            if len(hits) < LIST_PAGE_SIZE:
                return documents
            body["search_after"] = hits[-1]["sort"]

    def stored_documents(self) -> Iterator[StoredDocument]:
        for document in self.list_documents():
            records = self._document_records(str(document["document_id"]))
            if records:  # removed in between
                yield StoredDocument.from_store(records)

    @_product_errors
    def _document_records(self, document_id: str) -> list[dict[str, Any]]:
        response = self._search({
            "size": MAX_DOCUMENT_RECORDS, "track_total_hits": True,
            "query": {"bool": {"filter": [{"term": {"document_id": document_id}},
                                          {"term": {"complete": True}}]}},
        })["hits"]
        if response["total"]["value"] > MAX_DOCUMENT_RECORDS:
            raise StoreUnavailable(f"document {document_id} has more than "
                                   f"{MAX_DOCUMENT_RECORDS} records: not read back")
        return [{**h["_source"], "_id": h["_id"]} for h in response["hits"]]

    @_product_errors
    def count_documents(self) -> int:
        return self._count({"bool": {"filter": filter_clauses(Filters(), RecordType.document)}})

    @_product_errors
    def document_units(self, document_id: str) -> list[dict[str, Any]]:
        hits = self._search({
            "size": MAX_DOCUMENT_RECORDS,
            "_source": {"excludes": ["vector"]},
            "query": {"bool": {"filter": [*filter_clauses(Filters(), RecordType.unit),
                                          {"term": {"document_id": document_id}}]}},
            "sort": [{"unit_id": "asc"}],
        })["hits"]["hits"]
        return [h["_source"] for h in hits]
