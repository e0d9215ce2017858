"""Segmentation of a cleaned document into units: agenda items of a protocol, or one unit.

Design:

* Heading candidates are lines that start like an agenda item: strong ones name it
  ("TOP 5.2", "Zu Punkt 4:", "Zu TOP 3", "Tagesordnungspunkt 3", "Punkt 4 der
  Tagesordnung", "Ö 3.1"), weak ones are numbered lines ("3. Haushaltssatzung 2022",
  "3 Haushaltssatzung" in RIS tables, "3) ...").
* Candidates are grouped by their style (all "Zu Punkt N", all "N.", ...); in each group
  the best chain of consecutive numbers (1, 2, 3, 3.1, 4, ...; small gaps allowed) is found
  by dynamic programming. A chain item scores more when real text follows it before the
  next item: the Tagesordnung list at the start of a protocol (dense, one line per item)
  loses against the item bodies later in the document, numbered lists inside an item
  body lose against the headings of the items.
* A strong chain wins over weak ones; weak numbered lines only fill gaps in it (Erlangen:
  "TOP 1", "TOP 2", "TOP 3", "4. Sonstiges"), unless they belong to a numbered list. A
  weak-only chain is used only in a document that looks like a protocol, with at least
  three items and text between most of them (so Vorlagen, Antraege and distribution
  lists stay whole).
* A page starting with "Anlage 1 zur Niederschrift ...", "BEKANNTMACHUNG", "ÖFFENTLICHE
  NIEDERSCHRIFT", "Beschlussvorlage", ... starts a new section (an Anlage of the protocol,
  or the next document of a merged "Sitzungspaket"); agenda items are found per section,
  not in an Anlage (its "Zu Punkt 11" refers to earlier meetings).
* The text before the first agenda item (header, attendance, Tagesordnung) is a unit with
  `agenda_item=None` and the document title as title.
* Resolutions ("Beschluss:", "Beschlussvorschlag:", "Abstimmungsergebnis:", ...) stay
  inside their agenda item's unit: a resolution without its discussion and its item title
  is a poor search hit. `find_resolutions` locates them within a unit's text for later
  steps (outcome, votes).
* Units with more than `max_words` words are split at paragraph boundaries (then lines,
  sentences, words when a paragraph alone is too long) into parts of similar size; a
  resolution label line is never separated from the text that follows it.

Units partition the text: every non-whitespace character of every page lies in exactly
one span of one unit, in document order (`coverage_gaps` checks this).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.agenda import TOP_WORD, find_titles, read_agenda
from ratsuche.core.records import Page, PageSpan, Unit
from ratsuche.core.text import unspaced

__all__ = [
    "CoverageProblem",
    "ResolutionMarker",
    "coverage_gaps",
    "document_title",
    "find_resolutions",
    "segment",
    "split_long_unit",
]

# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    page_index: int  # index into the pages list
    start: int  # offsets into Page.text
    end: int
    text: str
    chars: int  # non-whitespace characters
    digits: int  # of which digits


def _lines(pages: Sequence[Page]) -> list[_Line]:
    result = []
    for index, page in enumerate(pages):
        if not page.text:
            continue
        offset = 0
        for raw in page.text.split("\n"):
            stripped = raw.strip()
            lead = len(raw) - len(raw.lstrip())
            result.append(
                _Line(
                    index,
                    offset + lead,
                    offset + lead + len(stripped),
                    stripped,
                    sum(1 for ch in stripped if not ch.isspace()),
                    sum(1 for ch in stripped if ch.isdigit()),
                )
            )
            offset += len(raw) + 1
    return result


# --------------------------------------------------------------------------- headings

# "5a", "5 a" (a lower-case letter only after a space: "TOP 5 B-Plan" is item 5)
_NUM = (r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})"
        r"(?:\s?(?P<suffix>(?<=\d)[a-z]|(?<=\d\s)(?-i:[a-z]))(?![a-zäöüß]))?\.?")
_SEP = r"\s*(?:[:.)\-–—]\s*)?"
_STRONG = [
    (
        "zu-top",
        re.compile(
            rf"^zu\s+{TOP_WORD}(?P<oe>Ö|NÖ)?\s*{_NUM}{_SEP}"
            rf"(?P<title>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "top",
        re.compile(
            rf"^{TOP_WORD}(?P<oe>Ö|NÖ)?\s*{_NUM}{_SEP}(?P<title>.*)$",
            re.IGNORECASE,
        ),
    ),
    ("zu-punkt", re.compile(rf"^zu\s+(?:Punkt|Pkt\.)\s*{_NUM}{_SEP}(?P<title>.*)$", re.IGNORECASE)),
    # "Zu Ö 3" (a bare "Zu 3.)" explains point 3 of a Vorlage)
    ("zu-oe", re.compile(rf"^zu\s+(?P<oe>Ö|NÖ)\s*{_NUM}{_SEP}(?P<title>.*)$", re.IGNORECASE)),
    (
        "punkt-der-to",
        re.compile(rf"^Punkt\s+{_NUM}\s+der\s+Tagesordnung{_SEP}(?P<title>.*)$", re.IGNORECASE),
    ),
    # "Punkt 2: Radverkehrskonzept": needs a run of such lines, see _RUN_STYLES
    ("punkt", re.compile(rf"^(?:Punkt|Pkt\.)\s+(?P<oe>Ö|NÖ)?\s*{_NUM}{_SEP}(?P<title>.*)$",
                         re.IGNORECASE)),
    (
        "to-punkt",
        re.compile(
            rf"^(?:zu\s+)?(?:Tagesordnungspunkt|TO-Punkt|TO-Pkt\.)\s*(?:Nr\.?\s*)?"
            rf"(?P<oe>Ö|NÖ)?\s*{_NUM}{_SEP}"
            rf"(?P<title>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "oe",
        re.compile(
            r"^(?P<oe>Ö|NÖ)\s?(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})(?P<suffix>)\.?"
            r"\s*(?:[:.)\-–—]\s*)?(?:\s(?P<title>\S.*))?$"
        ),
    ),
]
# Strong styles that a line of running text can start with ("Punkt 4 Absatz 2 …"): they count
# only as a chain of two items or more.
_RUN_STYLES = frozenset({"punkt"})
_WEAK = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?P<sep>\.\)|\.|\))?\s+(?P<title>\S.*)$")
# "§ 12 Bekanntgaben": Baden-Württemberg numbers the items of a Niederschrift as paragraphs,
# often counted on through the year ("§ 112"). Weak, like a numbered line: a statute printed
# in a protocol has the same lines, so only a protocol's chain of them with text between counts.
# The title may stand on the next line ("§ 21" alone, centred above it).
_PARAGRAPH_ITEM = re.compile(
    r"^§\s?(?P<num>\d{1,3})(?P<suffix>[a-z](?![a-zäöüß]))?\.?\s*(?:[:.)\-–—]\s*)?"
    r"(?:\s(?P<title>\S.*))?$"
)
# A citation at a line start is no heading: "§ 34 Abs. 1 BauGB", "§ 5 Satz 2".
_CITATION_GOES_ON = re.compile(r"^(?:Abs\.|Absatz|Satz|S\.|Nr\.|ff?\.|bis\b|und\b)")
# Weak "titles" that are numbers with units, votes or dates rather than agenda items.
_NOT_A_TITLE = re.compile(
    r"^(?:Ja\b|Nein\b|Ja-|Nein-|Gegenstimm|Stimmenthalt|Enthaltung|Stimme|Uhr\b|Euro\b|EUR\b|"
    r"€|%|Prozent\b|Mio\b|Tsd\b|T€|Jahre?n?\b|Monate?n?\b|Wochen?\b|Tage?n?\b|Stunden?\b|"
    r"Personen\b|Mitglieder\b|Stück\b|m²|qm\b|km\b|m\b|"
    r"Januar|Februar|März|April|Mai\b|Juni|Juli|August|September|Oktober|November|Dezember)"
)
_AMOUNT = re.compile(r"\d,\d\d\b")  # "316,94": a row of a financial table, not a title
_TITLE_START = re.compile(r"^(?:[A-ZÄÖÜ„\"'»(]|\d{1,3}\.\s+[A-ZÄÖÜ])")
# The first line of a page that starts another document: an Anlage of the protocol, or one
# of the documents merged into a "Sitzungspaket" (Bekanntmachung, Niederschrift, Vorlage).
_SECTION_START = re.compile(
    r"^(?:Anlage\s+\d+[a-z]?\s+(?:zur|zum|der|des)\s+"
    r"(?:Niederschrift|Protokoll|Sitzung|Drucksache|Vorlage)"
    r"|(?:Öffentliche\s+|Nichtöffentliche\s+)?(?:Niederschrift|Protokoll)\s*$"
    r"|(?:ÖFFENTLICHE\s+)?NIEDERSCHRIFT\b|BEKANNTMACHUNG\b|Bekanntmachung\s*$"
    r"|(?:Beschlussvorlage|Mitteilungsvorlage|Informationsvorlage)\b"
    r"|P ?r ?o ?t ?o ?k ?o ?l ?l\s*$)"
)
_ANLAGE = re.compile(r"^Anlage\s+\d+[a-z]?\s+(?:zur|zum|der|des)\s", re.IGNORECASE)
_RUNNING_PAGE_NUMBER = re.compile(r"(?:Seite\s*)?\d+\s*(?:von|/)\s*\d+\s*$")
_PROTOCOL_HINT = re.compile(r"protokoll|niederschrift|tagesordnung|sitzungsverlauf", re.IGNORECASE)
# Documents whose numbered sections are no agenda items.
_OTHER_KIND = re.compile(
    r"\b(?:Beschlussvorlage|Mitteilungsvorlage|Informationsvorlage|Antrag|Anfrage|"
    r"Stellungnahme|\w*Satzung|Geschäftsordnung|Vertrag)\b",
    re.IGNORECASE,
)
_OPENING_ITEM = re.compile(r"^(?:Eröffnung|Begrüßung|Feststellung|Genehmigung|Regularien)")


@dataclass(frozen=True)
class _Heading:
    line: int  # index into the line list
    style: str
    strong: bool
    key: tuple[int, ...]
    label: str  # normalized agenda item: "5.2", "Ö 3", "1e"
    title: str  # title text on the heading line (may be empty)
    quality: float  # how much the line looks like a heading, beyond its number


def _key(num: str, suffix: str | None, largest: int = 199) -> tuple[int, ...] | None:
    parts = tuple(int(part) for part in num.split("."))
    if parts[0] == 0 or any(part > largest for part in parts):
        return None
    if suffix:
        parts = (*parts, ord(suffix) - ord("a") + 1)
    return parts


def _label(num: str, suffix: str | None, oe: str | None) -> str:
    label = num.rstrip(".") + (suffix or "")
    return f"{oe} {label}" if oe else label


def _strong_heading(index: int, line: _Line) -> _Heading | None:
    for style, pattern in _STRONG:
        match = pattern.match(line.text)
        if not match:
            continue
        key = _key(match.group("num"), match.group("suffix"))
        title = (match.group("title") or "").strip()
        if key is None or (title and not _TITLE_START.match(title)):
            return None
        oe = match.groupdict().get("oe")
        return _Heading(
            index,
            style,
            True,
            key,
            _label(match.group("num"), match.group("suffix"), oe),
            title,
            0.0,
        )
    return None


def _weak_heading(index: int, line: _Line, lines: Sequence[_Line]) -> _Heading | None:
    match = _WEAK.match(line.text)
    if not match or len(line.text) > 200:
        return None
    title = match.group("title").strip()
    if not _TITLE_START.match(title) or _NOT_A_TITLE.match(title) or _AMOUNT.search(title):
        return None
    if not any(len(word) >= 3 and word.isalpha() for word in re.findall(r"\w+", title)):
        return None
    num = match.group("num")
    key = _key(num, None)
    if key is None:
        return None
    return _Heading(index, _weak_style(match), False, key, num, title,
                    _heading_quality(index, line, lines, title))


def _paragraph_heading(index: int, line: _Line, lines: Sequence[_Line]) -> _Heading | None:
    """ "§ 3 Bebauungsplan „Im Grund“ - Satzungsbeschluss" as a (weak) agenda item heading."""
    match = _PARAGRAPH_ITEM.match(line.text)
    if not match or len(line.text) > 200:
        return None
    title = (match.group("title") or "").strip()
    following = next((other.text for other in lines[index + 1 : index + 3] if other.text), "")
    shown = title or following  # the title on the line, else on the next one
    if not _TITLE_START.match(shown) or _CITATION_GOES_ON.match(shown):
        return None
    num, suffix = match.group("num"), match.group("suffix")
    key = _key(num, suffix, largest=999)  # counted on through the year: "§ 112"
    if key is None:
        return None
    return _Heading(index, "paragraph", False, key, "§ " + _label(num, suffix, None), title,
                    _heading_quality(index, line, lines, shown))


def _heading_quality(index: int, line: _Line, lines: Sequence[_Line], title: str) -> float:
    """How much a numbered line looks like a heading: blank lines around it, no full stop at
    its end, not long."""
    prev_blank = (
        index == 0 or not lines[index - 1].text or (lines[index - 1].page_index != line.page_index)
    )
    next_blank = index + 1 >= len(lines) or not lines[index + 1].text
    quality = 0.3 * prev_blank + 0.3 * next_blank
    if title.endswith(".") and not re.search(r"\b(?:Nr|Abs|bzw|gem|usw|ff|Str)\.$", title):
        quality -= 0.5
    if len(line.text) > 120:
        quality -= 0.3
    return quality


def _weak_style(match: re.Match[str]) -> str:
    sep = match.group("sep")
    return (
        "paren"
        if sep in (")", ".)")
        else "dot"
        if sep == "." or "." in match.group("num")
        else "bare"
    )


def _in_numbered_run(lines: Sequence[_Line], index: int, style: str, num: str) -> bool:
    """True when the line above or below is numbered in the same style: a list row. An item
    right above its first sub-item ("2. Bauanträge" / "2.1 Neubau …") is no list."""
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and not lines[other].text:
            other += step
        match = _WEAK.match(lines[other].text) if 0 <= other < len(lines) else None
        if match and _weak_style(match) == style:
            parent, child = (match.group("num"), num) if step < 0 else (num, match.group("num"))
            if child != f"{parent}.1":
                return True
    return False


def _follows(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """True when item number `b` can come right after `a` (small gaps allowed)."""
    if b[0] != a[0]:
        return 0 < b[0] - a[0] <= 3
    if b <= a:
        return False
    for level, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return 0 < y - x <= 3 and level < len(b)
    return b[len(a)] <= 2  # b extends a: 5 -> 5.1


@dataclass(frozen=True)
class _Sums:
    """Prefix sums over lines: text characters and digits before line i."""

    chars: list[int]
    digits: list[int]

    @classmethod
    def of(cls, lines: Sequence[_Line]) -> _Sums:
        chars, digits = [0], [0]
        for line in lines:
            chars.append(chars[-1] + line.chars)
            digits.append(digits[-1] + line.digits)
        return cls(chars, digits)

    def text(self, first: int, stop: int) -> int:
        """Text characters in lines first .. stop-1."""
        return self.chars[stop] - self.chars[first] if stop > first else 0

    def gap_bonus(self, first: int, stop: int) -> float:
        """Reward for real text between two chain items; a financial table is no item body."""
        chars = self.text(first, stop)
        digits = self.digits[stop] - self.digits[first] if stop > first else 0
        bonus = 0.9 * min(chars, 300) / 300
        if chars > 100 and digits > 0.3 * chars:
            bonus -= 1.5
        return bonus


@dataclass(frozen=True)
class _Chain:
    items: tuple[_Heading, ...]
    gaps: tuple[int, ...]  # text characters after each item, up to the next item / end
    score: float


def _best_chain(cands: Sequence[_Heading], sums: _Sums, limit: int) -> _Chain | None:
    """The highest-scoring chain of consecutive numbers among candidates of one style."""
    count = len(cands)
    if not count:
        return None

    def between(i: int, j_line: int) -> int:  # text chars strictly after heading i
        return sums.text(cands[i].line + 1, j_line)

    best = [0.0] * count
    nxt: list[int | None] = [None] * count
    for i in range(count - 1, -1, -1):
        value = sums.gap_bonus(cands[i].line + 1, limit)
        choice = None
        for j in range(i + 1, count):
            if cands[j].line > cands[i].line and _follows(cands[i].key, cands[j].key):
                candidate = sums.gap_bonus(cands[i].line + 1, cands[j].line) + best[j]
                if candidate > value:
                    value, choice = candidate, j
        best[i] = 1.0 + cands[i].quality + value
        nxt[i] = choice
    start = max(range(count), key=lambda i: (best[i] + 0.5 * (cands[i].key[0] <= 1), i))
    items, gaps = [], []
    at: int | None = start
    while at is not None:
        items.append(cands[at])
        following = nxt[at]
        gaps.append(between(at, cands[following].line if following is not None else limit))
        at = following
    return _Chain(tuple(items), tuple(gaps), best[start])


def _has_body(chain: _Chain, minimum: int = 30) -> bool:
    """Text follows at least half of the items (else it is a table of contents or a list)."""
    inner = chain.gaps[:-1] or chain.gaps
    return 2 * sum(1 for gap in inner if gap >= minimum) >= len(inner)


def _fill_in(chain: _Chain, weak: Sequence[_Heading]) -> list[_Heading]:
    """Add weak numbered headings that continue a strong chain ("TOP 3" ... "4. Sonstiges")."""
    items = list(chain.items)
    result: list[_Heading] = []
    for k, item in enumerate(items):
        result.append(item)
        upper = items[k + 1] if k + 1 < len(items) else None
        current = item.key
        seen: list[_Heading] = []
        for cand in weak:
            if cand.line <= item.line or (upper and cand.line >= upper.line):
                continue
            in_list = any(
                other.style == cand.style and other.key == (cand.key[0] - 1,) for other in seen
            )
            seen.append(cand)
            if (
                not in_list
                and _follows(current, cand.key)
                and (upper is None or cand.key < upper.key)
                and cand.quality >= 0
            ):
                result.append(cand)
                current = cand.key
    return result


def _candidates(
    lines: Sequence[_Line], start: int, limit: int
) -> tuple[dict[str, list[_Heading]], dict[str, list[_Heading]]]:
    """Strong and weak heading candidates in lines start .. limit-1, grouped by style."""
    strong: dict[str, list[_Heading]] = {}
    weak: dict[str, list[_Heading]] = {}
    for index in range(start, limit):
        line = lines[index]
        if not line.text or not (line.text[0].isalnum() or line.text[0] in "Öö§"):
            continue
        heading = _strong_heading(index, line)
        if heading is not None:
            strong.setdefault(heading.style, []).append(heading)
            continue
        heading = _weak_heading(index, line, lines) or _paragraph_heading(index, line, lines)
        if heading is not None and not _in_numbered_run(lines, index, heading.style,
                                                        heading.label):
            weak.setdefault(heading.style, []).append(heading)
    return strong, weak


def _choose_headings(
    lines: Sequence[_Line],
    section: tuple[int, int],
    strong: dict[str, list[_Heading]],
    weak: dict[str, list[_Heading]],
    sums: _Sums,
) -> list[_Heading]:
    """The agenda item headings of one section of the document (possibly none)."""
    start, limit = section
    chains = [_best_chain(c, sums, limit) for c in strong.values()]
    good = [c for c in chains if c is not None and _has_body(c)
            and (len(c.items) >= 2 or c.items[0].style not in _RUN_STYLES)]
    if good:
        chain = max(good, key=lambda c: c.score)
        # numbered lines only: a "§ 12" in a statute printed under TOP 11 is no item 12
        all_weak = sorted((h for style, hs in weak.items() if style != "paragraph" for h in hs),
                          key=lambda h: h.line)
        chosen = _fill_in(chain, all_weak)
        # Explicit headings of the chain's style outside the chain still start an item when
        # text follows them (an item out of order: "TOP 2" written before "TOP 1").
        same = strong[chain.items[0].style]
        for k, heading in enumerate(same):
            upto = same[k + 1].line if k + 1 < len(same) else limit
            if heading not in chain.items and sums.text(heading.line + 1, upto) >= 30:
                chosen.append(heading)
        return sorted(chosen, key=lambda h: h.line)

    texts = [unspaced(line.text) for line in lines[start:limit] if line.text]
    head = " ".join(texts[:40])
    weak_chains = [_best_chain(c, sums, limit) for c in weak.values()]
    candidates = [
        c
        for c in weak_chains
        if c is not None
        and len(c.items) >= 3
        and (c.items[0].key[0] <= 2 or c.items[0].style == "paragraph")
        and _has_body(c, 60)
        and (_PROTOCOL_HINT.search(head) or _OPENING_ITEM.match(c.items[0].title))
        and not _other_kind(" ".join(texts[:15]))
    ]
    outer = [c for c in candidates if not any(_within_one_item(c, other) for other in candidates)]
    if outer:
        return list(max(outer, key=lambda c: c.score).items)
    return []


def _within_one_item(chain: _Chain, other: _Chain) -> bool:
    """Whether all of `chain` lies between two consecutive items of `other`: a list inside
    one agenda item (a statute's "§ 1 … § 6" printed under item 2, the numbered points of a
    resolution) is part of that item, however long it is."""
    first, last = chain.items[0].line, chain.items[-1].line
    starts = [item.line for item in other.items]
    return chain is not other and any(
        a < first and last < b for a, b in itertools.pairwise(starts))


def _other_kind(top: str) -> bool:
    """Whether the first lines name the document a Vorlage, Antrag, Satzung, ... before (or
    without) calling it a protocol: a protocol's own Tagesordnung printed near its top
    ("3. Antrag der CDU-Fraktion") does not make it one."""
    other = _OTHER_KIND.search(top)
    if other is None:
        return False
    protocol = _PROTOCOL_HINT.search(top)
    return protocol is None or other.start() < protocol.start()


_AGENDA_START = re.compile(r"^(?:Tagesordnung|TAGESORDNUNG)\b")


def _with_agenda(lines: Sequence[_Line], section: tuple[int, int], headings: list[_Heading]
                 ) -> list[_Heading]:
    """Reconcile the headings with the printed Tagesordnung (`ingest.agenda`): its items that
    the numbered headings missed are found by their titles in the body (a number in a side
    column, a heading without its number), and headings inside the list itself are dropped
    when their item starts again in the body. Without a Tagesordnung nothing changes."""
    start, limit = section
    opening = next((i for i in range(start, limit) if _AGENDA_START.match(lines[i].text)), None)
    if opening is None:
        return headings
    texts = [line.text for line in lines]
    entries, end = read_agenda(texts, opening + 1, limit)
    if len(entries) < 2:
        return headings
    body = [h for h in headings if h.line >= end]
    have = {h.key for h in body}
    missing = [entry for entry in entries if entry.key not in have]
    found = find_titles(texts, missing, end, limit)
    if 2 * (len(found) + len(body)) < len(entries):
        return headings  # no body that follows the agenda (a Bekanntmachung, an Einladung)
    added = [_Heading(index, "agenda", True, entry.key, entry.label, entry.title, 0.0)
             for index, entry in found.items()
             if index not in {h.line for h in body} and _in_order(entry.key, index, body)]
    again = have | {h.key for h in added}
    listed = [h for h in headings if h.line < end and h.key not in again]
    return sorted([*listed, *body, *added], key=lambda h: h.line)


def _in_order(key: tuple[int, ...], line: int, headings: Sequence[_Heading]) -> bool:
    """The item fits between the headings before and after it by number."""
    before = [h.key for h in headings if h.line < line]
    after = [h.key for h in headings if h.line > line]
    return (not before or max(before) < key) and (not after or key < min(after))


# --------------------------------------------------------------------------- titles

_NO_CONTINUATION = re.compile(
    r"^(?:\(|-|–|•|Beschluss|Beratungsergebnis|Abstimmung|Berichterstatt|Sachverhalt|"
    r"Herr\b|Frau\b|Hr\.|Fr\.|Der\b|Die\b|Das\b)"
)


def _heading_title(lines: Sequence[_Line], heading: _Heading, headings: set[int]) -> str:
    """The title of an agenda item: its heading line plus continuation lines, one line."""
    parts = [heading.title] if heading.title else []
    index = heading.line + 1
    if not parts:  # "TOP 3" alone on its line: the title is on the next line
        while index < len(lines) and not lines[index].text:
            index += 1
        if index < len(lines) and index not in headings:
            parts.append(lines[index].text)
            index += 1
    while parts and index < len(lines) and len(parts) < 4:
        line = lines[index]
        if (
            not line.text
            or index in headings
            or _NO_CONTINUATION.match(line.text)
            or line.page_index != lines[heading.line].page_index
        ):
            break
        # German titles end in a noun (or a number): a lowercase last word ("der",
        # "kommunalen") means the title goes on; so does a lowercase next line.
        if _goes_on(parts[-1]) or (line.text[0].isalpha() and line.text[0].islower()):
            parts.append(line.text)
            index += 1
        else:
            break
    title = " ".join(" ".join(parts).split()).rstrip(":;, ")
    return title[:300]


def _goes_on(text: str) -> bool:
    """A line that ends in a lowercase word or a comma continues on the next line."""
    last = text.rsplit(" ", 1)[-1]
    return (last[:1].isalpha() and last[:1].islower()) or text.endswith((",", ";", "&", "/"))


def _toc_title(lines: Sequence[_Line], heading: _Heading, candidate_lines: set[int]) -> str:
    """The full title of an entry of the Tagesordnung list (all its lines up to a "(DS")."""
    parts = [heading.title]
    index = heading.line + 1
    while index < len(lines) and len(parts) < 5:
        text = lines[index].text
        if not text or index in candidate_lines or text[0] in "(-–•":
            break
        parts.append(text)
        index += 1
    return " ".join(" ".join(parts).split()).rstrip(":;, ")


def _comparable(text: str) -> str:
    return " ".join(re.sub(r"\W+", " ", text).casefold().split())


def _titles(
    lines: Sequence[_Line], headings: Sequence[_Heading], weak: dict[str, list[_Heading]]
) -> list[str]:
    """Agenda item titles; completed from the Tagesordnung list where that one is longer."""
    heading_lines = {h.line for h in headings}
    candidate_lines = {h.line for hs in weak.values() for h in hs} | heading_lines
    first = headings[0].line if headings else 0
    toc = {h.key: h for hs in weak.values() for h in hs if h.line < first}
    toc = {key: h for key, h in sorted(toc.items(), key=lambda kv: kv[1].line)}
    titles = []
    for heading in headings:
        title = _heading_title(lines, heading, heading_lines)
        entry = toc.get(heading.key)
        if entry is not None:
            full = _toc_title(lines, entry, candidate_lines)
            if len(full) > len(title) and _comparable(full).startswith(_comparable(title)):
                title = full[:300]
        titles.append(title)
    return titles


_KIND = re.compile(
    r"\b(?:Protokoll|Niederschrift|Beschlussvorlage|Mitteilungsvorlage|Informationsvorlage|"
    r"Vorlage|Antrag|Anfrage|Bekanntmachung|Einladung|Stellungnahme|Satzung|Beantwortung|"
    r"Tagesordnung)\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^(?:Thema|Betreff|Betr\.|Gegenstand)\s*:\s*(?P<subject>\S.*)$")
_DOC_NUMBER = re.compile(r"^(?:DS|Drucksache|Vorlage|BV)\s*(?:Nr\.?\s*)?\d+[-/]\d{2,4}")


def document_title(pages: Sequence[Page]) -> str | None:
    """A one-line title for the text before the first agenda item (or a whole document)."""
    return _title_of([line.text for line in _lines(pages)])


def _title_of(lines: Iterable[str]) -> str | None:
    texts = [text for text in lines if text][:30]
    texts = [unspaced(t) for t in texts]
    if not texts:
        return None
    subject = next((m.group("subject") for t in texts if (m := _SUBJECT.match(t))), None)
    for i, text in enumerate(texts[:25]):
        if _KIND.search(text) and len(text) <= 160:
            parts = [text]
            if i > 0 and _DOC_NUMBER.match(texts[i - 1]):
                parts.insert(0, texts[i - 1])
            follow = i + 1
            while (
                follow < len(texts)
                and len(parts) < 4
                and (texts[follow][:1].islower() or _goes_on(parts[-1]))
            ):
                parts.append(texts[follow])
                follow += 1
            if subject and len(text.split()) <= 3:
                parts.append("– " + subject)
            return " ".join(parts)[:200]
    parts = [subject or texts[0]]
    while not subject and len(parts) < len(texts) and len(parts) < 4 and _goes_on(parts[-1]):
        parts.append(texts[len(parts)])
    return " ".join(parts)[:200]


# --------------------------------------------------------------------------- resolutions


@dataclass(frozen=True)
class ResolutionMarker:
    """Where a resolution part starts inside a unit's text."""

    label: str  # "Beschluss", "Beschlussvorschlag", "Abstimmungsergebnis", ...
    start: int  # offset into Unit.text
    end: int  # end of the label line


