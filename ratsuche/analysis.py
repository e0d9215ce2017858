"""The engine's text analysis in pure Python, for the embedded (SQLite FTS5) backend.

Ports of the analyzers the OpenSearch index uses (`index_config/index.json`), so that both
backends turn text into the same terms at the same positions:

- `analyze_index`: `german_text` (standard tokenizer, lowercase, `_german_` stop words,
  dictionary decompounder, german_normalization, light_german stemmer, unique terms per
  position), used for the indexed `text`/`title` fields;
- `analyze_query`: OpenSearch's built-in `german` analyzer (the same without decompounding);
- `analyze_exact`: `german_exact` (lowercase and german_normalization only).

Each `Token` carries the character offsets of its word in the original text (for `<mark>`)
and its position; removed stop words leave a gap, decompounded parts share the position of
their compound, as in Lucene. The steps are exposed for tests: `tokenize`, `lowercase`,
`german_normalize`, `light_german_stem`, `decompound`, `stop_words`.

Lucene counts lengths in UTF-16 code units; so does this port (the 255 limit of the
tokenizer, the size limits of the decompounder and of the stemmer), while offsets here are
positions in the Python string (code points). The two differ only after characters outside
the Basic Multilingual Plane (emoji, mathematical letters).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex

from index_config import index_definition, read_word_list

MAX_TOKEN_LENGTH = 255
"""Lucene's StandardTokenizer default: longer words are cut into pieces of this length."""

STOP_WORDS_FILE = "stop_de.txt"
DECOMPOUNDER_FILTER = "german_decompounder"
_TERM_CACHE_SIZE = 1 << 17


@dataclass(frozen=True, slots=True)
class Token:
    """One term of an analyzed text.

    `start`/`end`: offsets of its word in the text (the parts of a compound share them);
    `position`: the word's number, counting removed stop words (parts share it too).
    """

    term: str
    start: int
    end: int
    position: int


# --- Tokenizer: Lucene's StandardTokenizer (UAX#29 word boundaries, StandardTokenizerImpl) ---
#
# A word is a run of letters, digits and connectors ("_", U+202F) with at least one letter or
# digit; "." "'" ":" join two letters (z.B, don't), "." "," ";" "'" join two digits
# (04.02.2020, 1.500,00). Combining marks, format characters (soft hyphen) and ZWJ belong
# to the character before them. Han and Hiragana characters are single tokens, Thai/Lao/
# Khmer/Myanmar runs one token, emoji (sequences) tokens too; everything else separates.

# Unicode properties come from the `regex` module (a newer Unicode than Lucene 9's tables,
# 12.1): characters assigned since, or whose word-break class changed since, may differ.
# The few such changes that touch Latin text are undone here (spacing cedilla, tone letters).
_CHANGED = r"\u00b8\u02e5-\u02eb\ua708-\ua716"
_X = r"[\p{WB=Extend}\p{WB=Format}\p{WB=ZWJ}]*+"  # marks stay with the character before
_LETTER = rf"[[\p{{WB=ALetter}}\p{{WB=Hebrew_Letter}}]--[{_CHANGED}]]"
_DIGIT = r"[\p{WB=Numeric}\uff10-\uff19]"
_L = _LETTER + _X
_N = _DIGIT + _X
_E = r"\p{WB=ExtendNumLet}" + _X
_K = r"\p{WB=Katakana}" + _X
_MID_LETTER = r"[\p{WB=MidLetter}\p{WB=MidNumLet}\p{WB=Single_Quote}]" + _X
_MID_NUM = r"[\p{WB=MidNum}\p{WB=MidNumLet}\p{WB=Single_Quote}]" + _X
# A Hebrew letter that starts a unit also takes a "'" after it, or '"' and a Hebrew letter
_HEBREW_QUOTE = rf"\p{{WB=Hebrew_Letter}}{_X}(?:'{_X}|\"{_X}\p{{WB=Hebrew_Letter}}{_X})"
# letters joined by connectors or by one "mid" character; digits likewise
_LETTER_RUN = rf"{_L}(?:(?:{_E})*(?!{_HEBREW_QUOTE}){_L}|{_MID_LETTER}{_L})*"
_DIGIT_RUN = rf"{_N}(?:(?:{_E})*{_N}|{_MID_NUM}{_N})*"
_LETTERS_DIGITS = rf"(?:{_HEBREW_QUOTE}|{_LETTER_RUN}|{_DIGIT_RUN})+"
_PART = rf"(?:(?:{_K})+|{_LETTERS_DIGITS})"
_WORD = rf"(?:{_E})*{_PART}(?:(?:{_E})+{_PART})*(?:{_E})*"

