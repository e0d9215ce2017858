"""How the web page shows values: German labels, dates and numbers, safe snippets,
reflowed paragraphs. Pure functions; also the templates' filters."""

import re
from datetime import date
from html import escape, unescape
from itertools import pairwise
from typing import Any

from markupsafe import Markup

from ratsuche.core.query import Mode, Sort

MODE_LABELS = {Mode.hybrid: "Alle Treffer", Mode.keyword: "Stichwort", Mode.semantic: "Bedeutung"}
MODE_HINTS = {
    Mode.hybrid: "Wortlaut und Bedeutung kombiniert",
    Mode.keyword: "genau diese Wörter",
    Mode.semantic: "ähnliche Bedeutung, auch mit anderen Worten",
}
SORT_LABELS = {Sort.relevance: "Relevanz", Sort.date_desc: "neueste zuerst",
               Sort.date_asc: "älteste zuerst"}
OUTCOME_LABELS = {
    "einstimmig": "einstimmig beschlossen",
    "mehrheitlich": "mehrheitlich beschlossen",
    "abgelehnt": "abgelehnt",
    "vertagt": "vertagt",
    "zur_kenntnis": "zur Kenntnis genommen",
    "erledigt": "erledigt (ohne Abstimmung)",
}
# Filter parameters (the names of /search) with their German labels, in form order.

_MARK_TAG = re.compile(r"(</?mark>)")
_LEADING_PUNCTUATION = re.compile(r"^[\s.,;:)\]]+")


def safe_snippet(snippet: str) -> Markup:
    """An engine snippet as safe HTML: text escaped, only balanced <mark> tags kept.

    The engine returns HTML-escaped text with `<mark>`/`</mark>` around matches. Everything
    between those exact tags is unescaped and escaped again (so entities stay as they are and
    any stray `<`, `>`, `&` or quote becomes an entity); unbalanced tags are dropped or closed.
    The result therefore contains no tag other than `<mark>` and `</mark>`.
    """
    parts: list[str] = []
    inside = False
    snippet = _LEADING_PUNCTUATION.sub("", snippet)  # fragments may start mid-sentence: ". § 5"
    for piece in _MARK_TAG.split(snippet):
        if piece == "<mark>":
            if not inside:
                parts.append(piece)
                inside = True
        elif piece == "</mark>":
            if inside:
                parts.append(piece)
                inside = False
        else:
            parts.append(escape(unescape(piece), quote=True))
    if inside:
        parts.append("</mark>")
    html = "".join(parts)
    if "<" in _MARK_TAG.sub("", html) or ">" in _MARK_TAG.sub("", html):
        # Cannot happen by construction; if it ever did, show plain escaped text.
        return Markup(escape(unescape(_MARK_TAG.sub("", snippet))))
    return Markup(html)


def natural_key(text: str) -> list[Any]:
    """Sort key that orders "BauGB §2" before "BauGB §10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in re.split(r"(\d+)", text) if part]


def german_date(value: date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


def german_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a unit's text (blank-line separated), reflowed for the screen.

    A line about as long as the longest line of the text ran to the page margin: it was
    wrapped by the PDF layout and joins the next line, unless it ends a sentence. Shorter lines
    (headings, "(DS 80/2021)", the last line of a paragraph) keep their break.
    """
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]
    widest = max((len(line.rstrip()) for line in text.splitlines()), default=0)
    result = []
    for block in blocks:
        lines = [line.rstrip() for line in block.split("\n")]
        out = lines[0]
        for previous, line in pairwise(lines):
            soft = (widest >= 50 and len(previous) >= 0.7 * widest
                    and not previous.endswith((".", "!", "?", ":", ";")))
            if soft and previous.endswith("-") and line[:1].islower():
                out = out[:-1] + line.lstrip()  # a hyphenated word split at the margin
            else:
                out += (" " if soft else "\n") + (line.lstrip() if soft else line)
        result.append(out)
    return result


def page_of(url: str, fallback: int) -> int:
    """The page number of a `...#page=N` link."""
    match = re.search(r"#page=(\d+)$", url)
    return int(match.group(1)) if match else fallback


def original_link_label(file: str, page: int) -> str:
    if file.lower().endswith(".pdf"):
        return f"PDF öffnen (Seite {page})"
    return "Originaltext öffnen"


def votes_text(votes: Any) -> str:
    """ "Ja 49 · Nein 1 · Enthaltung 0" for the known counts; empty when none is known."""
    parts = [f"{label} {value}" for label, value in
             (("Ja", votes.yes), ("Nein", votes.no), ("Enthaltung", votes.abstain))
             if value is not None]
    return " · ".join(parts)


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome or "", (outcome or "").replace("_", " "))
