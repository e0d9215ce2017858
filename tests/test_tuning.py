"""Cross-validation folds, the paired comparison and configuration strings (pure)."""

from pathlib import Path

from ratsuche.core.query import Mode
from search_api.evaluation import JudgedQuery, Scores, load_queries
from search_api.tuning import _plateau, folds, paired, parse_config

DEV_QUERIES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "queries.tsv"


def judged() -> list[JudgedQuery]:
    kinds = ["citizen"] * 34 + ["staff"] * 22 + ["lawyer"] * 13
    return [JudgedQuery(f"D{i + 1:02d}", f"query {i}", kind) for i, kind in enumerate(kinds)]


def test_folds_are_stratified_fixed_and_complete() -> None:
    queries = load_queries(DEV_QUERIES) if DEV_QUERIES.exists() else judged()
    parts = folds(queries, 5, seed=22)
    assert sorted(q.query_id for part in parts for q in part) == sorted(
        q.query_id for q in queries)
    for kind in ("citizen", "staff", "lawyer"):
        counts = [sum(1 for q in part if q.kind == kind) for part in parts]
        assert max(counts) - min(counts) <= 1
    assert folds(queries, 5, seed=22) == parts
    assert folds(queries, 5, seed=23) != parts


def test_paired_comparison_counts_and_names_the_losses() -> None:
    a = {"D30": Scores(1.0, 1.0, 1.0), "D01": Scores(0.4, 0.3, 0.5), "D02": Scores(0.5, 0, 1)}
    b = {"D30": Scores(0.2, 0.5, 0.5), "D01": Scores(0.7, 0.6, 1.0), "D02": Scores(0.5, 0, 1)}
    result = paired(a, b)
    assert (result.wins, result.losses, result.ties) == (1, 1, 1)
    assert result.worst == [("D30", 1.0, 0.2)]


def test_plateau_prefers_a_broad_top_and_keeps_the_current_on_ties() -> None:
    assert _plateau([0.70, 0.71, 0.85, 0.70, 0.80, 0.81, 0.80], current=-1) == 5
    assert _plateau([0.8, 0.8, 0.8], current=1) == 1


def test_configuration_strings() -> None:
    assert parse_config("keyword") == (Mode.keyword, {})
    assert parse_config("hybrid:exact_slots=0,query_synonyms=true,hybrid_fusion=rrf") == (
        Mode.hybrid, {"exact_slots": 0, "query_synonyms": True, "hybrid_fusion": "rrf"})
