"""The embedded store's own life cycle: creation, schema and model changes, a missing file."""

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from ratsuche.backends.embedded.store import SCHEMA_ID, EmbeddedBackend, _VectorMatrix
from ratsuche.core.errors import StoreUnavailable


def test_a_missing_store_is_unavailable_with_a_clear_message(tmp_path: Path) -> None:
    store = EmbeddedBackend(tmp_path, "nothing")
    assert store.health().reachable
    assert store.index_name() is None
    with pytest.raises(StoreUnavailable, match="run `ratsuche ingest` first"):
        store.count_documents()


def test_ensure_ready_is_idempotent_and_names_the_version(tmp_path: Path) -> None:
    store = EmbeddedBackend(tmp_path, "idx")
    name = store.ensure_ready(384)
    assert name.startswith("idx-") and store.ensure_ready(384) == name == store.index_name()
    assert store.count_documents() == 0
    assert store.list_documents() == []


def test_another_model_dimension_is_refused(tmp_path: Path) -> None:
    store = EmbeddedBackend(tmp_path, "idx")
    store.ensure_ready(384)
    with pytest.raises(ValueError, match="384-dimension vectors"):
        store.ensure_ready(768)


def test_a_store_of_another_schema_is_emptied_and_made_anew(tmp_path: Path) -> None:
    store = EmbeddedBackend(tmp_path, "idx")
    store.ensure_ready(384)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", ("2",))
        db.execute("INSERT INTO records (id, record, document_id) VALUES ('x', 'document', 'x')")
    store.ensure_ready(384)
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == \
            (SCHEMA_ID,)
        assert db.execute("SELECT COUNT(*) FROM records").fetchone() == (0,)


def test_the_vector_scan_runs_numpy_blas_on_one_thread() -> None:
    """Requests are the parallelism: after a scan every BLAS library numpy loaded runs one
    thread (its own threads spun between calls and doubled the API's CPU per request)."""
    vectors = np.eye(4, dtype=np.float32)
    matrix = _VectorMatrix("g1", [(f"c{i}", row.tobytes()) for i, row in enumerate(vectors)])
    assert matrix.nearest(np.array([0, 0.6, 0.8, 0], dtype=np.float32), 2, None) == \
        [(2, pytest.approx(0.8)), (1, pytest.approx(0.6))]
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)
