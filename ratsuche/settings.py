"""All configuration in one place, read from environment variables (prefix-free names)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "ratsuche"


class Settings(BaseSettings):
    """Runtime settings. Every field can be set by an environment variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    # `embedded` (SQLite in one folder, no server) or `opensearch`; unset: OpenSearch when
    # OPENSEARCH_URL is set, else the embedded store.
    backend: Literal["embedded", "opensearch"] | None = None
    embedded_dir: Path = Field(
        default_factory=lambda: Path.home() / ".local" / "share" / "ratsuche"
    )
    # One node, or several comma-separated (`http://a:9200,http://b:9200`): the client spreads
    # requests over them and sends a failed one to the next.
    opensearch_url: str = "http://127.0.0.1:9200"
    opensearch_user: str | None = None
    opensearch_password: str | None = None
    opensearch_verify_certs: bool = True
    opensearch_ca_certs: Path | None = None  # CA bundle of a cluster with a CA of its own
    opensearch_timeout: float = 30.0
    opensearch_pool_size: int = 32  # connections kept open to the cluster
    # How a new index is spread (`ratsuche index create`). One node: 1 shard, 0 replicas. A
    # cluster: 1 replica, so that any one node may fail without losing a document or a
    # search; shards so that each stays within about 10-50 GB and every node holds some
    # (BENCHMARKS.md, "Capacity"). The shard count is fixed when an index is created (another
    # count rolls out a new index by reindexing); replicas and write shards change in place.
    opensearch_shards: int = Field(default=1, ge=1, le=1024)
    opensearch_replicas: int = Field(default=0, ge=0, le=16)
    # Copies of each shard that must be active before a write goes ahead
    # (`index.write.wait_for_active_shards`): 1 = the primary alone (writes go on while a node
    # is down; its replicas catch up when it is back), `all` = primary and every replica.
    opensearch_write_shards: str = Field(default="1", pattern=r"^(all|[1-9][0-9]*)$")
    index_alias: str = "ratsuche"

    @property
    def opensearch_hosts(self) -> list[str]:
        """The nodes of `opensearch_url`, in order."""
        return [url.strip() for url in self.opensearch_url.split(",") if url.strip()]

    @property
    def backend_engine(self) -> str:
        """The backend in use: as set, or OpenSearch if its URL was given."""
        if self.backend:
            return self.backend
        return "opensearch" if "opensearch_url" in self.model_fields_set else "embedded"

    cache_dir: Path = Field(default_factory=_default_cache_dir)
    embedding_model: str = "intfloat/multilingual-e5-small"
    embedding_batch_size: int = 32
    # Chunks of several documents embedded in one call: model.encode sorts by length and fills
    # whole batches, much faster than document by document for small documents.
    embedding_group_chunks: int = 512
    # Passage vectors stored by text under cache_dir: text embedded before costs no model time.
    embedding_cache: bool = True
    embedding_query_prefix: str = "query: "
    # `auto`: bf16 autocast where the CPU has bf16 instructions (amx_bf16, avx512_bf16),
    # else fp32; `fp32` or `bf16` force one (`ratsuche.hardware`).
    embedding_variant: Literal["auto", "fp32", "bf16"] = "auto"
    # Query vectors: `auto` ONNX Runtime where it is installed and the model is a local
    # folder with mean pooling (the fp32 model's vectors in a third of torch's time), else
    # torch; `onnx` or `torch` force one (`ratsuche.onnx_query`).
    embedding_query_runtime: Literal["auto", "onnx", "torch"] = "auto"
    query_vector_cache: int = 4096  # query vectors kept in memory (LRU, 1.5 KB each); 0: off
    embedding_passage_prefix: str = "passage: "

    search_candidates: int = 300
    knn_k: int = 300
    citation_candidates: int = 500
    # How hybrid adds the keyword and dense lists (`search_api.search`): `spread` scores in
    # standard deviations above each list's weakest candidate, `minmax` stretches each list
    # to [0, 1], `rrf` by rank. `spread` was chosen by every training fold of `ratsuche tune`
    # on the whole corpus (held-out hybrid nDCG@10 0.780 -> 0.789; BENCHMARKS.md).
    hybrid_fusion: Literal["minmax", "rrf", "spread"] = "spread"
    rrf_k: int = 60
    hybrid_keyword_weight: float = 0.4
    hybrid_semantic_weight: float = 0.6
    # Semantic passages count and show only when at least this share of the way from the
    # weakest neighbour retrieved to the best (`search.semantic_cutoff`); hybrid keeps every
    # passage the keyword side matched. (Samples, 10 queries: 185 hits each without the cut,
    # 7-91 with 0.6.)
    semantic_relative_cutoff: float = 0.6
    # A passage gains this share of the score of the best other passage of its file at most
    # `context_pages` pages away (`search.with_page_context`); 0 turns it off.
    context_weight: float = 0.3
    context_pages: int = 2
    # Query-adaptive hybrid (`search_api.adaptive`): the keyword weight moves by up to this
    # much towards the keyword side for references and numbers, towards the dense side for
    # questions and long descriptions.
    hybrid_weight_shift: float = 0.0
    # Exact matches kept within the first `exact_slots` places of hybrid: the keyword
    # side's first when it leads the second by `exact_margin` (0: never), and the best
    # passages holding every query word. 0 slots turns it off.
    # The defaults below were chosen with `ratsuche tune` on the 69 dev queries: each part
    # on gains on both halves of the set and on no kind loses; the weight shift, the margin
    # and the evidence did not (BENCHMARKS.md, "Relevance by cross-validation").
    exact_slots: int = 1
    exact_margin: float = 0.0
    # Soft evidence (`search_api.evidence`): a passage gains this much when its unit's
    # municipality, body or date is what the query names; 0 turns it off.
    evidence_weight: float = 0.0
    one_per_page: bool = True  # the best passage of each page only
    # Hybrid and keyword: the units citing the paragraph a query names come first in the
    # keyword side's own order (`search.citations_first`; chosen by every training fold on
    # the whole corpus).
    citations_by_keyword_rank: bool = True
    query_synonyms: bool = True  # expand query words by index_config/synonyms_de.txt
    # split a query compound the index does not hold into its parts (ratsuche.compounds)
    query_compound_parts: bool = True
    # search a query word no text holds also as the texts write it, one or two letters apart
    # (ratsuche.spelling: "Bebaungsplan" -> "Bebauungsplan")
    query_spelling: bool = True
    # Hybrid: the dense side searches again from the query vector moved toward the vectors
    # of the best `dense_feedback_passages` passages of a first ranking that the keyword
    # side matched, with this weight
    # (`search_api.feedback`; chosen by cross-validation on the whole corpus); 0 turns it off.
    dense_feedback_passages: int = 3
    dense_feedback_weight: float = 0.6

    api_key: str | None = None
    cors_origins: list[str] = Field(default_factory=list)
    upload_max_bytes: int = 50 * 1024 * 1024
    upload_dir: Path = Field(default_factory=lambda: _default_cache_dir() / "uploads")

    chunk_target_words: int = 130
    chunk_max_words: int = 160
    chunk_overlap_words: int = 20
    chunk_min_embedded_words: int = 20  # shorter fragments get no vector (`worth_embedding`)

    ocr_enabled: bool = True
    ocr_language: str = "deu"
    ocr_dpi: int = 300
    ocr_workers: int = 0  # 0: one per CPU core
    ocr_min_confidence: float = 70.0  # pages below are listed in the ingest summary

    # `import-oparl`: downloaded files and the sync state per index; the HTTP client
    oparl_dir: Path = Field(
        default_factory=lambda: Path.home() / ".local" / "share" / "ratsuche" / "oparl"
    )
    oparl_timeout: float = 120.0  # real servers take minutes for a page
    oparl_attempts: int = 3
    oparl_backoff: float = 5.0  # seconds before the first retry, doubled for each further one


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
