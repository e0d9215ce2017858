"""The Tagesordnung printed at the start of a protocol, used to find items in the body.

Almost every protocol lists its agenda (numbers and titles, in order) before the body. When
the body's headings cannot be read from their numbers alone (the number sits in a side
column and lands after the title's first line, or is missing), the agenda titles can still
be found: a body line that starts like an agenda title (its first significant words) starts
that item. Pure functions on line texts; `ingest.segment` calls them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["TOP_WORD", "AgendaEntry", "comparable", "find_titles", "read_agenda"]

# "TOP 5", also "T0P 5" as OCR reads it, "TOP Nr. 5", "TOP-5" (`ingest.segment` uses it too).
TOP_WORD = r"(?:TOP|T0P|T\.O\.P\.)\s*[:.\-]?\s*(?:Nr\.?\s*)?"
# The word before an item's number: TOP, "Tagesordnungspunkt 5", "TO-Punkt 5", "Punkt 5",
# "§ 5" (Baden-Württemberg).
_ITEM_WORD = (rf"(?:{TOP_WORD}|(?:Tagesordnungspunkt|TO-Punkt|TO-Pkt\.|Punkt|Pkt\.?)"
              r"\s*[:.\-]?\s*(?:Nr\.?\s*)?|§\s?)")
# What may precede a title on its body line: "TOP 5", "Ö 3", "5.", "Punkt 5:", "zu 5." ...
_NUMBER_PREFIX = re.compile(
    rf"^(?:zu\s+)?(?:{_ITEM_WORD})?(?:Ö|NÖ)?\s*"
    r"\d{1,3}(?:\.\d{1,3})*[a-z]?[.):]?\s+",
    re.IGNORECASE,
)
_NUMBER_ONLY = re.compile(rf"^\s*{_ITEM_WORD}?\d{{1,3}}(?:\.\d{{1,3}})*[.:]?\s*$", re.IGNORECASE)
_MIN_WORDS = 3  # a title must give at least this many words to be looked for


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item as the Tagesordnung lists it."""

    key: tuple[int, ...]
    label: str
    title: str


_ENTRY = re.compile(
    rf"^{_ITEM_WORD}?(?:Ö|NÖ)?\s*(?P<num>\d{{1,3}}(?:\.\d{{1,2}})*)[.)]?(?:\s+(?P<title>\S.*))?$",
    re.IGNORECASE,
)
_GAP_LINES = 6  # text lines after the last entry that end the list (the body has begun)
_JUMP = 3  # the most items a list skips (as `ingest.segment` lets a chain of headings skip)


# A document number printed right of the title (a column, read into the line): "Jahresabschluss
# 2022 Vorlage BV/045/2024", "Tempo 30 GV/2024/017". A bare number stays ("Haushalt 2024/2025").
_NUMBER_COLUMN = re.compile(
    r"\s(?:(?:Vorlage|Drucksache|Drucks\.|DS|BV)(?:-?Nr\.?)?:?\s*[\w/.\-]*\d[\w/.\-]*"
    r"|[A-Z]{1,5}[/\-]\d[\d/\-]*)$"
)


def _entry(text: str) -> tuple[tuple[int, ...], str, str] | None:
    match = _ENTRY.match(text.strip())
    if not match:
        return None
    key = tuple(int(part) for part in match.group("num").split("."))
    title = _NUMBER_COLUMN.sub("", match.group("title") or "")
    if key[0] == 0 or (title and not title[0].isupper() and title[0] not in "„\"'"):
        return None
    paragraph = "§ " if text.lstrip().startswith("§") else ""  # labelled as the body's "§ 21"
    return key, paragraph + match.group("num"), title


