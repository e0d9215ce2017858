"""Batch ingestion into the real node: bad files reported and skipped, nothing half-indexed,
re-ingest idempotent, a changed file replaces its old version, delete removes everything."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from opensearchpy import OpenSearch
from typer.testing import CliRunner

from cli.main import app as cli
from ingest.prepare import document_key, prepare_document
from ingest.run import collect_files, ingest_files
from ratsuche.backends.opensearch.admin import ensure_index
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.core.errors import StoreUnavailable
from ratsuche.core.stored import PIPELINE_VERSION
from ratsuche.embedding import Embedder, get_embedder
from tests.bad_files import GOOD_PDF, GOOD_TEXT, make_batch


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return get_embedder()


@pytest.fixture
def alias(client: OpenSearch, fresh_alias: str, embedder: Embedder) -> str:
    ensure_index(client, fresh_alias, embedder.dimension)
    return fresh_alias


@pytest.fixture
def backend(client: OpenSearch, alias: str) -> OpenSearchBackend:
    return OpenSearchBackend(client, alias)


def test_bad_files_are_reported_and_the_batch_goes_on(
    backend: OpenSearchBackend, client: OpenSearch, alias: str, embedder: Embedder,
    tmp_path: Path, samples: Path, environment: Callable[..., None],
) -> None:
    environment(OCR_ENABLED="false")  # the scan is a bad file without OCR (see test_ocr.py)
    expected = make_batch(tmp_path, samples)
    report = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    by_file = {o.file: o for o in report.outcomes}
    assert {f for f, o in by_file.items() if o.status == "ingested"} == {GOOD_PDF, GOOD_TEXT}
    for file, words in expected.items():
        outcome = by_file[file]
        assert outcome.status == "failed", file
        assert outcome.reason and words in outcome.reason.lower(), (file, outcome.reason)
    documents = client.search(
        index=alias, body={"query": {"term": {"record": "document"}}, "size": 100}
    )["hits"]["hits"]
    assert sorted(h["_source"]["file"] for h in documents) == sorted([GOOD_PDF, GOOD_TEXT])
    assert all(h["_source"]["complete"] for h in documents)

    again = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert again.count("unchanged") == 2 and again.count("ingested") == 0


def test_changed_file_replaces_its_old_units(
    backend: OpenSearchBackend, client: OpenSearch, alias: str, embedder: Embedder, tmp_path: Path
) -> None:
    path = tmp_path / "protokoll.txt"
    path.write_text("TOP 1\nBrücke über die Aue\nDer Rat beschließt den Neubau.\n", "utf-8")
    first = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert first.count("ingested") == 1
    path.write_text("TOP 1\nSanierung der Turnhalle\nDer Rat beschließt die Sanierung.\n", "utf-8")
    second = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert second.count("ingested") == 1
    client.indices.refresh(index=alias)
    texts = [
        h["_source"]["text"]
        for h in client.search(
            index=alias, body={"query": {"term": {"file": "protokoll.txt"}}, "size": 50}
        )["hits"]["hits"]
        if "text" in h["_source"]
    ]
    assert texts and all("Brücke" not in t for t in texts)
    assert any("Turnhalle" in t for t in texts)


def test_an_old_version_left_by_a_failed_removal_goes_on_the_next_run(
    backend: OpenSearchBackend, embedder: Embedder, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The node holding the old version fails just after the new one became complete (as in
    `tests/test_cluster.py`, here by making the removal fail the way a lost node does): the
    file is reported failed, both versions are in the index; the next run finds the new
    version complete and removes the old one instead of skipping the file."""
    path = tmp_path / "protokoll.txt"
    path.write_text("TOP 1\nBrücke über die Aue\nDer Rat beschließt den Neubau.\n", "utf-8")
    old_id = ingest_files(backend, embedder, collect_files([str(tmp_path)])).outcomes[0].document_id
    assert old_id is not None
    path.write_text("TOP 1\nSanierung der Turnhalle\nDer Rat beschließt die Sanierung.\n", "utf-8")

    def node_lost(self: OpenSearchBackend, file: str, document_id: str) -> int:
        raise StoreUnavailable("search engine unavailable: ConnectionError")

    with monkeypatch.context() as patch:
        patch.setattr(OpenSearchBackend, "drop_other_versions", node_lost)
        failed = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert [o.status for o in failed.outcomes] == ["failed"]
    assert sorted(d["file"] for d in backend.list_documents()) == ["protokoll.txt"] * 2
    again = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert [o.status for o in again.outcomes] == ["unchanged"]
    assert [d["file"] for d in backend.list_documents()] == ["protokoll.txt"]
    assert backend.document_status(old_id) == "absent"
    assert "Turnhalle" in backend.document_units(again.outcomes[0].document_id or "")[0]["text"]


