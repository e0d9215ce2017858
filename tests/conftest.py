"""Shared fixtures: a real OpenSearch node (started by scripts/test.sh), sample files.

Tests are marked by what they need (`engine`, `model`, `browser`, `ocr`); `make test-fast`
runs the rest without Java, Chromium or Tesseract. `cluster` tests start OpenSearch nodes of
their own (a 3-node cluster, a secured node) and run in `make test-cluster` only. A test that
uses an engine fixture is marked `engine` (and `model`: the engine fixtures ingest with the
model) here; modules that need more say so with `pytestmark`. The heavy imports stay inside
the fixtures, so the fast lane never loads the app, the engine client or the model.
"""

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ratsuche.settings import Settings, get_settings

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from opensearchpy import OpenSearch

    from ratsuche.backends.opensearch.store import OpenSearchBackend

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_FILE = "heinsberg_kreistag_2020-02-04_niederschrift-auszug.txt"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(index_alias=f"test-{uuid.uuid4().hex[:8]}")


# Fixtures that need the engine (and ingest with the model); tests using them are marked.
ENGINE_FIXTURES = {"client", "fresh_alias", "indexed", "app_overrides", "api", "store",
                   "stores", "own_app"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.engine)
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def client(settings: Settings) -> "OpenSearch":
    """A client for the node that scripts/test.sh started; fails loudly if there is none."""
    from ratsuche.backends.opensearch.admin import health, make_client

    client = make_client(settings)
    state = health(client)
    if not state.reachable:
        pytest.fail(
            f"No OpenSearch node at {settings.opensearch_url} ({state.message}). "
            "Run the suite with `make test`, which starts one (scripts/opensearch.sh)."
        )
    for name in client.indices.get(index="test-*,t-*", ignore_unavailable=True):
        client.indices.delete(index=name)  # left over by an interrupted earlier run
    return client


@pytest.fixture
def fresh_alias(client: "OpenSearch") -> Iterator[str]:
    """A unique alias for one test; its indices are removed afterwards."""
    from ratsuche.backends.opensearch.admin import drop_index

    alias = f"t-{uuid.uuid4().hex[:10]}"
    yield alias
    drop_index(client, alias)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Set environment variables for the process-wide settings, e.g. `OCR_ENABLED="false"`;
    the settings (and the backend made from them) are read anew, and restored after the
    test."""
    from ratsuche.backends import get_backend

    def set_vars(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        get_backend.cache_clear()

    yield set_vars
    monkeypatch.undo()
    get_settings.cache_clear()
    get_backend.cache_clear()


@pytest.fixture(scope="session")
def samples() -> Path:
    assert SAMPLES.is_dir(), f"sample folder missing: {SAMPLES}"
    return SAMPLES


@pytest.fixture(scope="session")
def search_settings(settings: Settings) -> Settings:
    """Settings of the app under test: its own alias for the ingested sample corpus."""
    return settings.model_copy(update={"index_alias": f"{settings.index_alias}-search"})


@pytest.fixture(scope="session")
def search_corpus(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Path:
    """The shipped samples plus the seed fixture, in one folder given to ingestion."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(samples / "pdf", folder / "pdf")
    shutil.copytree(samples / "text", folder / "text")
    shutil.copy(FIXTURES / SEED_FILE, folder / "text" / SEED_FILE)
    return folder


@pytest.fixture(scope="session")
def indexed(
    client: "OpenSearch", search_settings: Settings, search_corpus: Path
) -> Iterator[str]:
    """The search corpus ingested once for all API and web tests; its alias."""
    from ingest.run import collect_files, ingest_files
    from ratsuche.backends.opensearch.admin import drop_index, ensure_index
    from ratsuche.backends.opensearch.store import OpenSearchBackend
    from ratsuche.embedding import get_embedder

    alias = search_settings.index_alias
    embedder = get_embedder()
    ensure_index(client, alias, embedder.dimension)
    report = ingest_files(OpenSearchBackend(client, alias), embedder,
                          collect_files([str(search_corpus)]))
    assert report.count("ingested") >= 20, report
    yield alias
    drop_index(client, alias)


@pytest.fixture(scope="session")
def app_overrides(
    indexed: str, client: "OpenSearch", search_settings: Settings
) -> Iterator[None]:
    """The app reads the test alias through the real engine client."""
    from ratsuche.backends import get_backend
    from ratsuche.backends.opensearch.store import OpenSearchBackend
    from search_api.app import app

    previous = dict(app.dependency_overrides)
    app.dependency_overrides[get_settings] = lambda: search_settings
    backend = OpenSearchBackend(client, search_settings.index_alias)
    app.dependency_overrides[get_backend] = lambda: backend
    yield
    app.dependency_overrides.clear()
    app.dependency_overrides.update(previous)


@pytest.fixture(scope="session")
def api(app_overrides: None) -> Iterator["TestClient"]:
    from fastapi.testclient import TestClient

    from search_api.app import app

    with TestClient(app) as test_client:
        yield test_client


def pytest_report_header() -> str:
    return f"opensearch: {os.environ.get('OPENSEARCH_URL', 'http://127.0.0.1:9200')}"


@pytest.fixture
def own_app(
    client: "OpenSearch", fresh_alias: str, settings: Settings
) -> Iterator[tuple["TestClient", "OpenSearchBackend"]]:
    """An app of its own over an empty index, for tests that ingest (the shared sample index
    stays as it is)."""
    from fastapi.testclient import TestClient

    from ratsuche.backends import get_backend
    from ratsuche.backends.opensearch.admin import ensure_index
    from ratsuche.backends.opensearch.store import OpenSearchBackend
    from ratsuche.embedding import get_embedder
    from search_api.app import create_app

    backend = OpenSearchBackend(client, fresh_alias)
    ensure_index(client, fresh_alias, get_embedder().dimension)
    application = create_app()
    application.dependency_overrides[get_backend] = lambda: backend
    application.dependency_overrides[get_settings] = lambda: settings.model_copy(
        update={"index_alias": fresh_alias})
    with TestClient(application) as test_client:
        yield test_client, backend
