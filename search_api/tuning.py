"""Choosing ranking settings that hold on unseen queries: k-fold cross-validation over the
judged queries, offline.

Each query's candidate lists are retrieved once (`dump_candidates`, with and without the
query synonyms) and stored; ranking is a pure function of those lists (`search.order`), so
a configuration costs a few milliseconds per query and a grid costs seconds. The dense
feedback list is the exception: it follows a first ranking under the settings of the dump,
so other settings are measured with the feedback of the dump's (an approximation). Settings are
chosen on the training folds by coordinate ascent (preferring a value whose neighbours
score well too: a plateau, not a peak) and reported on the held-out folds only.
"""

import gzip
import json
import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ratsuche.backends.base import Backend, Hit
from ratsuche.core.query import Mode
from ratsuche.embedding import Embedder
from ratsuche.settings import Settings
from ratsuche.synonyms import with_synonyms
from search_api.evaluation import JudgedQuery, Judgments, Ranked, Scores, mean, score
from search_api.evidence import QueryEvidence
from search_api.query import parse_query
from search_api.schemas import SearchRequest
from search_api.search import Candidates, expanded, order, retrieve, with_feedback

# The ranking settings tuned, each with the values tried (ordered: neighbours are close).
# Kept small: with ten settings and wide ranges, coordinate ascent on 55 training queries
# fitted noise (held-out hybrid nDCG@10 0.777 against 0.781 untuned). Left out after a first
# run: RRF (-0.06 nDCG@10 on all queries) and the number of context pages (flat).
GRID: dict[str, list[Any]] = {
    "hybrid_fusion": ["minmax", "spread"],
    "hybrid_keyword_weight": [0.3, 0.4, 0.5],
    "hybrid_weight_shift": [0.0, 0.1, 0.2],
    "context_weight": [0.2, 0.3, 0.4],
    "exact_slots": [0, 1, 2, 3],
    "exact_margin": [0.0, 1.5, 2.0],
    "evidence_weight": [0.0, 0.05, 0.1],
    "one_per_page": [False, True],
    "citations_by_keyword_rank": [False, True],
    "query_synonyms": [False, True],
    # on or off only: the stored feedback list was retrieved with the dump's settings
    "dense_feedback_passages": [0, 3],
}
# The parts of the ranking and the settings that switch each one off (for ablations).
PARTS: dict[str, dict[str, Any]] = {
    "scores in standard deviations (spread fusion)": {"hybrid_fusion": "minmax"},
    "adaptive weights": {"hybrid_weight_shift": 0.0},
    "exact matches on top": {"exact_slots": 0, "exact_margin": 0.0},
    "query evidence": {"evidence_weight": 0.0},
    "synonyms": {"query_synonyms": False},
    "one passage per page": {"one_per_page": False},
    "citing units in keyword order": {"citations_by_keyword_rank": False},
    "page context": {"context_weight": 0.0},
    "dense feedback": {"dense_feedback_passages": 0},
}
TOP = 10
PASSES = 2
LISTS = ("keyword", "semantic", "cited", "exact", "feedback")  # the lists stored per query
CLEAR, BURIED = 0.8, 0.5  # a catastrophic loss: keyword reaches CLEAR, hybrid stays BURIED


def _hit_json(hit: Hit) -> list[Any]:
    return [hit.unit_id, hit.score, hit.source, hit.chunk_id]


def _hit(data: list[Any]) -> Hit:
    return Hit(data[0], data[1], data[2], [], data[3])


