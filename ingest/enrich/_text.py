"""Small text helpers shared by the enrich modules (whitespace, hyphenation, number words)."""

import re

from ratsuche.core.text import join_line_end_hyphens

_NUMBER_WORDS: dict[str, int] = {
    "kein": 0, "keine": 0, "keiner": 0, "ohne": 0,
    "ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
    "zwanzig": 20,
}  # fmt: skip

#: Regex alternative for a count: digits or a German number word (case-insensitive).
NUMBER = (
    r"(?:(?<![\d.,])\d{1,3}(?![\d.,]\d)|(?<![A-Za-zÄÖÜäöüß])(?i:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?![a-zäöüß]))"
)


def number_value(word: str) -> int | None:
    """ "12" -> 12, "einer" -> 1, "Acht" -> 8; None for anything else."""
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.lower())


def flatten(text: str) -> str:
    """Join words hyphenated at a line end ("ein-\\nstimmig") and collapse whitespace."""
    return re.sub(r"\s+", " ", join_line_end_hyphens(text))
