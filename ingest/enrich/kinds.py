"""The kind of a council document (Niederschrift, Beschlussvorlage, Antrag, ...)."""

import re

from ratsuche.core.text import unspaced

__all__ = ["KINDS", "find_kind"]

#: All values `find_kind` can return.
KINDS = (
    "Niederschrift", "Beschlussvorlage", "Mitteilungsvorlage", "Antrag", "Anfrage", "Einladung",
    "Bekanntmachung", "Satzung", "Stellungnahme", "Anlage",
)  # fmt: skip

# Headings at the start of a line, tried on each line of the first page in order.
_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(p, re.I))
    for kind, p in [
        (
            "Niederschrift",
            r"(?:(?:nicht)?öffentliche\s)?"
            r"(?:Sitzungs|Ergebnis|Beschluss|Kurz|Wort|Verlaufs|Verhandlungs)?"
            r"(?:niederschrift|protokoll)\b"
            r"|P r o t o k o l l\b"
            r"|(?:Beschluss)?auszug\saus\s(?:der|dem)\s(?:Niederschrift|Protokoll)",
        ),
        ("Beschlussvorlage", r"(?:Beschluss|Sitzungs|Verwaltungs)vorlage\b"),
        ("Mitteilungsvorlage", r"(?:Mitteilungs|Informations)vorlage\b"),
        ("Anfrage", r"(?:Beantwortung\s(?:zur|der)\s)?Anfrage\b"),
        ("Antrag", r"(?:Haushalts|Änderungs|Dringlichkeits|Ergänzungs)?antrag\b"),
        ("Einladung", r"Einladung\b|Tagesordnung\b"),
        ("Bekanntmachung", r"Bekanntmachung\b"),
        ("Stellungnahme", r"Stellungnahme\b"),
        ("Satzung", r"(?:\d+\.\s)?(?:[A-ZÄÖÜ][a-zäöüß]+)?satzung\b|Satzung\b"),
        ("Anlage", r"Anlage\b|Anhang\b"),
    ]
]
_TAKES_POSITION = re.compile(r"\bnimmt\b[^.]{0,60}\bStellung\b|\bStellung\s?nehmen\b")
_FILE_KINDS: list[tuple[str, str]] = [
    ("niederschrift", "Niederschrift"),
    ("protokoll", "Niederschrift"),
    ("beschlussvorlage", "Beschlussvorlage"),
    ("mitteilungsvorlage", "Mitteilungsvorlage"),
    ("stellungnahme", "Stellungnahme"),
    ("beantwortung", "Anfrage"),
    ("anfrage", "Anfrage"),
    ("haushaltsantrag", "Antrag"),
    ("antrag", "Antrag"),
    ("einladung", "Einladung"),
    ("bekanntmachung", "Bekanntmachung"),
    ("satzung", "Satzung"),
    ("anlage", "Anlage"),
    ("anhang", "Anlage"),
]


def _from_filename(filename: str) -> str | None:
    stem = re.sub(r"^.*[/\\]", "", filename).lower()
    tokens = [re.sub(r"\d+[a-z]?$", "", t) for t in re.split(r"[_\-.\s]+", stem)]
    if {"anlage", "anhang"} & set(tokens):
        return "Anlage"
    for token in tokens:
        for key, kind in _FILE_KINDS:
            if token == key or (key == "satzung" and token.endswith("satzung")):
                return kind
    return None


_ANYWHERE = re.compile(
    r"\b(?:(?P<n>Niederschrift|Protokoll)|(?P<b>Beschlussvorlage)|(?P<m>Mitteilungsvorlage)"
    r"|(?P<e>Einladung)|(?P<k>Bekanntmachung))\b",
    re.I,
)


def _first_word(head: str) -> str | None:
    """A kind word anywhere in a line: "Rat der Stadt Duisburg - Niederschrift ..."."""
    m = _ANYWHERE.search(head)
    if not m:
        return None
    kinds = {"n": "Niederschrift", "b": "Beschlussvorlage", "m": "Mitteilungsvorlage",
             "e": "Einladung", "k": "Bekanntmachung"}  # fmt: skip
    return next(kinds[g] for g, v in m.groupdict().items() if v)


def find_kind(text: str, filename: str | None = None) -> str | None:
    """The document kind, one of `KINDS`, or None.

    Judged from the headings of the first page: the first of its first 40 lines that starts
    with a kind word ("P r o t o k o l l", "ÖFFENTLICHE NIEDERSCHRIFT", "Protokoll über die
    5. Sitzung", "DS 80/2021 / Beschlussvorlage", "BEKANNTMACHUNG zur 17. Sitzung",
    "Beantwortung zur Anfrage 23/2018", "Haushaltsantrag", "Satzung der Stadt Erlangen",
    "Stellungnahme zur Beschlussvorlage", "Anlage 1") decides; "Tagesordnung" counts as
    Einladung. A letter whose first heading is an Antrag it answers but which "nimmt ...
    Stellung" is a Stellungnahme. Without a heading, a kind word anywhere in the first line
    ("Rat der Stadt Duisburg - Niederschrift ...") and then the file name
    ("..._niederschrift.pdf"; "Protokoll_..._Anlage_2.txt" is an Anlage) decide.
    """
    page = text.split("\f", 1)[0]
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()][:40]
    found: str | None = None
    for line in lines:
        line = re.sub(r"^(?:Seite\s\d+(?:\svon\s\d+)?|\d+\svon\s\d+|DS\s\d+/\d{4})\s*", "",
                      unspaced(line))
        for kind, pattern in _HEADINGS:
            if pattern.match(line):
                found = kind
                break
        if found:
            break
    if found is None and lines:
        found = _first_word(lines[0])
    if found in (None, "Antrag") and _TAKES_POSITION.search(page[:3000]):
        return "Stellungnahme"
    if found is None and filename:
        return _from_filename(filename)
    return found
