"""Every vote of an agenda item: one outcome and one set of counts per resolution.

An item may hold several votes (an Änderungsantrag, then the Antrag; separately voted
Beschluss points; Haushaltsanträge, then the Haushaltssatzung). A vote shows itself by what
every German protocol prints for it: a result label ("Abstimmungsergebnis:",
"Beratungsergebnis:", "Abstimmung:"), a statement of counts ("17 Ja-Stimmen, 2
Nein-Stimmen", "12:3:1", a grid) or a result phrase ("einstimmig beschlossen", "mit
Stimmenmehrheit abgelehnt"). The text is cut into one region per vote: a label always starts
one; counts or a phrase start one when the current region already has counts or a phrase.
Each region is read by `find_votes` and `find_outcome`. Pure functions.
"""

import dataclasses
import itertools
import re

from ingest.enrich._text import flatten
from ingest.enrich.outcome import RESULT_LABEL_WORDS, find_outcome
from ingest.enrich.votes import find_votes, vote_statements
from ratsuche.core.records import Resolution, Unit, Votes

__all__ = ["find_all_resolutions", "resolution_flags", "share_stacked"]

# (a bare "Ergebnis:" only where a paragraph starts, as `outcome` reads it at a line start)
_LABEL = re.compile(rf"\b(?:{RESULT_LABEL_WORDS}|Abstimmung\s?:)|^\s*Ergebnis\s?:")
_PHRASE = re.compile(
    r"\b(?i:einstimmig|mehrheitlich|mit (?:großer |knapper )?(?:Stimmen)?mehrheit)"
    r"(?:\s(?!(?i:einstimmig|mehrheitlich)\b)\S+){0,4}?\s"
    r"(?i:beschlossen|angenommen|abgelehnt|zugestimmt|gefasst|festgestellt|gewählt|empfohlen"
    r"|verabschiedet|lt\.|laut|gemäß)(?!\w)"
)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SENTENCE_START = re.compile(r"(?:[.!?:]\s)(?=[^.!?:]*$)")
# A sentence that announces the vote on the text that follows ("empfiehlt mit 5 Ja-Stimmen
# folgenden Beschluss zu fassen:", "beschließt einstimmig wie folgt:").
_INTRODUCES = re.compile(r"\bfolgende[nrs]?\b|\bwie folgt\b")
_ACCEPT_WORD = re.compile(r"\b(?:beschlossen|angenommen|zugestimmt|einstimmig|mehrheitlich)\b",
                          re.I)


def _anchors(s: str) -> list[tuple[int, str]]:
    """(position, kind) of labels ("L"), vote statements ("S") and phrases ("P"), in order."""
    found = [(m.start(), "L") for m in _LABEL.finditer(s)]
    found += [(st.start, "S") for st in vote_statements(s)]
    found += [(m.start(), "P") for m in _PHRASE.finditer(s)]
    return sorted(found)


def _regions(s: str) -> list[str]:
    """One piece of the flattened paragraph per vote."""
    starts: list[int] = []
    kinds: set[str] = set()
    for position, kind in _anchors(s):
        if kind == "L" or not starts or kind in kinds or _closed(kinds):
            floor = starts[-1] + 1 if starts else 0
            if kind != "L":  # from the start of its sentence ("Der Antrag wird mit 7 ...")
                head = _SENTENCE_START.search(s, floor, position)
                position = head.end() if head else floor if starts else 0
            starts.append(position)
            kinds = {kind}
        else:
            kinds.add(kind)
    bounds = [*starts, len(s)]
    return [s[a:b] for a, b in itertools.pairwise(bounds) if s[a:b].strip()]


def _closed(kinds: set[str]) -> bool:
    """A region with counts and a phrase is complete: the next statement is another vote."""
    return {"S", "P"} <= kinds


def resolution_flags(region: str, outcome: str | None, votes: Votes) -> tuple[str, ...]:
    """What looks wrong with a vote, kept as printed: counts that contradict the outcome."""
    flags = []
    if outcome == "einstimmig" and (votes.no or 0) > 0:
        flags.append("einstimmig with no votes")
    if outcome == "abgelehnt" and _ACCEPT_WORD.search(region) and (votes.no or 0) > (
        votes.yes or 0
    ) and not re.search(r"\babgelehnt\b", region, re.I):
        flags.append("more no than yes, printed as adopted")
    return tuple(flags)


def find_all_resolutions(text: str) -> list[Resolution]:
    """Every vote in a unit's text, in order, with its outcome, counts and flags. Paragraphs
    without a label, counts or a result phrase give none; a label whose result follows in the
    next paragraph ("Beratungsergebnis:" / blank line / "Einstimmig") is read with it."""
    paragraphs = [p for p in _PARAGRAPH.split(text) if p.strip()]
    result: list[Resolution] = []
    carry = ""
    announced = False  # the last vote was told in a sentence, not under a result label
    for paragraph in paragraphs:
        s = carry + flatten(paragraph).strip()
        carry = ""
        for region in _regions(s):
            votes = find_votes(region)
            outcome = find_outcome(region, votes)
            if outcome is None and votes == Votes():
                if _LABEL.match(region) and len(region) < 40:
                    carry = region + " "
                continue
            labelled = bool(_LABEL.match(region))
            resolution = Resolution(outcome, votes, resolution_flags(region, outcome, votes))
            # "empfiehlt mit 5 Ja-Stimmen und 4 Enthaltungen folgenden Beschluss: …
            # Beratungsergebnis: 5 Ja-Stimmen/4 Enthaltungen": one vote, told twice
            if not (labelled and announced and result and result[-1] == resolution):
                result.append(resolution)
            announced = not labelled and bool(_INTRODUCES.search(region))
    return result


_HEADING_WORDS = 60


def _heading_only(unit: Unit) -> bool:
    """A unit that is only an item's heading (title lines, a Vorlage number): no sentence,
    no vote of its own."""
    lines = [line.strip() for line in unit.text.splitlines() if line.strip()]
    return (
        unit.agenda_item is not None
        and not unit.resolutions
        and unit.outcome is None
        and len(unit.text.split()) <= _HEADING_WORDS
        and not any(line.endswith((".", ":")) for line in lines[1:])
    )


def share_stacked(units: list[Unit]) -> list[Unit]:
    """Stacked headings: items called up together print their headings back to back, and
    the text after the last heading serves all of them (TOP 8 + TOP 9, TOP 4 + TOP 4.1). A
    unit that is only a heading takes the votes, citations and factions of the item right
    after it (all its parts)."""
    result = list(units)
    for index in range(len(result) - 2, -1, -1):
        unit = result[index]
        if not _heading_only(unit):
            continue
        following = result[index + 1]
        parts = []
        for part in result[index + 1 :]:
            if part.agenda_item != following.agenda_item:
                break
            parts.append(part)
        resolutions = [r for part in parts for r in part.resolutions]
        if resolutions or following.outcome is not None:
            citations = [c for part in parts for c in part.citations]
            factions = [f for part in parts for f in part.factions]
            result[index] = dataclasses.replace(
                unit, outcome=following.outcome, votes=following.votes, resolutions=resolutions,
                citations=list(dict.fromkeys([*unit.citations, *citations])),
                factions=list(dict.fromkeys([*unit.factions, *factions])),
            )
    return result
