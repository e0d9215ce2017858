"""Vote counts of a resolution: "Ja: 49, Nein: 1, Enthaltungen: 0" -> Votes(49, 1, 0)."""

import re
from dataclasses import dataclass

from ingest.enrich._text import NUMBER, flatten, number_value
from ratsuche.core.records import Votes

__all__ = ["VoteStatement", "find_votes", "vote_statements"]

_N = rf"(?P<n>{NUMBER})"
_STIMME = r"\s?-?\s?[Ss]timme(?:n|\(n\))?"
# (kind, pattern, strong). Weak patterns ("10 Ja /", "Nein: 2") only count next to another
# count, so that a stray "3 Nein" or a survey answer is not taken for a vote.
_PATTERNS: list[tuple[str, re.Pattern[str], bool]] = [
    (kind, re.compile(p), strong)
    for kind, p, strong in [
        ("yes", _N + r"\s?-?\s?Ja(?:\s?-\s?|\s)?[Ss]timme(?:n|\(n\))?(?![\wäöü])", True),
        ("yes", _N + r"\sStimmen?\sdafür\b", True),
        ("yes", _N + r"\sdafür\b", False),
        ("yes", r"(?:entfielen|erhielt|erhält)\s" + _N + r"\sStimmen\b", True),
        ("yes", _N + r"\s?Ja\b(?!-)", False),
        ("yes", _N + r"\s?Ja-(?=,?\s(?!-?\s?[Ss]timm))", False),  # "12 Ja- und 2 Nein-Stimmen"
        ("yes", r"\bJa(?:-Stimmen)?\s?:\s?(?P<n>\d{1,3})\b", False),
        ("yes", _N + r"\sZustimmung(?:en)?\b", True),
        ("yes", _N + r"\sFür\b", False),  # "13 Für, 2 Gegen"
        ("yes", r"\bZustimmung(?:en)?\s?:\s?(?P<n>\d{1,3})\b", False),
        # "mit 8 Stimmen einstimmig", "einstimmig mit 8 Stimmen": all votes were yes
        ("yes", r"\bmit\s" + _N + r"\sStimmen\s(?=einstimmig\b)", True),
        ("yes", r"(?<=einstimmig\s)mit\s" + _N + r"\sStimmen\b", True),
        # "mit 20 gegen 3 Stimmen", "mit 8 zu 0 Stimmen": yes before, no after "gegen"/"zu"
        ("yes", r"\bmit\s" + _N + rf"(?=\s(?:gegen|zu)\s{NUMBER}\sStimmen\b)", True),
        ("no", _N + r"\s?(?:Nein|Gegen)" + _STIMME + r"(?![\wäöü])", True),
        ("no", r"(?i:ohne|keine)\s(?:Gegenstimmen?|Nein-Stimmen?)\b(?P<n>)", True),
        ("no", _N + r"\sStimmen?\sdagegen\b", True),
        ("no", _N + r"\sdagegen\b", False),  # "20 dafür, 3 dagegen"
        ("no", _N + r"\s?Nein\b(?!-)", False),
        ("no", r"\b(?:Nein|Gegenstimmen)(?:-Stimmen)?\s?:\s?(?P<n>\d{1,3})\b", False),
        ("no", _N + r"\sAblehnung(?:en)?\b", True),
        ("no", _N + r"\sGegen\b", False),
        ("no", r"\bAblehnung(?:en)?\s?:\s?(?P<n>\d{1,3})\b", False),
        ("no", r"(?<=\d\s)(?:gegen|zu)\s" + _N + r"\sStimmen\b", True),
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
# "12:3:1" (yes:no:abstain) anywhere but in a time; "12:3" only after a result word or
# before "Stimmen".
_TRIPLE = re.compile(
    r"(?<![\d:.,])(?P<yes>\d{1,3})\s?:\s?(?P<no>\d{1,3})\s?:\s?(?P<abstain>\d{1,3})"
    r"(?!\d|[:.,]\d)(?!\s?Uhr)"
)
_RESULT_WORD = (r"(?i:ergebnis|abstimmung|beschluss|einstimmig|mehrheitlich|beschlossen|angenommen"
                r"|abgelehnt|gefasst|zugestimmt)\W{1,4}")
_PAIR = re.compile(
    rf"(?:{_RESULT_WORD}"
    r"(?P<yes>\d{1,3})\s?:\s?(?P<no>\d{1,3})(?!\d|[:.,]\d|\s:\s?\d)(?!\s?Uhr)"
    r"|(?<![\d:.,])(?P<yes2>\d{1,3})\s?:\s?(?P<no2>\d{1,3})\s?Stimmen\b)"
)
# "Abstimmungsergebnis: 12/0/1", "9 - 1 - 1": a triple with slashes or dashes only right after
# a result word (elsewhere it is a date or a file number).
_SLASHED = re.compile(
    rf"{_RESULT_WORD}(?P<yes>\d{{1,3}})\s?(?P<sep>[/\-–])\s?(?P<no>\d{{1,3}})\s?(?P=sep)\s?"
    r"(?P<abstain>\d{1,3})(?![\d/.,\-–])"
)
# Abstentions told after a pair: "Abstimmung: 7:2, 3 Enthaltungen", "12:3 bei 1 Enthaltung".
_ABSTAIN_AFTER = re.compile(
    r"\s?[,;/]?\s?(?:bei\s)?" + _N + r"\s(?:Stimm)?[Ee]nthaltung(?:en|\(en\))?(?![\wäöü])"
)
# A grid: the column words, then as many numbers ("Ja Nein Enthaltung 12 3 1").
_GRID_WORD = r"(?:Ja(?:-Stimmen)?|Nein(?:-Stimmen)?|Gegenstimmen|(?:Stimm)?[Ee]nthaltung(?:en)?)"
# Columns of a grid that count no vote: the members present, those excluded as biased.
_OTHER_COLUMN = r"(?:[Aa]nwesend(?:e)?|[Bb]efangen(?:heit)?|Gesamt)"
_COLUMN = rf"(?:{_GRID_WORD}|{_OTHER_COLUMN})"
_GRID = re.compile(
    rf"(?<![\w-])(?P<head>(?:{_OTHER_COLUMN}[\s:|/;]+)?{_GRID_WORD}(?:[\s:|/;]+{_GRID_WORD}){{1,2}}"
    rf"(?:[\s:|/;]+{_OTHER_COLUMN})?)[\s:|/;]+"
    r"(?P<values>\d{1,3}(?:[\s|/;]+\d{1,3}){1,4})(?![\d.,:])"
)
# Each word followed by its number, two or three of them: "Zustimmung 12 Ablehnung 3
# Enthaltung 1", "Dafür: 15 Dagegen: 3 Enthaltung: 1", "Für: 17 Gegen: 2", "ja 9, nein 2". Read
# as such only when no count word follows the last number ("Für 20 Ja-Stimmen, 3 Nein-Stimmen"
# puts the numbers before their words).
_LABEL = (rf"(?i:(?:für|gegen)\sden\s(?:Beschluss(?:vorschlag)?|Antrag)|Stimmen\s(?:dafür|dagegen)"
          rf"|{_GRID_WORD}|Enth\.|Gegen|Für|dafür|dagegen|Zustimmung(?:en)?|Ablehnung(?:en)?)")
_LABEL_COUNT = rf"({_LABEL})\s?(:?)\s?(\d{{1,3}})"  # word, colon (or ""), number
_LABELLED = re.compile(
    rf"(?<![\w-]){_LABEL_COUNT}(?:[\s,;/|]+{_LABEL_COUNT}){{1,2}}(?![\d.,:])"
    r"(?!\s?-?\s?(?:Ja\b|Nein|Stimm|Enth|Gegen|[Dd]afür|[Dd]agegen|Zustimm|Ablehn))"
)


def _kind(word: str) -> str:
    """What a count word counts: "Ja", "Für", "dafür", "Zustimmung", "für den Beschluss"
    yes; "Nein", "Gegen…", "dagegen", "Ablehnung", "gegen den Beschluss" no;
    "(Stimm)Enthaltung", "Enth." abstain."""
    lower = word.lower().removeprefix("stimmen ")  # "Stimmen dafür", "für den Beschluss"
    if lower.startswith(("ja", "für", "dafür", "zustimm")):
        return "yes"
    if lower.startswith(("nein", "gegen", "dagegen", "ablehn")):
        return "no"
    return "abstain"


def _votes_of(counts: list[tuple[str, int]]) -> Votes | None:
    """Votes from (count word, number) pairs; None when a kind comes twice (then they are not
    one statement)."""
    found: dict[str, int] = {}
    for word, number in counts:
        kind = _kind(word)
        if kind in found:
            return None
        found[kind] = number
    return Votes(found.get("yes"), found.get("no"), found.get("abstain"))


def _labelled(m: re.Match[str]) -> Votes | None:
    """The counts of a sequence of words each followed by its number."""
    return _votes_of([(word, int(number))
                      for word, _, number in re.findall(_LABEL_COUNT, m.group(0))])


def _each_with_colon(m: re.Match[str]) -> bool:
    """Whether every word of a sequence is followed by a colon: "Ja-Stimmen: 9 Nein-Stimmen: 1"."""
    return all(colon for _, colon, _ in re.findall(_LABEL_COUNT, m.group(0)))


def _grid(m: re.Match[str]) -> Votes | None:
    """The counts of a grid: its column words, then their numbers in the same order (a
    column of members present or biased is read and left out)."""
    heads = re.findall(_COLUMN, m.group("head"))
    values = [int(v) for v in re.findall(r"\d+", m.group("values"))][: len(heads)]
    if len(heads) != len(values):
        return None
    return _votes_of([(head, value) for head, value in zip(heads, values, strict=True)
                      if not re.fullmatch(_OTHER_COLUMN, head)])


# Text allowed between two counts of the same vote: punctuation, "und", "bei", "zu", ...
_GAP = re.compile(r"^[\s,;/()\-–.]*(?:(?:und|bei|sowie|zu|mit|gegen|,)\s?[\s,;/()\-–]*)*$")
# A faction breakdown after a count ("16 Ja-Stimmen (6 CDU, 5 Grüne)") is skipped between counts.
_BREAKDOWN = re.compile(r"\([^()]{0,160}\)")
# A lone weak count right after a result word is the vote: "einstimmig (13 Ja)",
# "Abstimmung: 13 Ja", "Abstimmungsergebnis: 12 dafür".
_RIGHT_AFTER_RESULT = re.compile(_RESULT_WORD + r"$")
_MAJORITY_WORD = re.compile(r"\b(?:[Ee]instimmig|[Mm]ehrheitlich)\b")


@dataclass(frozen=True)
class _Count:
    kind: str
    value: int
    start: int
    end: int
    strong: bool


# Every count pattern contains one of these words; only windows around them are scanned.
_KEYWORD = re.compile(r"Ja\b|Ja-|Nein|Gegen|[Ee]nth|[Ss]timm|dafür|dagegen|Zustimm|Ablehn")


def _windows(s: str, margin: int = 40) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for m in _KEYWORD.finditer(s):
        start, end = max(0, m.start() - margin), min(len(s), m.end() + margin)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# The number of members present or seated, right before a count word's number.
_PRESENT = re.compile(r"(?i:anwesend(?:e)?|Mitglieder(?:zahl)?|Sollstärke)\s?:?\s?$")


def _counts(s: str) -> list[_Count]:
    found: list[_Count] = []
    taken: list[tuple[int, int]] = []
    windows = _windows(s)
    for kind, pattern, strong in _PATTERNS:
        for m in (m for a, b in windows for m in pattern.finditer(s, a, b)):
            if any(m.start() < e and b < m.end() for b, e in taken):
                continue
            if _PRESENT.search(s, max(0, m.start() - 24), m.start()):
                continue  # "Anwesend 15 Ja 13 Nein 2": 15 were present
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
        gap = _BREAKDOWN.sub(" ", s[last[-1].end : c.start]) if last else ""
        if (
            last is not None
            and c.kind not in {x.kind for x in last}
            and len(gap) <= 40
            and _GAP.match(gap)
        ):
            last.append(c)
        else:
            clusters.append([c])
    return [cl for cl in clusters
            if len(cl) > 1 or cl[0].strong or _RIGHT_AFTER_RESULT.search(s, 0, cl[0].start)]


def find_votes(text: str) -> Votes:
    """The first complete vote statement in `text` as Votes; Votes() when there is none.

    Reads every spelling found in the corpus: "8 Ja-Stimmen, 0 Gegenstimmen, 0
    Stimmenthaltungen", "Ja: 49, Nein: 1, Enthaltungen: 0", "6 Ja-Stimmen / 1 Nein-Stimmen / 2
    Enthaltungen", "5 Ja/2 Nein/2 Enth.", "bei 16 Ja-Stimmen, einer Nein-Stimme und 6
    Enthaltungen" (number words), "ohne Gegenstimme", "7 Stimmen dafür, 1 Stimme dagegen",
    "(Abstimmung 9:0 Stimmen)", words before their numbers ("Zustimmung 12 Ablehnung 3
    Enthaltung 1", "dafür: 15 dagegen: 3", "Für: 17 Gegen: 2"), "20 dafür, 3 dagegen".
    Counts that are not mentioned stay None. A bare
    "einstimmig" gives Votes() (nothing was counted); but when counts are given without a Nein
    count and the nearest majority word is "einstimmig" ("einstimmig bei 23 Ja-Stimmen und 2
    Enthaltungen"), `no` is set to 0. Empty vote grids of Nordstemmen Vorlagen ("Ein- stimmig
    Ja Nein Ent- haltung") have no numbers and give Votes(). Only the first statement is
    read: a text with several resolutions should be split into units first.
    """
    statements = vote_statements(flatten(text))
    return statements[0].votes if statements else Votes()


@dataclass(frozen=True)
class VoteStatement:
    """One statement of counts in a (flattened) text: where it is and what it counts."""

    start: int
    end: int
    votes: Votes


def vote_statements(s: str) -> list[VoteStatement]:
    """Every vote statement of a flattened text (see `find_votes`), in text order: counts
    with their words, "Abstimmung 9:0 Stimmen", "12:3:1", a grid of column words and
    numbers. Statements inside an earlier one are left out."""
    found: list[VoteStatement] = []
    for pattern in (_RATIO, _TRIPLE, _PAIR, _SLASHED):
        for m in pattern.finditer(s):
            groups = m.groupdict()
            yes = groups.get("yes") or groups.get("yes2")
            no = groups.get("no") or groups.get("no2")
            abstain = int(groups["abstain"]) if groups.get("abstain") else None
            end = m.end()
            told = _ABSTAIN_AFTER.match(s, end) if abstain is None else None
            if told and (value := number_value(told.group("n"))) is not None:
                abstain, end = value, told.end()
            if yes is not None and no is not None:
                found.append(VoteStatement(m.start(), end, Votes(int(yes), int(no), abstain)))
    colons: list[tuple[int, int]] = []  # "Ja-Stimmen: 9 Nein-Stimmen: 1", each word with ":"
    for grid, read in ((_GRID, _grid), (_LABELLED, _labelled)):
        for m in grid.finditer(s):
            votes = read(m)
            if votes is not None:
                found.append(VoteStatement(m.start(), m.end(), votes))
                if grid is _LABELLED and _each_with_colon(m):
                    colons.append(m.span())
    # A number before such a statement's first word belongs to the line before ("davon
    # anwesend: 11 Ja-Stimmen: 9"), not to the word: no count overlaps the statement.
    counts = [c for c in _counts(s) if not any(c.start < b and a < c.end for a, b in colons)]
    for cluster in _clusters(s, counts):
        values = {c.kind: c.value for c in cluster}
        votes = Votes(values.get("yes"), values.get("no"), values.get("abstain"))
        if votes.no is None:
            before = _MAJORITY_WORD.findall(s[max(0, cluster[0].start - 80) : cluster[0].start])
            after = _MAJORITY_WORD.findall(s[cluster[-1].end : cluster[-1].end + 30])
            nearest = before[-1] if before else (after[0] if after else "")
            if nearest.lower() == "einstimmig":
                votes.no = 0
        found.append(VoteStatement(cluster[0].start, cluster[-1].end, votes))
    found.sort(key=lambda st: (st.start, -st.end))
    result: list[VoteStatement] = []
    for statement in found:
        if result and statement.start < result[-1].end:
            continue
        result.append(statement)
    return result
