"""Highlighted fragments of a text for the embedded backend, like the engine's highlighter:
the words of the query are found by their analyzed forms (so "Brücken" marks "Brücke" and
"Brückensanierung", but "Geschäftsordnung" does not mark "Geschäftsgang"), marked with <mark>
in the original text, HTML-escaped."""

from collections.abc import Sequence
from html import escape

from ratsuche.analysis import Token, analyze_index, analyze_query

FRAGMENT_CHARS = 220
FRAGMENTS = 2


def matched_spans(text: str, words: str, terms: Sequence[str] = ()) -> list[tuple[int, int]]:
    """[start, end) of the words of `text` that match a word of the query, in order: query
    words analyzed like the engine's search side (not decompounded), text like its index
    side (compounds and their parts), as the engine's highlighter on the `text` field does;
    `terms` are index terms already (the parts of a split query compound)."""
    wanted = {t.term for t in analyze_query(words)} | set(terms)
    spans: set[tuple[int, int]] = set()
    tokens: list[Token] = analyze_index(text)
    for token in tokens:
        if token.term in wanted:
            spans.add((token.start, token.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _word_start(text: str, position: int) -> int:
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def _word_end(text: str, position: int) -> int:
    while position < len(text) and not text[position].isspace():
        position += 1
    return position


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    out, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return " ".join("".join(out).split())


def highlight(text: str, words: str, terms: Sequence[str] = ()) -> list[str]:
    """Up to two fragments of about 220 characters around the matched words (and index
    `terms`); without a match, the start of the text."""
    spans = matched_spans(text, words, terms)
    if not spans:
        return [_render(text, 0, _word_end(text, min(len(text), FRAGMENT_CHARS)), [])]
    fragments: list[str] = []
    covered = 0
    for span_start, _ in spans:
        if span_start < covered or len(fragments) == FRAGMENTS:
            continue
        start = _word_start(text, max(covered, span_start - FRAGMENT_CHARS // 4))
        end = _word_end(text, min(len(text), start + FRAGMENT_CHARS))
        fragments.append(_render(text, start, end, spans))
        covered = end
    return fragments
