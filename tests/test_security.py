"""A node with the security plugin (scripts/opensearch.sh, OPENSEARCH_SECURITY=1): HTTPS with a
CA of its own and a login. The API connects with OPENSEARCH_USER/OPENSEARCH_PASSWORD and the
CA bundle; a wrong password or an untrusted certificate is a clear message and a 503, not a
trace."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.run import collect_files, ingest_files
from ratsuche.backends import get_backend, make_backend
from ratsuche.embedding import get_embedder
from ratsuche.settings import Settings, get_settings
from search_api.app import create_app
from tests.cluster import Cluster

pytestmark = [pytest.mark.cluster, pytest.mark.engine, pytest.mark.model]
PORT = int(os.environ.get("SECURE_OPENSEARCH_PORT", "9430"))
USER, PASSWORD = "ratsuche-app", "Stadtrat-2026!"
SAMPLE = "text/nordstemmen_rat_2018-03-15_niederschrift.txt"


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    secured = Cluster(tmp_path_factory.mktemp("secure-node"), PORT, nodes=1, env={
        "OPENSEARCH_SECURITY": "1", "OPENSEARCH_USER": USER, "OPENSEARCH_PASSWORD": PASSWORD})
    secured.script("start")
    try:
        yield secured
    finally:
        secured.script("stop")


def secured_settings(node: Cluster, **changes: object) -> Settings:
    settings = Settings(opensearch_url=node.url, opensearch_user=USER,
                        opensearch_password=PASSWORD,
                        opensearch_ca_certs=node.home / "tls" / "root-ca.pem",
                        index_alias="secure")
    return settings.model_copy(update=changes)


def api(settings: Settings) -> TestClient:
    app = create_app()
    backend = make_backend(settings)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_backend] = lambda: backend
    return TestClient(app)


def test_https_with_login_ingests_and_searches(node: Cluster, samples: Path) -> None:
    assert node.url.startswith("https://")
    settings = secured_settings(node)
    backend = make_backend(settings)
    backend.ensure_ready(get_embedder().dimension)
    report = ingest_files(backend, get_embedder(), collect_files([str(samples / SAMPLE)]))
    assert report.count("ingested") == 1, report
    with api(settings) as client:
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["documents"] == 1, health.text
        found = client.get("/search", params={"q": "Haushalt", "mode": "hybrid"})
        assert found.status_code == 200 and found.json()["total"] > 0, found.text


def test_wrong_password_or_unknown_ca_is_a_clear_503(node: Cluster) -> None:
    wrong = secured_settings(node, opensearch_password="falsch")
    state = make_backend(wrong).health()
    assert not state.reachable and "OPENSEARCH_PASSWORD" in (state.message or "")
    with api(wrong) as client:
        health = client.get("/health")
        assert health.status_code == 503 and "HTTP 401" in health.json()["message"]
        search = client.get("/search", params={"q": "Haushalt", "mode": "keyword"})
        assert search.status_code == 503 and "Traceback" not in search.text

    untrusted = make_backend(secured_settings(node, opensearch_ca_certs=None)).health()
    assert not untrusted.reachable and "OPENSEARCH_CA_CERTS" in (untrusted.message or "")

    env = {**os.environ, "OPENSEARCH_URL": node.url, "OPENSEARCH_USER": USER,
           "OPENSEARCH_PASSWORD": "falsch", "INDEX_ALIAS": "secure",
           "OPENSEARCH_CA_CERTS": str(node.home / "tls" / "root-ca.pem")}
    cli = subprocess.run([sys.executable, "-m", "cli.main", "index", "create"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert cli.returncode == 2 and "refused the login" in cli.stderr, cli.stderr