def read_agenda(texts: Sequence[str], start: int, stop: int) -> tuple[list[AgendaEntry], int]:
    """The entries of a Tagesordnung whose first entry follows line `start`, and the line
    after the list.

    An entry is a numbered line ("TOP 5 Haushalt", "5. Haushalt", "5 Haushalt") with its
    continuation lines, or a number alone on its line right after the title's first line (a
    number printed in a side column, read after the title). The list ends where the numbers
    start again (the body's first item), where they jump ahead (a body counting its items on
    through the year: "§ 21" after item 5), or after a few lines without a number."""
    rows: list[tuple[int, str, tuple[tuple[int, ...], str, str] | None]] = []
    last: tuple[int, ...] | None = None
    since = 0
    for index in range(start, stop):
        text = texts[index].strip()
        if not text:
            continue
        parsed = _entry(text)
        if parsed is not None:
            if last is not None and (parsed[0] <= last or parsed[0][0] - last[0] > _JUMP):
                if not parsed[2] and rows and rows[-1][2] is None:
                    rows.pop()  # the body's first title line, its number beside it
                break  # numbering starts again or jumps ahead: the body
            last, since = parsed[0], 0
        else:
            since += 1
            if since > _GAP_LINES:
                break
        rows.append((index, text, parsed))
    starts: dict[int, tuple[tuple[int, ...], str]] = {}  # row position -> key, label
    for position, (_, _, parsed) in enumerate(rows):
        if parsed is None:
            continue
        key, label, title = parsed
        side = not title and position > 0 and rows[position - 1][2] is None
        starts[position - 1 if side else position] = (key, label)
    entries = []
    end = start
    order = sorted(starts)
    for n, position in enumerate(order):
        upto = order[n + 1] if n + 1 < len(order) else position + 4
        parts: list[str] = []
        for index, text, parsed in rows[position:upto][:4]:
            if parsed is None and n + 1 == len(order) and _goes_nowhere(parts):
                break  # the last title is complete; what follows is the body
            parts.append(parsed[2] if parsed is not None else text)
            end = index + 1
        key, label = starts[position]
        title = " ".join(" ".join(parts).split())
        if title:
            entries.append(AgendaEntry(key, label, title))
    return entries, end


def _goes_nowhere(parts: list[str]) -> bool:
    """The title so far ends like a complete German title (a noun or number, not "und")."""
    last = " ".join(parts).rsplit(" ", 1)[-1] if parts and parts[-1] else ""
    return bool(last) and not (last[:1].islower() or last.endswith((",", ";", "-", "/")))


def comparable(text: str) -> str:
    """Lower case words only: "Haushaltssatzung 2022; Beschluss" -> "haushaltssatzung 2022
    beschluss"."""
    return " ".join(re.sub(r"\W+", " ", text).casefold().split())


def _prefix(title: str, words: int = 6) -> tuple[str, bool]:
    """The first words of a title, as they must start the body line, and whether the line
    must hold exactly these words (a title of one or two words: "Mitteilungen")."""
    parts = comparable(_NUMBER_PREFIX.sub("", title)).split()
    return " ".join(parts[:words]), len(parts) < _MIN_WORDS


def find_titles(
    texts: Sequence[str], entries: Sequence[AgendaEntry], start: int, stop: int
) -> dict[int, AgendaEntry]:
    """Body lines (indices into `texts`, from `start` to `stop`) that begin an agenda
    entry's title, searched in agenda order: each one after the one before. A line that
    holds only the first part of a title is joined with the next line(s) for the
    comparison (titles wrap). Entries whose title is not found are left out."""
    found: dict[int, AgendaEntry] = {}
    at = start
    for entry in entries:
        prefix, exact = _prefix(entry.title)
        if not prefix:
            continue
        for index in range(at, stop):
            line = comparable(_NUMBER_PREFIX.sub("", texts[index]))
            if exact:
                if line == prefix:
                    found[index] = entry
                    at = index + 1
                    break
                continue
            if not line or not prefix.startswith(line[: len(prefix)][:12]):
                continue
            joined = line
            follow = index + 1
            while len(joined) < len(prefix) and follow < stop and texts[follow].strip():
                if not _NUMBER_ONLY.match(texts[follow]):  # a side-column number
                    joined = f"{joined} {comparable(texts[follow])}"
                follow += 1
            if joined.startswith(prefix):
                found[index] = entry
                at = index + 1
                break
    return found
