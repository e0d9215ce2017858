"""Scoring of extracted units against hand-labelled agenda items (`ratsuche eval-extraction`).

The gold format and the rules are those of `../shared/eval/extraction-dev/README.md`: one row
per vote, the rows sharing `(file, top)` form one labelled agenda item. Per item:

1. found: a unit of the file with the same agenda-item number (normalised), else units whose
   pages overlap the item's and whose title plus first 300 characters hold at least half of
   the gold title's first eight long words; those units are the item's candidates;
2. outcome right (found items): some candidate's outcome is one of the rows' outcomes or
   `[alt: …]` markers;
3. votes exact (rows with counts, found items): some candidate's votes equal the row's
   counts in every field the row fills;
4. citations and factions recall (found items' gold values among the candidates');
5. end to end: found with the right outcome / all items.

A unit that carries several resolutions (`resolutions`, one per vote) offers each of them
as a candidate outcome and vote. Pure functions: units come in as index records (dicts).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.enrich.factions import find_factions
from ratsuche.citations import find_citations

__all__ = [
    "GoldRow",
    "ItemResult",
    "Scores",
    "load_gold",
    "normalize_top",
    "score_items",
    "summarize",
]

#: Product outcome -> gold outcome.
OUTCOME_NAMES = {
    "einstimmig": "unanimous",
    "mehrheitlich": "majority",
    "abgelehnt": "rejected",
    "vertagt": "postponed",
    "zur_kenntnis": "noted",
    "erledigt": "other",
    None: "none",
}
_ALT = re.compile(r"\[alt:\s*([a-z]+)\s*\]")


@dataclass(frozen=True)
class GoldRow:
    """One labelled vote (or outcome) of an agenda item."""

    file: str
    page_first: int
    page_last: int
    top: str
    title: str
    outcomes: tuple[str, ...]  # the labelled outcome, then the `[alt: …]` ones
    yes: int | None
    no: int | None
    abstain: int | None
    factions: tuple[str, ...]
    citations: tuple[str, ...]

    @property
    def municipality(self) -> str:
        return Path(self.file).name.split("_")[0]

    @property
    def has_counts(self) -> bool:
        return (self.yes, self.no, self.abstain) != (None, None, None)


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _split_citations(value: str) -> tuple[str, ...]:
    """Gold citations are joined by ", " only before "§" or "Art." (a "§§" list has commas)."""
    return tuple(p.strip() for p in re.split(r",\s(?=§|Art\.)", value) if p.strip())


def load_gold(path: Path) -> list[GoldRow]:
    """The rows of a gold TSV (header line, tab-separated, no quoting)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            note = raw.get("note") or ""
            rows.append(
                GoldRow(
                    file=raw["file"],
                    page_first=int(raw["page_first"]),
                    page_last=int(raw["page_last"]),
                    top=raw["top"],
                    title=raw["title"],
                    outcomes=(raw["outcome"], *_ALT.findall(note)),
                    yes=_int(raw["yes"]),
                    no=_int(raw["no"]),
                    abstain=_int(raw["abstain"]),
                    factions=tuple(f.strip() for f in raw["factions"].split(",") if f.strip()),
                    citations=_split_citations(raw["citations"]),
                )
            )
    return rows


_TOP_WORD = re.compile(r"^(?:tagesordnungspunkt|top|punkt|ö)\s*", re.IGNORECASE)


def normalize_top(top: str | None) -> str:
    """ "TOP 4.1." -> "4.1", "Ö 3" -> "3", "2)" -> "2": what agenda numbers are compared by."""
    value = _TOP_WORD.sub("", (top or "").strip().lower())
    value = re.sub(r"[\s.:)]+$", "", value)
    return re.sub(r"\s+", "", value)


def _title_words(title: str) -> list[str]:
    title = title.removesuffix("...")
    return [w.lower() for w in re.findall(r"\w+", title) if len(w) > 3][:8]


def key_pair(key: str) -> tuple[str, str] | None:
    """(law, paragraph) of a stored citation key, lower case: "NKomVG §58 Abs. 1" ->
    ("nkomvg", "58")."""
    match = re.match(r"^(?P<law>.+?) (?:§|Art\. )(?P<par>\S+)", key)
    return (match.group("law").lower(), match.group("par").lower()) if match else None


def citation_pairs(citation: str) -> list[tuple[str, str]]:
    """(law, paragraph) pairs of a citation as printed: "§ 58 Abs. 1 NKomVG" ->
    [("nkomvg", "58")] (read by the product's citation normaliser)."""
    pairs = (key_pair(key) for key in find_citations(citation))
    return list(dict.fromkeys(p for p in pairs if p))


def _citation_pair(citation: str) -> tuple[str, str]:
    """The (law, paragraph) a gold citation is scored by: its first one; a citation the
    normaliser cannot read stays as printed (and is never found)."""
    pairs = citation_pairs(citation)
    return pairs[0] if pairs else ("?", citation)


def faction_key(name: str) -> str:
    """One spelling per faction: the product's canonical name where it knows one."""
    found = find_factions(name)
    return (found[0] if len(found) == 1 else name).lower()