_RESOLUTION = re.compile(
    r"^(?P<label>Beschlussvorschlag|Beschlussempfehlung|Beschlussfassung|Beschluss|"
    r"Abstimmungsergebnis|Beratungsergebnis|Abstimmung"
    r"|Der\s+(?:Rat|Ausschuss|Ortsrat|Gemeinderat|Stadtrat|Kreistag|Verwaltungsausschuss)"
    r"\s+beschließt(?:\s+\w+){0,3}\s+wie\s+folgt)\s*:.*$",
    re.MULTILINE,
)
_LABEL_ONLY = re.compile(
    r"^(?:Beschlussvorschlag|Beschlussempfehlung|Beschlussfassung|Beschluss|"
    r"Abstimmungsergebnis|Beratungsergebnis|Abstimmung|Der\s+\w+\s+beschließt"
    r"(?:\s+\w+){0,3}\s+wie\s+folgt)\s*:?$"
)


def find_resolutions(text: str) -> list[ResolutionMarker]:
    """Resolution labels at line starts in a unit's text ("Beschluss:", "Beratungsergebnis:")."""
    result = []
    for match in _RESOLUTION.finditer(text):
        label = match.group("label")
        label = "beschließt" if label.startswith("Der") else label
        result.append(ResolutionMarker(label, match.start(), match.end()))
    return result