# Extended_Pictographic of emoji-data.txt (the table Lucene's emoji rule uses)
_PICTOGRAPHIC = (
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328"
    "\u2388\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
    "\u2600-\u2605\u2607-\u2612\u2614-\u2685\u2690-\u2705\u2708-\u2712\u2714\u2716"
    "\u271d\u2721\u2728\u2733\u2734\u2744\u2747\u274c\u274e\u2753-\u2755\u2757"
    "\u2763-\u2767\u2795-\u2797\u27a1\u27b0\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c"
    "\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f10f\U0001f12f\U0001f16c-\U0001f171"
    "\U0001f17e\U0001f17f\U0001f18e\U0001f191-\U0001f19a\U0001f1ad-\U0001f1e5"
    "\U0001f201-\U0001f20f\U0001f21a\U0001f22f\U0001f232-\U0001f23a\U0001f23c-\U0001f23f"
    "\U0001f249-\U0001f3fa\U0001f400-\U0001f53d\U0001f546-\U0001f64f"
    "\U0001f680-\U0001f6ff\U0001f774-\U0001f77f\U0001f7d5-\U0001f7ff\U0001f80c-\U0001f80f"
    "\U0001f848-\U0001f84f\U0001f85a-\U0001f85f\U0001f888-\U0001f88f\U0001f8ae-\U0001f8ff"
    "\U0001f90c-\U0001f93a\U0001f93c-\U0001f945\U0001f947-\U0001fffd]"
)
# Emoji as Lucene's scanner takes them (checked against the engine): a pictograph with the
# marks after it and an optional U+FE0F (which ends it), joined to further pictographs by ZWJs
# (also leading ones); a lone skin tone modifier; a flag; a keycap. U+FE0E (text style) ends a
# pictograph.
_EMOJI_MARK = r"[[\p{WB=Extend}\p{WB=Format}\p{WB=ZWJ}]--[\ufe0e\ufe0f]]"
_MODIFIER = r"[\U0001f3fb-\U0001f3ff]"
_PICTOGRAPH = rf"{_PICTOGRAPHIC}(?:\u200d+{_PICTOGRAPHIC}|{_EMOJI_MARK})*\ufe0f?"
_EMOJI = (
    rf"\u200d*{_PICTOGRAPH}(?:\u200d+{_PICTOGRAPH})*"
    rf"|{_MODIFIER}(?:(?!\u200d+{_PICTOGRAPHIC}){_EMOJI_MARK})*(?:\u200d+{_PICTOGRAPH})*"
    rf"|\p{{Regional_Indicator}}{_X}\p{{Regional_Indicator}}{_X}"
    rf"|[#*0-9][[\p{{WB=Extend}}\p{{WB=Format}}\p{{WB=ZWJ}}]--[\ufe0e\u20e3]]*\u20e3{_EMOJI_MARK}*"
)
_SOUTH_EAST_ASIAN = r"(?:\p{Line_Break=Complex_Context}" + _X + ")+"
_SINGLE_CHAR = r"[\p{Script=Han}\p{Script=Hiragana}]" + _X