def test_a_failed_write_leaves_nothing_visible(
    backend: OpenSearchBackend, client: OpenSearch, alias: str, embedder: Embedder, samples: Path
) -> None:
    doc = prepare_document(samples / GOOD_TEXT, samples)
    doc.attach_vectors(embedder.encode_passages(doc.embedding_inputs()))
    doc.units[-1].agenda_item = {"not": "a keyword"}  # type: ignore[assignment]
    with pytest.raises(Exception, match="failed"):
        backend.write_document(doc.stored())
    client.indices.refresh(index=alias)
    visible = client.count(
        index=alias,
        body={"query": {"bool": {"filter": [{"term": {"document_id": doc.document_id}},
                                            {"term": {"complete": True}}]}}},
    )["count"]
    assert visible == 0
    assert backend.document_status(doc.document_id) in ("incomplete", "absent")
    doc.units[-1].agenda_item = None
    backend.write_document(doc.stored())
    assert backend.document_status(doc.document_id) == "complete"
    assert backend.delete_document(doc.document_id) == len(doc.records())
    assert backend.document_status(doc.document_id) == "absent"


def test_a_document_from_an_older_pipeline_is_ingested_again(
    backend: OpenSearchBackend, client: OpenSearch, alias: str, embedder: Embedder,
    samples: Path, tmp_path: Path,
) -> None:
    shutil.copy(samples / GOOD_TEXT, tmp_path / "protocol.txt")
    first = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert [o.status for o in first.outcomes] == ["ingested"]
    document_id = document_key("protocol.txt", (tmp_path / "protocol.txt").read_bytes())
    client.update(index=alias, id=document_id, refresh=True,
                  body={"doc": {"pipeline_version": PIPELINE_VERSION - 1}})
    assert backend.document_status(document_id) == "outdated"
    again = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert [o.status for o in again.outcomes] == ["ingested"]
    assert backend.document_status(document_id) == "complete"


def test_copies_under_other_paths_are_documents_of_their_own(
    backend: OpenSearchBackend, embedder: Embedder, samples: Path, tmp_path: Path
) -> None:
    (tmp_path / "bulk").mkdir()
    shutil.copy(samples / GOOD_TEXT, tmp_path / "vorlage.txt")
    shutil.copy(samples / GOOD_TEXT, tmp_path / "bulk" / "vorlage.txt")
    report = ingest_files(backend, embedder, collect_files([str(tmp_path)]))
    assert [o.status for o in report.outcomes] == ["ingested", "ingested"]
    assert len({o.document_id for o in report.outcomes}) == 2
    assert sorted(d["file"] for d in backend.list_documents()) == \
        ["bulk/vorlage.txt", "vorlage.txt"]


def test_cli_exit_codes_dry_run_and_summary(
    client: OpenSearch, alias: str, tmp_path: Path, samples: Path,
    environment: Callable[..., None],
) -> None:
    environment(INDEX_ALIAS=alias)
    shutil.copy(samples / GOOD_TEXT, tmp_path / "good.txt")
    runner = CliRunner()
    dry = runner.invoke(cli, ["ingest", "--dry-run", str(tmp_path)])
    assert dry.exit_code == 0, dry.output
    assert "Ingest summary" in dry.output
    assert client.count(index=alias)["count"] == 0
    ok = runner.invoke(cli, ["ingest", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    failed = runner.invoke(cli, ["ingest", str(tmp_path)])
    assert failed.exit_code == 1
    assert "broken.pdf" in failed.output
    listed = runner.invoke(cli, ["documents"])
    assert "good.txt" in listed.output
