"""Passage vectors kept on disk by text, so the same chunk text is never embedded twice.

Embedding is most of the cost of ingestion. With the cache, ingesting text that was embedded
before (the same files into another backend or a new index, a copy of a file under another
name, a pipeline change that leaves a chunk's text alone) costs no model time. A key covers
the model, the passage prefix and the text, so another model never sees these vectors.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from ratsuche.sqlite_db import transaction

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class VectorCache:
    """An SQLite table of float32 vectors keyed by a hash of (model, prefix, text)."""

    def __init__(self, path: Path, namespace: str, dimension: int) -> None:
        self.path = path
        self.namespace = namespace
        self.dimension = dimension
        path.parent.mkdir(parents=True, exist_ok=True)
        with transaction(self.path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB)")

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self.namespace}\0{text}".encode()).digest()

    def get_many(self, texts: Sequence[str]) -> list[NDArray[np.float32] | None]:
        """The stored vector of each text, or None where there is none."""
        keys = [self._key(t) for t in texts]
        found: dict[bytes, bytes] = {}
        with transaction(self.path) as db:
            for i in range(0, len(keys), 500):
                batch = keys[i : i + 500]
                marks = ",".join("?" * len(batch))
                rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch)
                found.update(rows.fetchall())
        size = self.dimension * 4
        return [
            np.frombuffer(found[k], dtype=np.float32) if len(found.get(k, b"")) == size else None
            for k in keys
        ]

    def put_many(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> None:
        rows = [(self._key(t), v.astype(np.float32).tobytes()) for t, v in zip(texts, vectors,
                                                                                strict=True)]
        with transaction(self.path) as db:
            db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)


class LruCache(Generic[K, V]):
    """At most `size` entries in memory, the least recently used forgotten first (size 0
    keeps nothing); safe to share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
