"""One way to open the project's SQLite files (the embedded store, the vector cache)."""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in WAL mode (readers never wait for a writer) for one unit of work: one
    snapshot from the first statement on, committed at the end, rolled back on an error,
    always closed."""
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        with db:
            db.execute("BEGIN")
            yield db
    finally:
        db.close()
