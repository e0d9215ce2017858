"""Vote counts of a resolution: "Ja: 49, Nein: 1, Enthaltungen: 0" -> Votes(49, 1, 0)."""

import re
from dataclasses import dataclass

from ingest.enrich._text import NUMBER, flatten, number_value
from ratsuche.core.records import Votes

__all__ = ["find_votes"]

_N = rf"(?P<n>{NUMBER})"
_STIMME = r"\s?-?\s?[Ss]timme(?:n|\(n\))?"
# (kind, pattern, strong). Weak patterns ("10 Ja /", "Nein: 2") only count next to another
# count, so that a stray "3 Nein" or a survey answer is not taken for a vote.
_PATTERNS: list[tuple[str, re.Pattern[str], bool]] = [
    (kind, re.compile(p), strong)
    for kind, p, strong in [
        ("yes", _N + r"\s?-?\s?Ja(?:\s?-\s?|\s)?Stimme(?:n|\(n\))?(?![\wäöü])", True),
        ("yes", _N + r"\sStimmen?\sdafür\b", True),
        ("yes", r"(?:entfielen|erhielt|erhält)\s" + _N + r"\sStimmen\b", True),
        ("yes", _N + r"\s?Ja\b(?!-)", False),
        ("yes", _N + r"\s?Ja-(?=\s(?!-?\s?[Ss]timm))", False),
        ("yes", r"\bJa(?:-Stimmen)?\s?:\s?(?P<n>\d{1,3})\b", False),
        ("no", _N + r"\s?(?:Nein|Gegen)" + _STIMME + r"(?![\wäöü])", True),
        ("no", r"(?i:ohne|keine)\s(?:Gegenstimmen?|Nein-Stimmen?)\b(?P<n>)", True),
        ("no", _N + r"\sStimmen?\sdagegen\b", True),
        ("no", _N + r"\s?Nein\b(?!-)", False),
        ("no", r"\b(?:Nein|Gegenstimmen)(?:-Stimmen)?\s?:\s?(?P<n>\d{1,3})\b", False),
        ("abstain", _N + r"\s(?:Stimm)?[Ee]nthaltung(?:en|\(en\))?(?![\wäöü])", True),
        ("abstain", r"(?i:ohne|keine)\s(?:Stimm)?[Ee]nthaltung(?:en)?\b(?P<n>)", True),
        ("abstain", _N + r"\s?Enth\.", False),
        ("abstain", r"\b(?:Stimm)?[Ee]nthaltung(?:en)?\s?:\s?(?P<n>\d{1,3})\b", False),
    ]
]
# "Abstimmung 9:0 Stimmen" (Erlangen Stadtteilbeirat): yes:no[:abstain].
_RATIO = re.compile(
    r"Abstimmung\s?(?P<yes>\d{1,3})\s?:\s?(?P<no>\d{1,3})(?:\s?:\s?(?P<abstain>\d{1,3}))?"
    r"\s?Stimmen\b"
)
# Text allowed between two counts of the same vote: punctuation, "und", "bei", "zu", ...
_GAP = re.compile(r"^[\s,;/()\-–.]*(?:(?:und|bei|sowie|zu|mit|gegen|,)\s?[\s,;/()\-–]*)*$")
_MAJORITY_WORD = re.compile(r"\b(?:[Ee]instimmig|[Mm]ehrheitlich)\b")


@dataclass(frozen=True)
class _Count:
    kind: str
    value: int
    start: int
    end: int
    strong: bool


# Every count pattern contains one of these words; only windows around them are scanned.
_KEYWORD = re.compile(r"Ja\b|Ja-|Nein|Gegen|[Ee]nth|[Ss]timm|dafür|dagegen")


def _windows(s: str, margin: int = 40) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for m in _KEYWORD.finditer(s):
        start, end = max(0, m.start() - margin), min(len(s), m.end() + margin)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _counts(s: str) -> list[_Count]:
    found: list[_Count] = []
    taken: list[tuple[int, int]] = []
    windows = _windows(s)
    for kind, pattern, strong in _PATTERNS:
        for m in (m for a, b in windows for m in pattern.finditer(s, a, b)):
            if any(m.start() < e and b < m.end() for b, e in taken):
                continue
            raw = m.group("n")
            value = 0 if raw == "" else number_value(raw)
            if value is None:
                continue
            found.append(_Count(kind, value, m.start(), m.end(), strong))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda c: c.start)


def _clusters(s: str, counts: list[_Count]) -> list[list[_Count]]:
    clusters: list[list[_Count]] = []
    for c in counts:
        last = clusters[-1] if clusters else None
        if (
            last is not None
            and c.kind not in {x.kind for x in last}
            and c.start - last[-1].end <= 40
            and _GAP.match(s[last[-1].end : c.start])
        ):
            last.append(c)
        else:
            clusters.append([c])
    return [cl for cl in clusters if len(cl) > 1 or cl[0].strong]


def find_votes(text: str) -> Votes:
    """The first complete vote statement in `text` as Votes; Votes() when there is none.

    Reads every spelling found in the corpus: "8 Ja-Stimmen, 0 Gegenstimmen, 0
    Stimmenthaltungen", "Ja: 49, Nein: 1, Enthaltungen: 0", "6 Ja-Stimmen / 1 Nein-Stimmen / 2
    Enthaltungen", "5 Ja/2 Nein/2 Enth.", "bei 16 Ja-Stimmen, einer Nein-Stimme und 6
    Enthaltungen" (number words), "ohne Gegenstimme", "7 Stimmen dafür, 1 Stimme dagegen",
    "(Abstimmung 9:0 Stimmen)". Counts that are not mentioned stay None. A bare
    "einstimmig" gives Votes() (nothing was counted); but when counts are given without a Nein
    count and the nearest majority word is "einstimmig" ("einstimmig bei 23 Ja-Stimmen und 2
    Enthaltungen"), `no` is set to 0. Empty vote grids of Nordstemmen Vorlagen ("Ein- stimmig
    Ja Nein Ent- haltung") have no numbers and give Votes(). Only the first statement is
    read: a text with several resolutions should be split into units first.
    """
    s = flatten(text)
    ratio = _RATIO.search(s)
    counts = _counts(s)
    clusters = _clusters(s, counts)
    if ratio and (not clusters or ratio.start() < clusters[0][0].start):
        abstain = ratio.group("abstain")
        return Votes(
            int(ratio.group("yes")), int(ratio.group("no")), int(abstain) if abstain else None
        )
    if not clusters:
        return Votes()
    first = clusters[0]
    values = {c.kind: c.value for c in first}
    votes = Votes(values.get("yes"), values.get("no"), values.get("abstain"))
    if votes.no is None:
        before = _MAJORITY_WORD.findall(s[max(0, first[0].start - 80) : first[0].start])
        after = _MAJORITY_WORD.findall(s[first[-1].end : first[-1].end + 30])
        nearest = before[-1] if before else (after[0] if after else "")
        if nearest.lower() == "einstimmig":
            votes.no = 0
    return votes