def dump_candidates(
    backend: Backend, embedder: Embedder, queries: Sequence[JudgedQuery], settings: Settings
) -> dict[str, dict[str, Candidates]]:
    """Every retriever's list for every query, as typed (`plain`) and with synonyms (and the
    parts of compounds the index does not hold); the dense feedback list of each from a first
    ranking under `settings`."""
    wide = settings.model_copy(update={"exact_slots": max(GRID["exact_slots"])})
    feedback = settings.model_copy(update={
        "dense_feedback_passages": settings.dense_feedback_passages
        or max(GRID["dense_feedback_passages"])})
    dumped: dict[str, dict[str, Candidates]] = {}
    for query in queries:
        request = SearchRequest(q=query.text, mode=Mode.hybrid, size=TOP)
        parsed = parse_query(query.text)
        first = retrieve(backend, embedder, parsed, request, wide)
        plain = with_feedback(backend, first, parsed, request, feedback)
        wider = expanded(parsed, backend, settings.model_copy(update={"query_synonyms": True}))
        synonyms = plain
        if wider is not parsed:
            keyword = retrieve(backend, embedder, wider,
                               request.model_copy(update={"mode": Mode.keyword}), wide)
            exact = retrieve(backend, embedder, wider, request, wide).exact
            synonyms = with_feedback(backend, Candidates(
                keyword.keyword, first.semantic, keyword.cited, exact,
                query_vector=first.query_vector), wider, request, feedback)
        dumped[query.query_id] = {"plain": plain, "synonyms": synonyms}
    return dumped


def save(dumped: dict[str, dict[str, Candidates]], path: Path) -> None:
    data = {qid: {variant: {name: [_hit_json(h) for h in getattr(c, name)] for name in LISTS}
                  for variant, c in variants.items()}
            for qid, variants in dumped.items()}
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(data, f)


