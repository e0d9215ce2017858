"""Cleaning of extracted page texts: pure functions on strings.

The steps compose (see `clean_pages`):

1. `normalize_whitespace` on every page: NFC, odd spaces, soft hyphens, blank-line runs;
2. `remove_running_lines` across pages: running headers/footers and page-number lines;
3. `dehyphenate` on every page: words split at line ends are joined again;
4. `normalize_whitespace` once more (removed lines leave blank-line runs behind).

Line breaks and paragraph breaks (one blank line) are kept: the segmenter works on lines.
Words hyphenated across a page break are left alone, so that page texts stay separate.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

__all__ = [
    "clean_pages",
    "dehyphenate",
    "is_page_number_line",
    "normalize_whitespace",
    "remove_running_lines",
]

# --------------------------------------------------------------------------- whitespace

# Spaces that are not U+0020 but mean a space (NBSP, narrow NBSP, en/em/thin spaces, ...).
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
# Characters that carry no text at all (zero-width space/joiners, word joiner, BOM, and
# control characters, which broken text layers of scans are full of).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1b\x1f\x7f-\x9f]")
# A soft hyphen at a line end marks a word that was split there: join the two halves.
_SOFT_HYPHEN_BREAK = re.compile("\u00ad[ \t\u00a0]*\n[ \t\u00a0]*")
_VERTICAL = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACE_RUN = re.compile(" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")

# Typographic ligatures (NFC keeps them) and the private-use bullets of the Symbol and
# Wingdings fonts that Word documents put in front of list items.
_CHAR_MAP = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\uf0b7": "•",
        "\uf0a7": "▪",
        "\uf0d8": "➢",
        "\uf0fc": "✓",
        "\uf02d": "-",
    }
)


def normalize_whitespace(text: str) -> str:
    """Normalize characters and whitespace, keeping line and paragraph breaks.

    NFC (umlauts as composed characters), ligatures and Symbol-font bullets replaced,
    non-breaking and other odd spaces become spaces, zero-width and control characters and
    soft hyphens are removed (a soft hyphen at a line end also joins the two lines), runs of
    spaces collapse to one, lines are stripped, at most one blank line in a row, no blank
    lines at the start or end. Idempotent.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    text = text.translate(_CHAR_MAP)
    text = _VERTICAL.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    text = text.replace("\u00ad", "")
    text = _ODD_SPACES.sub(" ", text)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


# --------------------------------------------------------------------------- hyphenation

# A hyphen directly after a letter at a line end, the next line starting with something.
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])([-\u00ad])[ \t]*\n[ \t]*(?=\S)")
_NEXT_WORD = re.compile(r"\S+")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
# After a hyphen, these words show a suspended compound ("Rad- und Fußwege"): keep it.
_CONJUNCTIONS = frozenset(
    {"und", "oder", "bzw", "bzw.", "sowie", "bis", "als", "wie", "noch", "u.", "o.", "bzw.,"}
)


def _join_hyphenated(match: re.Match[str]) -> str:
    text = match.string
    if match.group(1) == "\u00ad":  # a soft hyphen only ever splits a word
        return ""
    nxt = _NEXT_WORD.match(text, match.end())
    word = nxt.group(0) if nxt else ""
    first = word[0]
    if first.isalpha() and first.islower():
        if word.rstrip(",;:") in _CONJUNCTIONS:
            return "- "  # "Bürgermeister-\nund Presseamt" -> "Bürgermeister- und Presseamt"
        before = _WORD_BEFORE.search(text, 0, match.start())
        if before and len(before.group(0)) >= 2 and before.group(0).isupper():
            return "-"  # "ÖPNV-\nförderung": an abbreviation keeps its hyphen
        return ""  # "Integrations-\nkonferenz" -> "Integrationskonferenz"
    if first.isalpha() or first.isdigit():
        return "-"  # "CDU-\nFraktion" -> "CDU-Fraktion", "Ah 21-\n26" -> "Ah 21-26"
    return match.group(0)  # quotes, brackets, dashes: leave the line break alone


def dehyphenate(text: str) -> str:
    """Join words hyphenated at line ends.

    "Integrations-\\nkonferenz" -> "Integrationskonferenz", "Stra-\\nße" -> "Straße" (a
    lowercase continuation joins without the hyphen); "CDU-\\nFraktion" -> "CDU-Fraktion"
    (a capitalized or numeric continuation keeps the hyphen); "Rad-\\nund Fußwege" ->
    "Rad- und Fußwege" (a conjunction after the hyphen keeps it, with a space). The line
    break between the two parts is removed, the rest of the next line follows on the same
    line. A hyphen after a space (a dash) is not touched; nor is a soft hyphen kept.
    """
    return _HYPHEN_BREAK.sub(_join_hyphenated, text)


