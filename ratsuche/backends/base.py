"""What ingestion writes and search reads, independent of the store behind it.

Two stores implement `Backend`: OpenSearch (a server; scales out) and the embedded store
(SQLite with FTS5 and exact vector search in one folder; no server process). Records are
plain dicts with the fields of `index_config/index.json`, the same in both. Each store owns
its engine language and raises only the product's errors (`ratsuche.core.errors`).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from ratsuche.core.fields import FACET_FIELDS, PAGE_CITATIONS, Facets
from ratsuche.core.query import Filters, ParsedQuery, Sort
from ratsuche.core.stored import DocumentStatus, RecordType, StoredDocument

# What ranking, grouping, page context, citation order, date sort and the facet counts need
# of each candidate chunk (a chunk carries its unit's metadata); the rest of a record is
# loaded only for the results shown.
CANDIDATE_FIELDS = list(dict.fromkeys(["unit_id", "file", "page_first", "page_last", "date",
                                       *(entry.stored for entry in FACET_FIELDS),
                                       PAGE_CITATIONS]))


@dataclass(frozen=True)
class Health:
    """What `/health` reports about the store."""

    reachable: bool
    status: str
    version: str | None
    message: str | None = None


@dataclass
class Hit:
    """A chunk found by a retriever; search groups them into passages (a unit's page)."""

    unit_id: str
    score: float
    source: dict[str, Any]
    highlight: list[str] = field(default_factory=list)
    chunk_id: str = ""

    @property
    def key(self) -> tuple[str, int]:
        """The passage: the unit and the page where the chunk starts."""
        return self.unit_id, int(self.source.get("page_first") or 0)


@dataclass
class Browsed:
    """One page of units that pass the filters, the total and the facets over all of them."""

    total: int
    units: list[dict[str, Any]]
    facets: Facets


class Backend(Protocol):
    """A store of documents, units and chunks; every read sees complete documents only."""

    engine: str  # "opensearch" or "embedded"

    # --- the store itself
    def health(self) -> Health: ...

    def ensure_ready(self, vector_dimension: int) -> str:
        """Create the store or bring it to the current definition; its name and version."""
        ...

    def index_name(self) -> str | None:
        """The name and version of the store in use, None when there is none yet."""
        ...

    def drop_previous(self) -> list[str]:
        """Remove earlier versions of the store that `ensure_ready` kept for rollback; their
        names."""
        ...

    # --- writing (ingestion)
    def document_status(self, document_id: str, want_ocr: bool = False) -> DocumentStatus:
        ...

    def write_document(self, doc: StoredDocument) -> None:
        """All records of a document become visible together, or none; older versions of
        the same file are replaced."""
        ...

    def drop_other_versions(self, file: str, document_id: str) -> int:
        """Remove the records of every other version of `file` (a changed file's old one;
        `write_document` does it too, but a failure after the write can leave it); the
        number of records removed."""
        ...

    def delete_document(self, document_id: str) -> int:
        """Remove a document with its units and chunks; the number of records removed."""
        ...

    # --- retrieval (chunks, best first, with CANDIDATE_FIELDS in `source`)
    def keyword_chunks(
        self, parsed: ParsedQuery, filters: Filters, size: int, cited_only: bool = False
    ) -> list[Hit]: ...

    def vector_chunks(
        self, vector: NDArray[np.float32], filters: Filters, size: int, k: int
    ) -> list[Hit]: ...

    def chunk_vectors(self, chunk_ids: list[str]) -> dict[str, NDArray[np.float32]]:
        """The stored vectors of these chunks (chunks without one are left out)."""
        ...

    def unknown_terms(self, terms: list[str]) -> set[str]:
        """Those of these analyzed query terms that no chunk's text holds."""
        ...

    def close_words(self, term: str, most: int) -> dict[str, int]:
        """The words of the texts as written (`exact` terms: lowercased, umlauts folded,
        unstemmed) within `most` edits of this one (Damerau-Levenshtein), sharing its first
        letter, with the number of chunks holding each."""
        ...

    def texts_holding(self, term: str, size: int = 5) -> list[str]:
        """The texts of up to `size` complete chunks that hold this `exact` term."""
        ...

    def load_shown(self, hits: list[Hit], parsed: ParsedQuery) -> None:
        """Fill in the whole record and the highlighted fragments of the hits shown."""
        ...

    def browse_units(
        self, filters: Filters, sort: Sort, offset: int, size: int
    ) -> Browsed: ...

    # --- records
    def get_record(self, record_id: str, record: RecordType) -> dict[str, Any] | None:
        """A complete record of that type (without its vector), or None."""
        ...

    def similar_units(self, unit_id: str, size: int) -> list[tuple[dict[str, Any], float]]:
        """Nearest units by meaning from other documents; NotFound if the unit has no
        vector."""
        ...

    def list_documents(self) -> list[dict[str, Any]]:
        """Complete documents, newest meeting first."""
        ...

    def count_documents(self) -> int: ...

    def document_units(self, document_id: str) -> list[dict[str, Any]]:
        """The complete units of a document in reading order."""
        ...

    def stored_documents(self) -> Iterator[StoredDocument]:
        """Every complete document with all its records and vectors, as `write_document`
        takes them (to copy a store into another without ingesting again)."""
        ...

    def store_bytes(self) -> int:
        """The size of the store on disk."""
        ...

    def drop(self) -> None:
        """Remove the store with everything in it (tests, resets)."""
        ...
