"""Sentence-aware chunks of a unit, each located on its pages by character offsets.

A unit's text is the concatenation of its page slices (`Unit.spans`) joined by newlines, so
every offset into the unit text maps back to one page and an offset into that page's text.
"""

import re
from dataclasses import dataclass

from ratsuche.core.records import Located, PageSpan, Unit

# Abbreviations that end with a period inside a German sentence (lowercased, without the dot).
_ABBREVIATIONS = frozenset(
    [
        "abs", "art", "bzw", "ca", "dgl", "dr", "evtl", "gem", "ggf", "hr", "frau", "inkl", "max",
        "mio", "mrd", "nr", "rd", "s", "sog", "str", "tel", "u.a", "usw", "vgl", "z.b", "zzgl",
        "bspw", "lt", "gez", "ds", "top", "anl", "bzgl", "geb", "jan", "feb", "aug", "sept", "okt",
        "nov", "dez", "prof", "dipl", "ing", "tsd",
    ]
)
_BOUNDARY = re.compile(r"[.!?](?=[\"'“”»«)\]]*\s)|\n\s*\n|\n(?=\s*(?:[-•*]|\d+[.)])\s)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Chunk(Located):
    """A piece of a unit's text with its place in the source pages."""

    number: int
    text: str
    start: int
    end: int
    spans: tuple[PageSpan, ...]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) offsets of the sentences of `text`, covering all non-space characters."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        if text[start:end].strip():
            bounds.append(_strip(text, start, end))
        start = end
    if text[start:].strip():
        bounds.append(_strip(text, start, len(text)))
    return bounds


def _is_abbreviation(text: str, dot: int) -> bool:
    """A period after a known abbreviation, a single letter or an ordinal ("30. September",
    "TOP 5.") is no boundary; after a year ("Haushaltssatzung 2018.") it is."""
    word = re.search(r"(\S+)$", text[:dot])
    if word is None:
        return False
    token = word.group(1).lower().lstrip("(\"„“")
    number = token.rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1 or (number.isdigit() and len(number) <= 2)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _split_long_sentence(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than `max_words` words at word boundaries."""
    words = list(_WORD.finditer(text, start, end))
    pieces = []
    for i in range(0, len(words), max_words):
        group = words[i : i + max_words]
        pieces.append((group[0].start(), group[-1].end()))
    return pieces


def chunk_bounds(
    text: str, target_words: int = 130, max_words: int = 160, overlap_words: int = 20
) -> list[tuple[int, int]]:
    """Greedy sentence packing: chunks of about `target_words`, never above `max_words`
    (unless one sentence alone is longer and must be cut), with whole sentences of up to
    `overlap_words` words repeated at the start of the next chunk."""
    sentences: list[tuple[int, int, int]] = []
    for start, end in sentence_bounds(text):
        n = _word_count(text[start:end])
        if n > max_words:
            sentences.extend(
                (s, e, _word_count(text[s:e]))
                for s, e in _split_long_sentence(text, start, end, max_words)
            )
        else:
            sentences.append((start, end, n))
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        j, words = i, 0
        while j < len(sentences) and (words < target_words) and (
            j == i or words + sentences[j][2] <= max_words
        ):
            words += sentences[j][2]
            j += 1
        chunks.append((sentences[i][0], sentences[j - 1][1]))
        if j >= len(sentences):
            break
        back, overlap = j, 0
        while back - 1 > i and overlap + sentences[back - 1][2] <= overlap_words:
            back -= 1
            overlap += sentences[back][2]
        i = back
    return chunks


def unit_offsets(unit: Unit) -> list[tuple[int, PageSpan]]:
    """Where each page slice of the unit starts in `unit.text` (slices joined by one newline)."""
    offsets, position = [], 0
    for span in unit.spans:
        offsets.append((position, span))
        position += span.end - span.start + 1
    return offsets


def page_slices(unit: Unit) -> list[tuple[int, PageSpan, str]]:
    """Each page slice of the unit: where it starts in `unit.text`, its span and its text."""
    return [(base, span, unit.text[base : base + span.end - span.start])
            for base, span in unit_offsets(unit)]


def locate(unit: Unit, start: int, end: int) -> tuple[PageSpan, ...]:
    """The page spans that the unit text [start, end) covers, in page-text offsets."""
    located = []
    for base, span in unit_offsets(unit):
        length = span.end - span.start
        lo, hi = max(start, base), min(end, base + length)
        if lo < hi:
            located.append(PageSpan(span.page, span.start + lo - base, span.start + hi - base))
    return tuple(located)


def chunk_unit(
    unit: Unit, target_words: int = 130, max_words: int = 160, overlap_words: int = 20
) -> list[Chunk]:
    """The chunks of one unit, numbered from 0, each within one page of it.

    Chunks never cross a page break: relevance is judged by page and a result links to one
    page, so a chunk's vector must speak for one page only (dev set, semantic nDCG@10:
    chunks across pages 0.619, see issue 4's note for the page-aligned figure).
    """
    chunks: list[Chunk] = []
    for base, _, piece in page_slices(unit):
        for start, end in chunk_bounds(piece, target_words, max_words, overlap_words):
            start, end = base + start, base + end
            chunks.append(Chunk(len(chunks), unit.text[start:end], start, end,
                                locate(unit, start, end)))
    return chunks


def worth_embedding(chunks: list[Chunk], min_words: int = 20) -> list[bool]:
    """Which chunks of one unit get a vector: all but fragments under `min_words` words (an
    item's last lines spilling onto the next page, a bare heading), unless the unit has
    nothing longer. A fragment of a few words sits close to many queries by meaning alone and
    crowds out real passages (dev set, semantic nDCG@10: every chunk 0.669, without these
    fragments 0.699); keyword search still finds them, and semantic search reaches their unit
    through its longer chunks."""
    words = [_word_count(chunk.text) for chunk in chunks]
    longest = max(words, default=0)
    return [count >= min_words or longest < min_words for count in words]