# Fast path (same result): a run of ASCII/Latin-1 letters and digits that nothing extends
_PLAIN = (
    r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]++"
    r"(?![\p{WB=ExtendNumLet}\p{WB=ALetter}\p{WB=Hebrew_Letter}\p{WB=Numeric}\uff10-\uff19"
    r"\p{WB=Extend}\p{WB=Format}\p{WB=ZWJ}]"
    r"|[\p{WB=MidLetter}\p{WB=MidNum}\p{WB=MidNumLet}\p{WB=Single_Quote}]"
    r"[\p{WB=ALetter}\p{WB=Hebrew_Letter}\p{WB=Numeric}\uff10-\uff19"
    r"\p{WB=Extend}\p{WB=Format}\p{WB=ZWJ}])"
)
_TOKEN_START = (
    r"(?=[\p{WB=ExtendNumLet}\p{WB=ALetter}\p{WB=Hebrew_Letter}\p{WB=Numeric}\uff10-\uff19"
    r"\p{WB=Katakana}\p{Regional_Indicator}#*\u200d\U0001f3fb-\U0001f3ff"
    r"\p{Line_Break=Complex_Context}\p{Script=Han}"
    rf"\p{{Script=Hiragana}}{_PICTOGRAPHIC[1:-1]}])"
)
_TOKEN_RE = regex.compile(
    rf"{_TOKEN_START}(?:{_PLAIN}|{_WORD}|{_EMOJI}"
    rf"|{_SOUTH_EAST_ASIAN}|{_SINGLE_CHAR})",
    regex.VERSION1,
)
_EMOJI_RE = regex.compile(_EMOJI, regex.VERSION1)
# letters that are pictographs too: Lucene takes the longer of the two readings
_LETTER_PICTOGRAPHS = frozenset("\u2139\u24c2\U0001f170\U0001f171\U0001f17e\U0001f17f")
_ASTRAL_RE = regex.compile(r"[\U00010000-\U0010ffff]")


def _u16len(text: str) -> int:
    """Length in UTF-16 code units (Java's `String.length()`)."""
    if text.isascii() or _ASTRAL_RE.search(text) is None:
        return len(text)
    return len(text) + len(_ASTRAL_RE.findall(text))


def _window_end(text: str, start: int, limit: int) -> int:
    """The end of the longest slice from `start` (before `limit`) of <= 255 UTF-16 units."""
    end = min(limit, start + MAX_TOKEN_LENGTH)
    while _u16len(text[start:end]) > MAX_TOKEN_LENGTH:
        end -= 1
    return end


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each token; words longer than 255 are cut like Lucene's scanner does
    (its buffer holds 255 chars: the longest token within them, then scanning resumes)."""
    pos: int | None = 0
    while pos is not None:
        resume = None
        for match in _TOKEN_RE.finditer(text, pos):
            start, end = match.span()
            if text[start] in _LETTER_PICTOGRAPHS:
                emoji = _EMOJI_RE.match(text, start)
                if emoji is not None and emoji.end() > end:
                    yield start, emoji.end()
                    resume = emoji.end()  # the next token starts after it: scan anew
                    break
            if end - start <= MAX_TOKEN_LENGTH // 2 or _u16len(text[start:end]) <= MAX_TOKEN_LENGTH:
                yield start, end
            else:
                yield from _cut(text, start, end)
        pos = resume


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The tokens Lucene finds in a word longer than 255 UTF-16 units."""
    pos = start
    while pos < end:
        part = _TOKEN_RE.search(text, pos, end)
        if part is None:
            return
        part_start = part.start()
        window = _window_end(text, part_start, end)
        if part.end() > window:
            part = _TOKEN_RE.match(text, part_start, window)
            if part is None:  # cannot happen: a token starts with a letter/digit/connector
                return
        yield part_start, part.end()
        pos = part.end()


def tokenize(text: str) -> list[Token]:
    """The words of `text` as Lucene's StandardTokenizer finds them (terms not lowercased)."""
    return [
        Token(text[start:end], start, end, position)
        for position, (start, end) in enumerate(_spans(text))
    ]


# --- Token filters ---


