"""Settings of a cluster: several nodes in one URL, shards, replicas and write shards."""

import pytest
from pydantic import ValidationError

from ratsuche.settings import Settings


def test_several_nodes_in_one_url() -> None:
    settings = Settings(opensearch_url=" http://a:9200, http://b:9201 ,,http://c:9202")
    assert settings.opensearch_hosts == ["http://a:9200", "http://b:9201", "http://c:9202"]
    assert Settings(opensearch_url="http://127.0.0.1:9200").opensearch_hosts == [
        "http://127.0.0.1:9200"]


def test_one_node_layout_by_default_and_bad_values_refused(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OPENSEARCH_SHARDS", "OPENSEARCH_REPLICAS", "OPENSEARCH_WRITE_SHARDS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.opensearch_shards, settings.opensearch_replicas,
            settings.opensearch_write_shards) == (1, 0, "1")
    assert Settings(opensearch_write_shards="all").opensearch_write_shards == "all"
    for bad in ({"opensearch_shards": 0}, {"opensearch_replicas": -1},
                {"opensearch_write_shards": "two"}, {"opensearch_write_shards": "0"}):
        with pytest.raises(ValidationError):
            Settings(**bad)
