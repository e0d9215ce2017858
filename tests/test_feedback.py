"""Dense feedback (`search_api.feedback`): the query vector moved toward the passages a
first ranking puts on top, with the real model and real sentences of the corpus."""

import numpy as np
import pytest

from ratsuche.embedding import get_embedder
from search_api.feedback import moved_query

pytestmark = pytest.mark.model

QUERY = "Kann man in Nordstemmen mit dem Wohnmobil übernachten?"
# Ortsrat Nordstemmen, 13.05.2025, and Ortsrat Adensen, 08.06.2015 (corpus)
FOUND = [
    "Wohnmobilstellplätze am Freibad/ ehem. Basketballplatz erstellt werden.",
    "Der Ortsrat spricht sich für die Einrichtung eines Wohnmobilstellplatzes aus.",
]
UNRELATED = "Die Haushaltssatzung 2017 wird in der vorliegenden Fassung beschlossen."


def test_the_query_moves_toward_the_passages_it_found() -> None:
    embedder = get_embedder()
    query = embedder.encode_query(QUERY)
    found = list(embedder.encode_passages(FOUND))
    unrelated = embedder.encode_passages([UNRELATED])[0]
    moved = moved_query(query, found, 0.6)
    assert moved.dtype == np.float32
    assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5
    for passage in found:
        assert float(moved @ passage) > float(query @ passage)
    # it stays the query's: nearer to it than to any passage, and unrelated text gains less
    assert float(moved @ query) > max(float(moved @ p) for p in found)
    assert float(moved @ unrelated) - float(query @ unrelated) < \
        min(float(moved @ p) - float(query @ p) for p in found)


def test_nothing_found_or_no_weight_leaves_the_query() -> None:
    query = get_embedder().encode_query(QUERY)
    assert moved_query(query, [], 0.6) is query
    assert moved_query(query, [query], 0.0) is query
