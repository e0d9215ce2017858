"""Scoring follows the rules of the judged set: credit once per judged page."""

import math

import pytest

from search_api.evaluation import score

JUDGED = {("a.pdf", 1): 2, ("a.pdf", 2): 1, ("b.txt", 3): 1}


def test_perfect_ranking() -> None:
    result = score([("a.pdf", 1, 1), ("a.pdf", 2, 2), ("b.txt", 3, 3)], JUDGED)
    assert result.ndcg == pytest.approx(1.0)
    assert result.recall == pytest.approx(1.0)
    assert result.mrr == 1.0


def test_span_covers_several_pages_but_gains_once() -> None:
    result = score([("a.pdf", 1, 2), ("a.pdf", 2, 2), ("x.pdf", 1, 1), ("b.txt", 3, 3)], JUDGED)
    dcg = 2 / math.log2(2) + 0 + 0 + 1 / math.log2(5)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert result.ndcg == pytest.approx(dcg / idcg)
    assert result.recall == pytest.approx(1.0)


def test_mrr_and_misses() -> None:
    result = score([("x.pdf", 1, 1), ("b.txt", 3, 3)], JUDGED)
    assert result.mrr == 0.5
    assert result.recall == pytest.approx(1 / 3)
    assert score([], JUDGED).ndcg == 0.0