def lowercase(term: str) -> str:
    """Lucene's LowerCaseFilter: Java's per-character `Character.toLowerCase`.

    Differs from `str.lower` only for "İ" (-> "i", not "i̇") and a final "Σ" (-> "σ").
    """
    if term.isascii():
        return term.lower()
    if "\u0130" in term or "\u03a3" in term:
        return "".join("i" if c == "\u0130" else c.lower() for c in term)
    return term.lower()


@cache
def stop_words() -> frozenset[str]:
    """OpenSearch's `_german_` stop words (index_config/stop_de.txt)."""
    return frozenset(read_word_list(STOP_WORDS_FILE))


_N_STATE, _V_STATE, _U_STATE = 0, 1, 2
_UMLAUTS = {"ä": "a", "ö": "o", "ü": "u"}


def german_normalize(term: str) -> str:
    """Lucene's GermanNormalizationFilter: ä/ö/ü -> a/o/u, ß -> ss, and the "e" of
    ae/oe/ue is dropped (not after a vowel+u as in "aue"/"eue", nor in "que")."""
    if "e" not in term and not any(c in term for c in "äöüß"):
        return term
    out: list[str] = []
    state = _N_STATE
    for c in term:
        if c == "a" or c == "o":
            state = _U_STATE
        elif c == "u":
            state = _U_STATE if state == _N_STATE else _V_STATE
        elif c == "e":
            if state == _U_STATE:
                state = _V_STATE
                continue
            state = _V_STATE
        elif c == "i" or c == "q" or c == "y":
            state = _V_STATE
        elif c in _UMLAUTS:
            c = _UMLAUTS[c]
            state = _V_STATE
        elif c == "ß":
            c = "ss"
            state = _N_STATE
        else:
            state = _N_STATE
        out.append(c)
    return "".join(out)


_STEM_ACCENTS = str.maketrans("äàáâöòóôïìíîüùúû", "aaaaooooiiiiuuuu")
_ST_ENDING = frozenset("bdfghklmnt")


def light_german_stem(term: str) -> str:
    """Lucene's GermanLightStemmer (Savoy's light stemmer): fold accents, then strip one
    inflection suffix (-ern -em -en -er -es -e -s) and one more (-est -er -en -st)."""
    s = term.translate(_STEM_ACCENTS)
    n = len(s)
    n16 = _u16len(s)  # Lucene's length limits count UTF-16 units
    # step 1
    cut = 0
    if n16 > 5 and s.endswith("ern"):
        cut = 3
    elif n16 > 4 and s[n - 2] == "e" and s[n - 1] in "mnrs":
        cut = 2
    elif n16 > 3 and (s[n - 1] == "e" or (s[n - 1] == "s" and s[n - 2] in _ST_ENDING)):
        cut = 1
    n -= cut
    n16 -= cut
    # step 2
    if n16 > 5 and s[n - 3] == "e" and s[n - 2] == "s" and s[n - 1] == "t":
        n -= 3
    elif n16 > 4 and (
        (s[n - 2] == "e" and s[n - 1] in "rn")
        or (s[n - 2] == "s" and s[n - 1] == "t" and s[n - 3] in _ST_ENDING)
    ):
        n -= 2
    return s[:n]


@dataclass(frozen=True)
class Decompounder:
    """Settings and dictionary of the `dictionary_decompounder` filter of index.json."""

    min_word_size: int
    min_subword_size: int
    max_subword_size: int
    only_longest_match: bool
    by_prefix: dict[str, tuple[str, ...]]  # first min_subword_size chars -> words, shortest first


