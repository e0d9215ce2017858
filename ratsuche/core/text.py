"""Joining words that a line end split (or a heading's spaced letters): one rule for every
reader of extracted text (the enrichers, the citation reader, the word-list builder). Page
cleaning (`ingest.clean`) applies its fuller rule first; these joins catch what reaches a
reader uncleaned."""

import re

_BEFORE, _AFTER = r"(?<=[^\W\d_])-", r"(?=[a-zäöüß])"
# "Integrations-\nkonferenz": a letter, a hyphen at the line end, a lowercase continuation.
_LINE_END = re.compile(_BEFORE + r"[ \t]*\r?\n[ \t]*" + _AFTER)
# Also "Wirt- schaftsförderung" (the break lost in extraction), but neither a suspended
# compound ("Haushalts- und Kassenverordnung") nor a range ("§§ 47 a-f").
_SPLIT_WORD = re.compile(_BEFORE + r"(?:[ \t]*\r?\n[ \t]*|[ \t]+)" + _AFTER
                         + r"(?!(?:und|oder|bzw|sowie|bis)\b)")


def join_line_end_hyphens(text: str) -> str:
    """ "Integrations-\\nkonferenz" -> "Integrationskonferenz" ("CDU-\\nFraktion" stays)."""
    return _LINE_END.sub("", text)


def join_split_words(text: str) -> str:
    """As `join_line_end_hyphens`, and "Wirt- schaftsförderung" -> "Wirtschaftsförderung";
    "Haushalts- und Kassenverordnung" keeps its hyphen."""
    return _SPLIT_WORD.sub("", text)


_LETTER_SPACED = re.compile(r"^(?:\w ){2,}\w$")


def unspaced(line: str) -> str:
    """A heading printed with spaced letters as its word: "N i e d e r s c h r i f t" ->
    "Niederschrift" (a line of single letters only)."""
    return line.replace(" ", "") if _LETTER_SPACED.match(line) else line


# Private-use code points: glyphs of a PDF font without a Unicode mapping (symbol fonts,
# embedded subsets). They render as empty boxes, so snippets drop them.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def without_private_use(text: str) -> str:
    """The text without private-use code points (and the space runs they leave)."""
    return re.sub(r"[ \t]{2,}", " ", _PRIVATE_USE.sub("", text)) if _PRIVATE_USE.search(text) \
        else text