# --------------------------------------------------------------------------- running lines

_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—]\s*\d{1,4}\s*[-–—]                                   # - 2 -
      | [-–—]?\s*(?:Seite|Blatt|S\.)\s*\d{1,4}
        (?:\s*(?:von|/|v\.)\s*\d{1,4})?\s*[-–—]?                   # Seite 2, Seite 2 von 5
      | \d{1,4}\s*(?:von|/)\s*\d{1,4}                             # 2 von 4, 2/4
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_DIGITS = re.compile(r"\d+")
_ZONE = 3  # lines at the top and at the bottom of a page that may be running lines
# Lines that structure the content; never removed as running lines even if they repeat.
_CONTENT_LABEL = re.compile(
    r"^(?:(?:beschluss\w*|beratungsergebnis|abstimmung\w*|sachverhalt|begründung|ergebnis|"
    r"tagesordnung)\s*:|top\s*[\d#]|zu\s+(?:punkt|top)\b|punkt\s+[\d#]|einstimmig\b|gez\.)",
    re.IGNORECASE,
)


def is_page_number_line(line: str, page_number: int | None = None) -> bool:
    """True for a lone page-number line: "- 2 -", "Seite 2", "Seite 2 von 5", "2 von 4".

    A bare number ("2") counts only when it equals `page_number` (or `page_number - 1`, for
    documents whose cover page is not counted).
    """
    line = line.strip()
    if _PAGE_NUMBER.match(line):
        return True
    if page_number is not None and _BARE_NUMBER.match(line):
        return int(line) in (page_number, page_number - 1)
    return False


def _line_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def _zone(lines: list[str]) -> list[int]:
    """Indices of the first and last `_ZONE` non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_ZONE] + filled[-_ZONE:]))


def remove_running_lines(pages: list[str]) -> list[str]:
    """Remove running headers/footers and lone page-number lines from page texts.

    A running line is a line among the first/last three non-blank lines of a page whose
    digit-normalized form ("Seite # von #") occurs there on a majority of the non-empty
    pages, given at least three of them (if that majority is two pages, it must be the very
    first or last line on both); with exactly two non-empty pages the line must be
    identical on both. Lone page numbers ("- 2 -", "Seite 2", "2 von 4", a bare "2" equal
    to the page number) are removed from those zones on any page. Lines that structure the
    content ("Beschluss:", "Beratungsergebnis:", "TOP 3", ...) are never removed as running
    lines. Other lines and line breaks stay as they are.
    """
    split = [page.split("\n") for page in pages]
    zones = [_zone(lines) for lines in split]
    filled = [i for i, zone in enumerate(zones) if zone]

    seen_on: dict[str, set[int]] = defaultdict(set)
    at_edge: dict[str, set[int]] = defaultdict(set)  # pages where it is the first/last line
    for i in filled:
        for j in zones[i]:
            key = _line_key(split[i][j])
            seen_on[key].add(i)
            if j in (zones[i][0], zones[i][-1]):
                at_edge[key].add(i)

    running: set[str] = set()
    for key, where in seen_on.items():
        if _CONTENT_LABEL.match(key) or not any(ch.isalpha() for ch in key):
            continue
        if len(filled) < 3 or len(where) < 2 or 2 * len(where) <= len(filled):
            continue
        # On just two pages (of three) a line must be the very first or last one on both.
        if len(where) >= 3 or len(at_edge[key]) == len(where):
            running.add(key)

    exact_pair: set[str] = set()
    if len(filled) == 2:
        first, second = ({split[i][j].strip() for j in zones[i]} - {""} for i in filled)
        exact_pair = {line for line in first & second if not _CONTENT_LABEL.match(line.casefold())}

    result = []
    for i, lines in enumerate(split):
        drop = {
            j
            for j in zones[i]
            if _line_key(lines[j]) in running
            or lines[j].strip() in exact_pair
            or is_page_number_line(lines[j], i + 1)
        }
        result.append("\n".join(line for j, line in enumerate(lines) if j not in drop))
    return result


# --------------------------------------------------------------------------- composition


def clean_pages(raw_pages: list[str]) -> list[str]:
    """Clean the raw page texts of one document: normalize, drop running lines, dehyphenate.

    Returns one cleaned string per input page (an empty input page stays empty).
    """
    pages = [normalize_whitespace(page) for page in raw_pages]
    pages = remove_running_lines(pages)
    return [normalize_whitespace(dehyphenate(page)) for page in pages]
