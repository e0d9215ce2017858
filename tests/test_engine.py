"""The index definition on a real OpenSearch node: analysis, versions and aliases, kNN."""

import copy

import pytest
from opensearchpy import OpenSearch

from index_config import definition_version, index_definition
from ratsuche.backends.opensearch.admin import (
    Layout,
    alias_targets,
    drop_previous,
    ensure_index,
    health,
    physical_index_name,
)
from ratsuche.citations import find_citations, query_citations

DIM = 4


@pytest.fixture
def index(client: OpenSearch, fresh_alias: str) -> str:
    ensure_index(client, fresh_alias, DIM)
    return fresh_alias


def tokens(client: OpenSearch, index: str, text: str, analyzer: str = "german_text") -> set[str]:
    result = client.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    return {t["token"] for t in result["tokens"]}


def test_node_is_real_opensearch_2_19(client: OpenSearch) -> None:
    state = health(client)
    assert state.reachable
    assert state.version is not None and state.version.startswith("2.19")
    assert state.status in ("green", "yellow")


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("Integrationskonferenz", ["Integration", "Konferenz"]),
        ("Haushaltssatzung", ["Haushalt", "Satzung"]),
        ("Straßenbeleuchtung", ["Straße", "Beleuchtung"]),
    ],
)
def test_compounds_meet_their_parts(
    client: OpenSearch, index: str, compound: str, parts: list[str]
) -> None:
    compound_tokens = tokens(client, index, compound)
    for part in parts:
        assert tokens(client, index, part) <= compound_tokens, (part, compound_tokens)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Beschlüsse", "Beschluss"), ("Straße", "Strasse"), ("Gebühren", "Gebuehren")],
)
def test_spelling_variants_meet(client: OpenSearch, index: str, one: str, other: str) -> None:
    assert tokens(client, index, one) & tokens(client, index, other)


def test_exact_subfield_is_unstemmed(client: OpenSearch, index: str) -> None:
    assert tokens(client, index, "Beschlüsse", "german_exact") == {"beschlusse"}


def test_citation_field_finds_any_spelling(client: OpenSearch, index: str) -> None:
    text = "Die FDP-Fraktion stellt ihren Antrag gem. § 5 GeschO betr. Integrationskonferenz."
    client.index(
        index=index,
        id="u1",
        body={"record": "unit", "complete": True, "text": text,
              "citations": find_citations(text)},
        refresh=True,
    )
    for spelling in ("§ 5 GeschO", "§5 GeschO", "§ 5 der Geschäftsordnung"):
        keys = query_citations(spelling)
        assert keys, spelling
        hits = client.search(index=index, body={"query": {"terms": {"citations": keys}}})
        assert [h["_id"] for h in hits["hits"]["hits"]] == ["u1"], spelling


def test_creating_twice_keeps_one_version(client: OpenSearch, fresh_alias: str) -> None:
    first = ensure_index(client, fresh_alias, DIM)
    second = ensure_index(client, fresh_alias, DIM)
    assert first == second == physical_index_name(fresh_alias, index_definition(DIM))
    assert alias_targets(client, fresh_alias) == [first]
    assert list(client.indices.get(index=f"{fresh_alias}-*")) == [first]


def test_changed_definition_creates_new_version(client: OpenSearch, fresh_alias: str) -> None:
    old = ensure_index(client, fresh_alias, DIM)
    client.index(index=fresh_alias, id="kept", body={"record": "unit", "complete": True},
                 refresh=True)
    changed = copy.deepcopy(index_definition(DIM))
    changed["mappings"]["properties"]["agenda_item"]["ignore_above"] = 64
    assert definition_version(changed) != definition_version(index_definition(DIM))
    new = ensure_index(client, fresh_alias, DIM, definition=changed)
    assert new != old
    assert alias_targets(client, fresh_alias) == [new]
    assert client.get(index=fresh_alias, id="kept")["found"]


def test_layout_replicas_in_place_shards_by_a_new_index(
    client: OpenSearch, fresh_alias: str
) -> None:
    old = ensure_index(client, fresh_alias, DIM)
    client.index(index=fresh_alias, id="kept", body={"record": "unit", "complete": True},
                 refresh=True)
    same = ensure_index(client, fresh_alias, DIM, layout=Layout(replicas=1, write_shards="all"))
    assert same == old
    index = client.indices.get_settings(index=old)[old]["settings"]["index"]
    assert (index["number_of_replicas"], index["write"]["wait_for_active_shards"]) == ("1", "all")

    new = ensure_index(client, fresh_alias, DIM, layout=Layout(shards=2))
    assert new != old and alias_targets(client, fresh_alias) == [new]
    assert client.indices.get_settings(index=new)[new]["settings"]["index"][
        "number_of_shards"] == "2"
    assert client.get(index=fresh_alias, id="kept")["found"]
    assert drop_previous(client, fresh_alias) == [old]
    assert list(client.indices.get(index=f"{fresh_alias}-*")) == [new]


def test_knn_with_keyword_filter_returns_only_filtered(client: OpenSearch, index: str) -> None:
    docs = [
        ("a", "Rat", [1.0, 0.0, 0.0, 0.0]),
        ("b", "Ortsrat Heyersum", [0.99, 0.1, 0.0, 0.0]),
        ("c", "Rat", [0.0, 1.0, 0.0, 0.0]),
        ("d", "Ortsrat Heyersum", [0.0, 0.0, 1.0, 0.0]),
    ]
    for doc_id, body, vector in docs:
        client.index(index=index, id=doc_id,
                     body={"record": "chunk", "complete": True, "body": body, "vector": vector})
    client.indices.refresh(index=index)
    client.indices.flush(index=index)
    query = {"size": 10, "query": {"knn": {"vector": {
        "vector": [1.0, 0.0, 0.0, 0.0], "k": 10,
        "filter": {"term": {"body": "Ortsrat Heyersum"}},
    }}}}
    hits = client.search(index=index, body=query)["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["b", "d"]
