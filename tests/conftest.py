"""Shared fixtures: a real OpenSearch node (started by scripts/test.sh), sample files."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from ratsuche.engine import drop_index, health, make_client
from ratsuche.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(index_alias=f"test-{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="session")
def client(settings: Settings) -> OpenSearch:
    """A client for the node that scripts/test.sh started; fails loudly if there is none."""
    client = make_client(settings)
    state = health(client)
    if not state.reachable:
        pytest.fail(
            f"No OpenSearch node at {settings.opensearch_url} ({state.message}). "
            "Run the suite with `make test`, which starts one (scripts/opensearch.sh)."
        )
    return client


@pytest.fixture
def fresh_alias(client: OpenSearch) -> Iterator[str]:
    """A unique alias for one test; its indices are removed afterwards."""
    alias = f"t-{uuid.uuid4().hex[:10]}"
    yield alias
    drop_index(client, alias)


@pytest.fixture(scope="session")
def samples() -> Path:
    assert SAMPLES.is_dir(), f"sample folder missing: {SAMPLES}"
    return SAMPLES


def pytest_report_header() -> str:
    return f"opensearch: {os.environ.get('OPENSEARCH_URL', 'http://127.0.0.1:9200')}"