def load(path: Path) -> dict[str, dict[str, Candidates]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    def candidates(lists: dict[str, list[list[Any]]]) -> Candidates:
        if set(lists) != set(LISTS):
            raise ValueError(f"{path} holds the lists {sorted(lists)}, not {sorted(LISTS)}: "
                             "stored by an older version; delete it to retrieve them again")
        hits = {name: [_hit(h) for h in lists[name]] for name in LISTS}
        return Candidates(hits["keyword"], hits["semantic"], hits["cited"], hits["exact"],
                          hits["feedback"])

    return {qid: {variant: candidates(lists) for variant, lists in variants.items()}
            for qid, variants in data.items()}


def offline_top(
    candidates: dict[str, Candidates], text: str, mode: Mode, settings: Settings
) -> Ranked:
    """The first results of one query under `settings`, from its stored lists (as
    `search.rank` would order them)."""
    parsed = parse_query(text)
    if settings.query_synonyms:
        parsed = with_synonyms(parsed)
    evidence = QueryEvidence.of(text) if settings.evidence_weight else None
    lists = candidates["synonyms" if settings.query_synonyms else "plain"]
    request = SearchRequest(q=text, mode=mode, size=TOP)
    fused = order(lists, parsed, request, settings, evidence)
    return [(str(h.source["file"]), int(h.source.get("page_first") or 1),
             int(h.source.get("page_last") or h.source.get("page_first") or 1))
            for h, _, _ in fused[:TOP]]


@dataclass
class Offline:
    """The judged queries with their stored candidate lists."""

    queries: list[JudgedQuery]
    judgments: dict[str, Judgments]
    dumped: dict[str, dict[str, Candidates]]

    def scores(
        self, queries: Sequence[JudgedQuery], mode: Mode, settings: Settings
    ) -> dict[str, Scores]:
        """Scores of each query (by id)."""
        return {q.query_id: score(offline_top(self.dumped[q.query_id], q.text, mode, settings),
                                  self.judgments[q.query_id], TOP)
                for q in queries if q.query_id in self.judgments}


def by_kind(queries: Sequence[JudgedQuery], scores: dict[str, Scores]) -> dict[str, Scores]:
    """Mean scores overall (`all`) and per query kind."""
    groups: dict[str, list[Scores]] = defaultdict(list)
    for q in queries:
        if q.query_id in scores:
            groups["all"].append(scores[q.query_id])
            groups[q.kind].append(scores[q.query_id])
    return {kind: mean(values) for kind, values in groups.items()}


def objective(queries: Sequence[JudgedQuery], scores: dict[str, Scores]) -> float:
    """Hybrid nDCG@10 averaged over the kinds (each kind counts alike, so the 13 lawyer
    queries weigh as much as the 34 citizen queries)."""
    kinds = by_kind(queries, scores)
    return statistics.fmean(s.ndcg for kind, s in kinds.items() if kind != "all")


def folds(queries: Sequence[JudgedQuery], k: int, seed: int) -> list[list[JudgedQuery]]:
    """k folds, stratified by kind: each kind is shuffled (fixed seed) and dealt round."""
    rng = random.Random(seed)
    dealt: list[list[JudgedQuery]] = [[] for _ in range(k)]
    position = 0
    for kind in sorted({q.kind for q in queries}):
        group = sorted((q for q in queries if q.kind == kind), key=lambda q: q.query_id)
        rng.shuffle(group)
        for query in group:
            dealt[position % k].append(query)
            position += 1
    return dealt


def _plateau(values: list[float], current: int) -> int:
    """The index of the best value smoothed with its neighbours (ties: the current one,
    else the first)."""
    def near(i: int) -> float:
        return values[i] if 0 <= i < len(values) else values[min(max(i, 0), len(values) - 1)]

    smoothed = [0.5 * values[i] + 0.25 * (near(i - 1) + near(i + 1)) for i in range(len(values))]
    best = max(range(len(values)), key=lambda i: (smoothed[i], values[i], -i))
    if current >= 0 and (smoothed[current], values[current]) == (smoothed[best], values[best]):
        return current
    return best


def tune(
    offline: Offline, queries: Sequence[JudgedQuery], start: Settings,
    fixed: dict[str, Any] | None = None,
) -> Settings:
    """Coordinate ascent over GRID on `queries` (hybrid, `objective`), from `start`;
    settings in `fixed` stay as given."""
    fixed = fixed or {}
    current = start.model_copy(update=fixed)
    for _ in range(PASSES):
        for name, values in GRID.items():
            if name in fixed:
                continue
            results = [objective(queries, offline.scores(
                queries, Mode.hybrid, _with(current, name, value))) for value in values]
            now = getattr(current, name)
            index = _plateau(results, values.index(now) if now in values else -1)
            current = _with(current, name, values[index])
    return current


def _with(settings: Settings, name: str, value: Any) -> Settings:
    update = {name: value}
    if name == "hybrid_keyword_weight":
        update["hybrid_semantic_weight"] = round(1 - value, 6)
    return settings.model_copy(update=update)


@dataclass
class CrossValidation:
    """Held-out figures of every fold: fold -> mode -> kind -> Scores."""

    held_out: list[dict[str, dict[str, Scores]]]
    chosen: list[dict[str, Any]]  # the tuned settings of each fold
    per_query: dict[str, dict[str, Scores]]  # mode -> query id -> held-out scores

    def summary(self, mode: str, kind: str) -> tuple[Scores, Scores]:
        """Mean and spread (standard deviation) over the folds."""
        values = [fold[mode][kind] for fold in self.held_out if kind in fold[mode]]

        def spread(get: Callable[[Scores], float]) -> float:
            return statistics.pstdev(get(v) for v in values) if len(values) > 1 else 0.0

        return mean(values), Scores(spread(lambda s: s.ndcg), spread(lambda s: s.recall),
                                    spread(lambda s: s.mrr))


def cross_validate(
    offline: Offline, start: Settings, k: int, seed: int, tuned: bool = True,
    fixed: dict[str, Any] | None = None,
) -> CrossValidation:
    """For each fold: choose settings on the other folds (or keep `start` untuned), then
    score every mode on the fold."""
    parts = folds(offline.queries, k, seed)
    held_out, chosen = [], []
    per_query: dict[str, dict[str, Scores]] = {mode.value: {} for mode in Mode}
    for i, test in enumerate(parts):
        train = [q for j, part in enumerate(parts) if j != i for q in part]
        settings = tune(offline, train, start, fixed) if tuned else start
        chosen.append({name: getattr(settings, name) for name in GRID})
        fold = {}
        for mode in Mode:
            scores = offline.scores(test, mode, settings)
            per_query[mode.value].update(scores)
            fold[mode.value] = by_kind(test, scores)
        held_out.append(fold)
    return CrossValidation(held_out, chosen, per_query)


@dataclass(frozen=True)
class Paired:
    """Per-query comparison of two runs on nDCG@10."""

    wins: int
    losses: int
    ties: int
    worst: list[tuple[str, float, float]]  # (query id, nDCG of a, of b), b's biggest losses


def paired(a: dict[str, Scores], b: dict[str, Scores], show: int = 5,
           tolerance: float = 1e-9) -> Paired:
    """How often run b beats, loses to or ties with run a, and where it lost most."""
    common = [qid for qid in a if qid in b]
    delta = {qid: b[qid].ndcg - a[qid].ndcg for qid in common}
    worst = sorted((qid for qid in common if delta[qid] < -tolerance), key=lambda q: delta[q])
    return Paired(
        wins=sum(1 for d in delta.values() if d > tolerance),
        losses=sum(1 for d in delta.values() if d < -tolerance),
        ties=sum(1 for d in delta.values() if abs(d) <= tolerance),
        worst=[(qid, a[qid].ndcg, b[qid].ndcg) for qid in worst[:show]],
    )


def parse_config(text: str) -> tuple[Mode, dict[str, Any]]:
    """`hybrid` or `hybrid:exact_slots=0,query_synonyms=true` -> mode and setting changes
    (values parsed as JSON where they can be, e.g. numbers and true/false)."""
    mode, _, rest = text.partition(":")
    changes: dict[str, Any] = {}
    for pair in filter(None, rest.split(",")):
        name, _, value = pair.partition("=")
        try:
            changes[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            changes[name.strip()] = value.strip()
    return Mode(mode.strip()), changes


def _cell(mean_scores: Scores, spread: Scores) -> str:
    return (f"{mean_scores.ndcg:.3f}±{spread.ndcg:.3f} / {mean_scores.recall:.3f} / "
            f"{mean_scores.mrr:.3f}")


def cv_table(result: CrossValidation, kinds: Sequence[str], title: str) -> list[str]:
    """Markdown: per mode and kind, held-out nDCG@10 mean±spread / R@10 / MRR."""
    lines = [f"**{title}** (held-out folds: nDCG@10 mean±spread / R@10 / MRR)", "",
             "| mode | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    for mode in Mode:
        cells = [_cell(*result.summary(mode.value, kind)) for kind in kinds]
        lines.append(f"| {mode.value} | " + " | ".join(cells) + " |")
    return lines


def report(offline: Offline, start: Settings, k: int, seed: int,
           ablations: bool = True) -> tuple[list[str], Settings]:
    """The before/after cross-validated tables, what each part adds, the paired comparison
    of hybrid and keyword under the settings chosen on all queries, and those settings."""
    kinds = ["all", *sorted({q.kind for q in offline.queries})]
    before = cross_validate(offline, start, k, seed, tuned=False)
    after = cross_validate(offline, start, k, seed)
    lines = [*cv_table(before, kinds, "Before: the current settings"), "",
             *cv_table(after, kinds, f"After: tuned on the training folds ({k} folds, "
                                     f"seed {seed})"), ""]
    if ablations:
        lines += ["| part switched off | hybrid nDCG@10 held-out | change |", "|---|---|---|"]
        full = after.summary("hybrid", "all")[0].ndcg
        for part, off in PARTS.items():
            without = cross_validate(offline, start, k, seed, fixed=off)
            value = without.summary("hybrid", "all")[0].ndcg
            lines.append(f"| {part} | {value:.3f} | {full - value:+.3f} |")
        lines.append("")
    for label, result in (("before", before), ("after", after)):
        keyword, hybrid = result.per_query["keyword"], result.per_query["hybrid"]
        comparison = paired(keyword, hybrid)
        collapsed = sorted(q for q in hybrid if keyword[q].ndcg >= CLEAR and
                           hybrid[q].ndcg < BURIED)
        lines += [f"Paired ({label}, held-out): hybrid vs keyword {comparison.wins} wins / "
                  f"{comparison.losses} losses / {comparison.ties} ties; lost most: "
                  + ", ".join(f"{q} {a:.2f}->{b:.2f}" for q, a, b in comparison.worst)
                  + f"; keyword >= {CLEAR} but hybrid < {BURIED}: {', '.join(collapsed) or 'none'}",
                  ""]
    chosen = tune(offline, offline.queries, start)
    lines += ["Chosen on all queries: " + ", ".join(
                  f"{name}={getattr(chosen, name)}" for name in GRID),
              "Per fold: " + "; ".join(
                  ", ".join(f"{n}={v}" for n, v in fold.items()) for fold in after.chosen)]
    return lines, chosen