# --------------------------------------------------------------------------- units


def _slices(pages: Sequence[Page], start: tuple[int, int], end: tuple[int, int]) -> list[PageSpan]:
    """Whitespace-trimmed spans from (page index, offset) up to (page index, offset)."""
    spans = []
    for index in range(start[0], end[0] + 1):
        page = pages[index]
        if not page.text:
            continue
        lo = start[1] if index == start[0] else 0
        hi = end[1] if index == end[0] else len(page.text)
        while lo < hi and page.text[lo].isspace():
            lo += 1
        while hi > lo and page.text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            spans.append(PageSpan(page.number, lo, hi))
    return spans


def _text(pages_by_number: dict[int, Page], spans: Iterable[PageSpan]) -> str:
    return "\n".join(pages_by_number[s.page].text[s.start : s.end] for s in spans)


@dataclass(frozen=True)
class _Atom:
    span: PageSpan
    words: int
    glue: bool  # a resolution label line: keep it with what follows


def _pieces(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Split text[start:end] after each match of `pattern` (the match stays left)."""
    cuts = [m.end() for m in pattern.finditer(text, start, end) if start < m.end() < end]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if a < b]


_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"\n")
_SENTENCE = re.compile(r"[.!?;:][)\"“”»]*\s+")


def _atoms(page: Page, span: PageSpan, max_words: int) -> list[_Atom]:
    """Paragraphs of a span; too long ones as lines, sentences, then word windows."""
    text = page.text
    result = []

    def add(lo: int, hi: int, level: int) -> None:
        words = len(text[lo:hi].split())
        if words > max_words and level < 3:
            pattern = (_LINE, _SENTENCE, None)[level]
            if pattern is None:
                for a, b in _word_windows(text, lo, hi, max_words):
                    add(a, b, 3)
            else:
                for a, b in _pieces(text, lo, hi, pattern):
                    add(a, b, level + 1)
            return
        if text[lo:hi].strip():
            glue = bool(_LABEL_ONLY.match(text[lo:hi].strip()))
            result.append(_Atom(PageSpan(page.number, lo, hi), words, glue))
        elif result:  # whitespace only: attach to the previous atom
            last = result[-1]
            result[-1] = _Atom(PageSpan(page.number, last.span.start, hi), last.words, last.glue)

    for lo, hi in _pieces(text, span.start, span.end, _PARAGRAPH):
        add(lo, hi, 0)
    return result


def _word_windows(text: str, lo: int, hi: int, size: int) -> list[tuple[int, int]]:
    starts = [m.start() for m in re.finditer(r"\S+", text[lo:hi])]
    cuts = [lo + starts[i] for i in range(size, len(starts), size)]
    bounds = [lo, *cuts, hi]
    return list(itertools.pairwise(bounds))


def _merge(atoms: Sequence[_Atom], pages_by_number: dict[int, Page]) -> list[PageSpan]:
    """Contiguous atoms on one page become one (trimmed) span."""
    spans: list[PageSpan] = []
    for atom in atoms:
        if spans and spans[-1].page == atom.span.page:
            spans[-1] = PageSpan(atom.span.page, spans[-1].start, atom.span.end)
        else:
            spans.append(atom.span)
    trimmed = []
    for span in spans:
        text = pages_by_number[span.page].text
        lo, hi = span.start, span.end
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            trimmed.append(PageSpan(span.page, lo, hi))
    return trimmed


def split_long_unit(unit: Unit, pages: Sequence[Page], max_words: int = 1200) -> list[Unit]:
    """Split a unit of more than `max_words` words into parts of similar size.

    Cuts fall at paragraph boundaries where possible; parts keep the agenda item, and
    parts after the first get " (Teil n)" appended to the title.
    """
    total = len(unit.text.split())
    if total <= max_words:
        return [unit]
    pages_by_number = {page.number: page for page in pages}
    atoms = [
        atom for span in unit.spans for atom in _atoms(pages_by_number[span.page], span, max_words)
    ]
    target = total / math.ceil(total / max_words)
    parts: list[list[_Atom]] = [[]]
    words = 0
    for atom in atoms:
        current = parts[-1]
        if current and (words + atom.words > max_words or words >= target):
            # a resolution label ("Beschluss:") moves on with the text it introduces
            carried = [current.pop()] if current[-1].glue and len(current) > 1 else []
            parts.append(carried)
            words = sum(a.words for a in carried)
        parts[-1].append(atom)
        words += atom.words
    units = []
    for number, part in enumerate(parts, start=1):
        spans = _merge(part, pages_by_number)
        if not spans:
            continue
        title = unit.title
        if number > 1:
            title = f"{title} (Teil {number})" if title else f"(Teil {number})"
        units.append(
            Unit(
                text=_text(pages_by_number, spans),
                spans=spans,
                agenda_item=unit.agenda_item,
                title=title,
            )
        )
    return units


def _sections(lines: Sequence[_Line]) -> list[tuple[int, int]]:
    """Line ranges of the documents in a file: a new one starts at the top of a page with
    "Anlage 1 zur Niederschrift", "BEKANNTMACHUNG", "Beschlussvorlage", ... (not on page 1).
    """
    starts = [0]
    seen_page = lines[0].page_index if lines else 0
    for index, line in enumerate(lines):
        if not line.text or line.page_index == seen_page:
            continue
        seen_page = line.page_index  # the first non-blank line of a new page
        if _SECTION_START.match(line.text) and not _RUNNING_PAGE_NUMBER.search(line.text):
            starts.append(index)
    return list(zip(starts, [*starts[1:], len(lines)], strict=True))


def segment(pages: list[Page], max_words: int = 1200) -> list[Unit]:
    """Split a cleaned document into units: one per agenda item, plus the text before.

    A document without agenda structure (a Vorlage, an Antrag) is one unit. Units longer
    than `max_words` words are split (see `split_long_unit`). Image-only pages contribute
    nothing; a document of image-only pages gives no units (the caller reports it).
    """
    lines = _lines(pages)
    if not any(line.text for line in lines):
        return []
    pages_by_number = {page.number: page for page in pages}

    sums = _Sums.of(lines)
    starts: list[tuple[int, str | None, str | None]] = []
    for first, stop in _sections(lines):
        strong, weak = _candidates(lines, first, stop)
        headings = []
        # An Anlage of the protocol (the mayor's report) refers to items of other meetings
        # ("Zu Punkt 11" of the last Rat): its numbers are no agenda items here.
        if not _ANLAGE.match(lines[first].text):
            headings = _choose_headings(lines, (first, stop), strong, weak, sums)
            headings = _with_agenda(lines, (first, stop), headings)
        titles = _titles(lines, headings, weak)
        starts.append((first, None, _title_of(line.text for line in lines[first:stop])))
        starts += [(h.line, h.label, t) for h, t in zip(headings, titles, strict=True)]

    units: list[Unit] = []
    for k, (line_index, item, title) in enumerate(starts):
        begin = lines[line_index]
        if k + 1 < len(starts):
            following = lines[starts[k + 1][0]]
            end = (following.page_index, following.start)
        else:
            end = (len(pages) - 1, len(pages[-1].text))
        spans = _slices(pages, (begin.page_index, begin.start if k else 0), end)
        if not spans:
            continue
        unit = Unit(text=_text(pages_by_number, spans), spans=spans, agenda_item=item, title=title)
        units.extend(split_long_unit(unit, pages, max_words))
    return units


# --------------------------------------------------------------------------- invariant


@dataclass(frozen=True)
class CoverageProblem:
    """A violation of the partition invariant: text lost, doubled, or out of order."""

    page: int
    start: int
    end: int
    kind: str  # "uncovered", "overlap", "order", "bounds", "text"

    def __str__(self) -> str:
        return f"page {self.page} [{self.start}:{self.end}]: {self.kind}"


def coverage_gaps(pages: Sequence[Page], units: Sequence[Unit]) -> list[CoverageProblem]:
    """Check that the units' spans cover every non-whitespace character exactly once.

    Also checks that spans are in document order, lie within their pages, and that each
    unit's text is its spans' page slices joined by newlines. Returns the problems found
    (an empty list when the invariant holds).
    """
    problems: list[CoverageProblem] = []
    by_number = {page.number: page for page in pages}
    order = {page.number: index for index, page in enumerate(pages)}
    counts = {page.number: [0] * len(page.text) for page in pages}
    last = (-1, -1)
    for unit in units:
        for span in unit.spans:
            page = by_number.get(span.page)
            if page is None or not 0 <= span.start < span.end <= len(page.text):
                problems.append(CoverageProblem(span.page, span.start, span.end, "bounds"))
                continue
            position = (order[span.page], span.start)
            if position < last:
                problems.append(CoverageProblem(span.page, span.start, span.end, "order"))
            last = (order[span.page], span.end)
            for offset in range(span.start, span.end):
                counts[span.page][offset] += 1
        if all(span.page in by_number for span in unit.spans) and unit.text != _text(
            by_number, unit.spans
        ):
            first = unit.spans[0] if unit.spans else PageSpan(0, 0, 0)
            problems.append(CoverageProblem(first.page, first.start, first.end, "text"))
    for page in pages:
        text, count = page.text, counts[page.number]
        run: tuple[int, int, str] | None = None  # start, end, kind of the current bad run
        for offset, char in enumerate(text):
            if char.isspace():
                continue
            kind = None if count[offset] == 1 else "uncovered" if not count[offset] else "overlap"
            if run and (kind != run[2] or kind is None):
                problems.append(CoverageProblem(page.number, run[0], run[1], run[2]))
                run = None
            if kind is not None:
                run = (run[0] if run else offset, offset + 1, kind)
        if run:
            problems.append(CoverageProblem(page.number, run[0], run[1], run[2]))
    return problems
