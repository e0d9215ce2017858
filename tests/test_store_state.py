"""Values read from the whole store once per state of the store (`search_api.store_state`)."""

from pathlib import Path

from ratsuche.backends.base import Backend
from ratsuche.backends.embedded.store import EmbeddedBackend
from search_api.store_state import PerState


def test_read_once_per_state_of_the_store(tmp_path: Path) -> None:
    reads: list[str | None] = []

    def read(backend: Backend) -> int:
        reads.append(backend.index_name())
        return len(reads)

    values = PerState(read)
    first = EmbeddedBackend(tmp_path, "first")
    first.ensure_ready(384)
    assert values.get(first) == values.get(first) == 1
    other = EmbeddedBackend(tmp_path, "other")
    other.ensure_ready(384)
    assert values.get(other) == 2
    assert reads == [first.index_name(), other.index_name()]
