"""Relevance evaluation on judged queries: nDCG@10, Recall@10 and MRR.

Scoring follows the rules of the judged set (shared/eval/README.md): a result is a file and
a page span; it gains the best grade among the judged pages it covers that no earlier
result covered; the ideal ranking uses all judged grades of the query.
"""

import csv
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

Judgments = dict[tuple[str, int], int]
Ranked = Sequence[tuple[str, int, int]]


@dataclass(frozen=True)
class JudgedQuery:
    query_id: str
    text: str
    kind: str


@dataclass(frozen=True)
class Scores:
    ndcg: float
    recall: float
    mrr: float


def load_queries(path: Path) -> list[JudgedQuery]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            JudgedQuery(row["query_id"], row["query"], row["kind"])
            for row in csv.DictReader(f, delimiter="\t")
        ]


def load_qrels(path: Path) -> dict[str, Judgments]:
    judged: dict[str, Judgments] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            judged[row["query_id"]][(row["file"], int(row["page"]))] = int(row["grade"])
    return dict(judged)


def score(results: Ranked, judgments: Judgments, k: int = 10) -> Scores:
    """Score one ranked list of (file, first_page, last_page) against the judged pages."""
    credited: set[tuple[str, int]] = set()
    gains: list[int] = []
    for file, first, last in results[:k]:
        covered = {
            pair: grade
            for pair, grade in judgments.items()
            if pair[0] == file and first <= pair[1] <= last and pair not in credited
        }
        gains.append(max(covered.values(), default=0))
        credited.update(covered)
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    mrr = next((1.0 / (i + 1) for i, g in enumerate(gains) if g >= 1), 0.0)
    return Scores(
        ndcg=dcg / idcg if idcg else 0.0,
        recall=len(credited) / len(judgments) if judgments else 0.0,
        mrr=mrr,
    )


def mean(scores: Sequence[Scores]) -> Scores:
    n = len(scores) or 1
    return Scores(
        ndcg=sum(s.ndcg for s in scores) / n,
        recall=sum(s.recall for s in scores) / n,
        mrr=sum(s.mrr for s in scores) / n,
    )


def evaluate(
    queries: Sequence[JudgedQuery],
    qrels: dict[str, Judgments],
    run: Callable[[str], Ranked],
    k: int = 10,
) -> dict[str, Scores]:
    """Mean scores overall (key `all`) and per query kind, for one retrieval function."""
    per_kind: dict[str, list[Scores]] = defaultdict(list)
    for query in queries:
        judgments = qrels.get(query.query_id)
        if not judgments:
            continue
        result = score(run(query.text), judgments, k)
        per_kind["all"].append(result)
        per_kind[query.kind].append(result)
    return {kind: mean(values) for kind, values in per_kind.items()}
