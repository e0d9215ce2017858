"""What is read from the whole store once and kept until the store changes (the suggestion
vocabulary, the filter choices of the web page)."""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from ratsuche.backends.base import Backend

T = TypeVar("T")


class PerState(Generic[T]):
    """The value `read` gives for the store's current state (engine, index name, document
    count), read again only when that state changes."""

    def __init__(self, read: Callable[[Backend], T]) -> None:
        self._read = read
        self._state: tuple[str, str | None, int] | None = None
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self, backend: Backend) -> T:
        state = (backend.engine, backend.index_name(), backend.count_documents())
        with self._lock:
            if self._value is None or state != self._state:
                self._value, self._state = self._read(backend), state
            return self._value