def _resolutions(unit: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The outcome/votes pairs a unit offers: its own and those of its resolutions."""
    return [unit, *(unit.get("resolutions") or [])]


def _votes_match(row: GoldRow, votes: Mapping[str, Any] | None) -> bool:
    votes = votes or {}
    wanted = {"yes": row.yes, "no": row.no, "abstain": row.abstain}
    return all(votes.get(k) == v for k, v in wanted.items() if v is not None)


@dataclass
class ItemResult:
    """How one labelled agenda item fared."""

    file: str
    top: str
    municipality: str
    found: bool
    outcome_right: bool
    vote_rows: int
    votes_exact: int
    citations: int
    citations_found: int
    factions: int
    factions_found: int
    wanted: tuple[str, ...]  # the gold outcomes accepted
    got: tuple[str, ...]  # the candidates' outcomes


def _candidates(rows: Sequence[GoldRow], units: Sequence[Mapping[str, Any]]) -> list[Any]:
    top = normalize_top(rows[0].top)
    same = [u for u in units if normalize_top(u.get("agenda_item")) == top]
    if same:
        return same
    first = min(r.page_first for r in rows)
    last = max(r.page_last for r in rows)
    words = _title_words(rows[0].title)
    result = []
    for unit in units:
        lo = unit.get("unit_page_first") or unit.get("page_first") or 0
        hi = unit.get("unit_page_last") or unit.get("page_last") or 0
        if hi < first or lo > last or not words:
            continue
        hay = (str(unit.get("title") or "") + " " + str(unit.get("text") or "")[:300]).lower()
        if 2 * sum(1 for w in words if w in hay) >= len(words):
            result.append(unit)
    return result


def score_item(rows: Sequence[GoldRow], units: Sequence[Mapping[str, Any]]) -> ItemResult:
    """Score the rows of one agenda item against the units of its file."""
    candidates = _candidates(rows, units)
    offered = [r for u in candidates for r in _resolutions(u)]
    got = tuple(OUTCOME_NAMES.get(r.get("outcome"), str(r.get("outcome"))) for r in offered)
    wanted = tuple(dict.fromkeys(o for r in rows for o in r.outcomes))
    counted = [r for r in rows if r.has_counts]
    exact = sum(1 for r in counted if any(_votes_match(r, o.get("votes")) for o in offered))
    gold_citations = {_citation_pair(c) for r in rows for c in r.citations}
    have_citations = {key_pair(c) for u in candidates for c in u.get("citations") or []}
    cited = len(gold_citations & have_citations)
    gold_factions = {faction_key(f) for r in rows for f in r.factions}
    have_factions = {faction_key(f) for u in candidates for f in u.get("factions") or []}
    return ItemResult(
        file=rows[0].file,
        top=rows[0].top,
        municipality=rows[0].municipality,
        found=bool(candidates),
        outcome_right=bool(candidates) and bool(set(got) & set(wanted)),
        vote_rows=len(counted),
        votes_exact=exact if candidates else 0,
        citations=len(gold_citations),
        citations_found=cited if candidates else 0,
        factions=len(gold_factions),
        factions_found=len(gold_factions & have_factions) if candidates else 0,
        wanted=wanted,
        got=got,
    )


def score_items(
    gold: Sequence[GoldRow], units_by_file: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[ItemResult]:
    """One result per labelled agenda item (rows sharing file and top), in gold order."""
    items: dict[tuple[str, str], list[GoldRow]] = {}
    for row in gold:
        items.setdefault((row.file, normalize_top(row.top)), []).append(row)
    return [score_item(rows, units_by_file.get(file, [])) for (file, _), rows in items.items()]


@dataclass
class Scores:
    """Totals over a set of items; the ratios are what the table prints."""

    items: int = 0
    found: int = 0
    outcome_right: int = 0
    vote_rows: int = 0
    votes_exact: int = 0
    citations: int = 0
    citations_found: int = 0
    factions: int = 0
    factions_found: int = 0
    misses: list[ItemResult] = field(default_factory=list)

    def add(self, item: ItemResult) -> None:
        self.items += 1
        self.found += item.found
        self.outcome_right += item.outcome_right
        self.vote_rows += item.vote_rows if item.found else 0
        self.votes_exact += item.votes_exact
        self.citations += item.citations if item.found else 0
        self.citations_found += item.citations_found
        self.factions += item.factions if item.found else 0
        self.factions_found += item.factions_found
        if not item.outcome_right or item.votes_exact < item.vote_rows:
            self.misses.append(item)

    def ratios(self) -> dict[str, float | None]:
        """items found, outcome right (of found), votes exact (of found votes), citations and
        factions recall (on found items), end to end; None where nothing was there to count."""

        def ratio(part: int, whole: int) -> float | None:
            return part / whole if whole else None

        return {
            "items found": ratio(self.found, self.items),
            "outcome right": ratio(self.outcome_right, self.found),
            "votes exact": ratio(self.votes_exact, self.vote_rows),
            "citations": ratio(self.citations_found, self.citations),
            "factions": ratio(self.factions_found, self.factions),
            "end to end": ratio(self.outcome_right, self.items),
        }


def summarize(results: Iterable[ItemResult]) -> dict[str, Scores]:
    """Scores per municipality (sorted) and `all`."""
    per: dict[str, Scores] = {}
    total = Scores()
    for item in results:
        per.setdefault(item.municipality, Scores()).add(item)
        total.add(item)
    return {**dict(sorted(per.items())), "all": total}