def build_decompounder(spec: dict[str, Any]) -> "Decompounder":
    """The decompounder of a `dictionary_decompounder` filter definition (word list inlined)."""
    if spec["type"] != "dictionary_decompounder":
        raise ValueError(f"not a dictionary_decompounder: {spec['type']!r}")
    # Lucene's defaults (CompoundWordTokenFilterBase) where the definition sets no value
    min_word = int(spec.get("min_word_size", 5))
    min_sub = int(spec.get("min_subword_size", 2))
    max_sub = int(spec.get("max_subword_size", 15))
    longest = str(spec.get("only_longest_match", False)).lower() == "true"
    groups: dict[str, list[str]] = {}
    for word in set(spec["word_list"]):
        if min_sub <= _u16len(word) <= max_sub and _ASTRAL_RE.search(word) is None:
            groups.setdefault(word[:min_sub], []).append(word)
    by_prefix = {key: tuple(sorted(words, key=len)) for key, words in groups.items()}
    return Decompounder(min_word, min_sub, max_sub, longest, by_prefix)


@cache
def _decompounder() -> Decompounder:
    """The `german_decompounder` of index.json, its word list read once."""
    filters = index_definition()["settings"]["analysis"]["filter"]
    return build_decompounder(filters[DECOMPOUNDER_FILTER])


def _surrogate_pair(match: "regex.Match[str]") -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _utf16_units(text: str) -> str:
    """`text` with each non-BMP character as its two surrogates (Java's char[] view)."""
    return _ASTRAL_RE.sub(_surrogate_pair, text)


def decompound(term: str, config: Decompounder | None = None) -> list[str]:
    """Lucene 9's DictionaryCompoundWordTokenFilter.decompose(): the dictionary words found
    in `term`, by start position and then by length (min..max subword size); by default
    with the index definition's decompounder.

    Terms shorter than min_word_size give none. A term that is itself in the dictionary is
    found too (the engine emits it again; the unique filter drops the duplicate).
    """
    config = config or _decompounder()
    units = term if _ASTRAL_RE.search(term) is None else _utf16_units(term)
    length = len(units)
    if length < config.min_word_size:
        return []
    min_sub = config.min_subword_size
    by_prefix = config.by_prefix
    parts: list[str] = []
    for i in range(length - min_sub + 1):
        words = by_prefix.get(units[i : i + min_sub])
        if words is None:
            continue
        found = [w for w in words if len(w) <= length - i and units.startswith(w, i)]
        if found:
            if config.only_longest_match:
                parts.append(found[-1])
            else:
                parts.extend(found)
    return parts


# --- Analyzers ---


@lru_cache(maxsize=_TERM_CACHE_SIZE)
def _index_terms(word: str) -> tuple[str, ...]:
    """german_text for one tokenizer token: its terms at its position, in engine order."""
    term = lowercase(word)
    if term in stop_words():
        return ()
    terms: list[str] = []
    for part in (term, *decompound(term)):
        stem = light_german_stem(german_normalize(part))
        if stem not in terms:  # unique, only_on_same_position
            terms.append(stem)
    return tuple(terms)


@lru_cache(maxsize=_TERM_CACHE_SIZE)
def _query_terms(word: str) -> tuple[str, ...]:
    """The `german` analyzer for one tokenizer token."""
    term = lowercase(word)
    if term in stop_words():
        return ()
    return (light_german_stem(german_normalize(term)),)


@lru_cache(maxsize=_TERM_CACHE_SIZE)
def _exact_terms(word: str) -> tuple[str, ...]:
    """german_exact for one tokenizer token."""
    return (german_normalize(lowercase(word)),)


def _analyze(text: str, terms_of: Callable[[str], tuple[str, ...]]) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    for position, (start, end) in enumerate(_spans(text)):
        for term in terms_of(text[start:end]):
            append(Token(term, start, end, position))
    return tokens


def analyze_index(text: str) -> list[Token]:
    """The `german_text` analyzer (index side): decompounded parts share their word's
    position and offsets."""
    return _analyze(text, _index_terms)


def analyze_query(text: str) -> list[Token]:
    """OpenSearch's built-in `german` analyzer (query side, no decompounding)."""
    return _analyze(text, _query_terms)


def analyze_exact(text: str) -> list[Token]:
    """The `german_exact` analyzer: lowercase and german_normalization, no stemming."""
    return _analyze(text, _exact_terms)
