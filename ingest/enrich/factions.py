"""Parties and council factions named in a text, as canonical short names."""

import re

__all__ = ["FACTIONS", "find_factions"]

#: The canonical names of the parties `find_factions` knows; a local list or group it meets
#: ("Gruppierung BZS23") keeps its own name.
FACTIONS = (
    "CDU", "CSU", "SPD", "FDP", "Grüne", "Linke", "AfD", "FW", "UWG", "ÖDP", "Piraten", "BSW",
    "Volt", "PARTEI", "Unabhängige", "WG", "SSW", "BP", "Tierschutzpartei",
)  # fmt: skip

_L = r"(?<![A-Za-zÄÖÜäöüß])"  # no letter before
_R = r"(?![a-zäöüß])"  # no lower-case letter after ("CDU-Fraktion" is fine, "CDUler" is not)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(p))
    for name, p in [
        ("CDU", _L + r"CDU" + _R),
        ("CSU", _L + r"CSU" + _R),
        ("SPD", _L + r"SPD" + _R),
        ("FDP", _L + r"(?:FDP|F\.D\.P\.)" + r"|Freie[nr]? Demokratische[n]? Partei"),
        (
            "Grüne",
            r"(?i:B[üu]ndnis\s?90\s?/\s?(?:die\s?)?Gr[üu]ne[n]?)"  # "BUNDNIS 90/DIE GRUNEN": OCR
            r"|(?<![A-Za-z])B\s?90\s?/\s?(?:Die\s)?Grüne[n]?"
            r"|" + _L + r"90\s?/\s?(?:GRÜNE[N]?|Grüne[n]?)"
            r"|" + _L + r"GRÜNE[N]?(?![A-ZÄÖÜa-zäöüß])"
            r"|\b(?:Die|die|der|den|DIE)\s(?:Grünen|GRÜNEN)\b(?!\s?-?[a-zäöü])"
            r"|" + _L + r"Grüne[n]?-(?:[A-ZÄÖÜ]|Fraktion|Ratsfraktion|Gruppe|Stadtrat|Kreistag)"
            r"|(?<=/)\s?(?:Die\s)?Grüne[n]?\b"
            r"|(?:,\s|\bund\s|\bsowie\s)Grüne[n]?\b(?!\s[A-ZÄÖÜ][a-zäöü])"
            r"|\bGrüne Liste\b|" + _L + r"GL-(?:Fraktion|Stadtrat|Sprecher)"
            r"|(?<=\d\s)Grüne[n]?\b|(?<=\()Grüne[n]?(?=\))",  # vote breakdowns: "(5 Grüne)"
        ),
        (
            "Linke",
            _L + r"LINKE(?![A-ZÄÖÜa-zäöüß])"
            r"|\b(?:Die|die|der|DIE)\s(?:Linke|Linken)\b(?!\s[a-zäöü])"
            r"|" + _L + r"Linken?-(?:Fraktion|Ratsfraktion|Gruppe)|\bLinkspartei\b",
        ),
        ("AfD", _L + r"(?:AfD|AFD)" + _R),
        (
            "FW",
            r"\bFreie[n]? Wähler|\bFREIE[N]? WÄHLER|"
            + _L
            + r"FWG"
            + _R
            + r"|"
            + _L
            + r"FW-(?:Fraktion|Ratsfraktion|Stadtrat|Gruppe)"
            r"|(?<=\d\s)FW\b|(?<=\()FW(?=\))"  # vote breakdowns: "(3 FW)", "(FW)"
            r"|(?<=/)FW\b|\bFW(?=/[A-ZÄÖÜ])",  # a joint group: "CSU/FW", "FW/ÖDP"
        ),
        ("UWG", _L + r"UWG" + _R + r"|\bUnabhängige Wählergemeinschaft\b"),
        ("ÖDP", _L + r"ÖDP" + _R),
        (
            "Piraten",
            r"\bPiratenpartei\b|" + _L + r"PIRATEN\b|\b(?:Die|die|der)\sPiraten\b"
            r"|" + _L + r"Piraten-(?:Fraktion|Ratsfraktion|Gruppe)",
        ),
        ("BSW", _L + r"BSW" + _R + r"|\bBündnis Sahra Wagenknecht\b"),
        ("Volt", r"(?<!\d)(?<!\d\s)\bVolt\b(?!-?[a-zäöü])"),
        ("PARTEI", r"\bDie PARTEI\b|(?<=/)Die Partei\b|(?<=, )Die Partei\b"),
        ("Unabhängige", r"\b(?:Die|die)\sUnabhängigen\b"),
        ("WG", r"(?<=(?:CDU|SPD|FDP|UWG)/)WG\b"),
        ("SSW", _L + r"SSW" + _R + r"|\bSüdschleswigsche[rn]? Wählerverband"),
        ("BP", r"\bBayernpartei\b|" + _L + r"BP-(?:Fraktion|Stadtrat|Gemeinderat)"),
        ("Tierschutzpartei", r"\bTierschutzpartei\b|\bPartei Mensch Umwelt Tierschutz\b"),
    ]
]


# A local list or group, named by the word that introduces it as a council group:
# "Gruppierung BZS23", "Fraktion WIR", "BfB-Fraktion" (Stuttgart, and every municipality with
# its own Wählergemeinschaften). Only acronym-like names (two capitals or a digit) and list
# names ("Fraktion Bürgerliste"): "Fraktion Bündnis 90/Die Grünen" is a known party, "Gruppe
# Jugendliche" no group; and not before "-Gruppe" ("WhatsApp-Gruppe", "DLRG-Gruppe").
_LOCAL_NAME = r"[A-ZÄÖÜ][A-Za-zÄÖÜäöüß0-9]{1,11}(?:-[A-Za-zÄÖÜäöüß0-9]{2,11}){0,2}"
_LOCAL = re.compile(
    r"\b(?:Fraktion|Fraktionsgemeinschaft|Gruppierung|Gruppe|Ratsgruppe|Wählergruppe)\s"
    r"(?P<after>" + _LOCAL_NAME + r")(?![\wÄÖÜäöüß/])"
    r"|(?<![\wÄÖÜäöüß/-])(?P<before>" + _LOCAL_NAME + r")-(?:Fraktion|Ratsfraktion)\b"
)
_NOT_FACTIONS = {"TOP", "DS", "NR", "ABS", "GMBH", "DIE", "DER", "DAS"}
# A group named by one word that says it is a list or alliance: "Fraktion Bürgerliste",
# "Bürgerforum-Fraktion".
_LIST_NAME = re.compile(r"[A-ZÄÖÜ][a-zäöüß]{2,}(?:liste|forum|bündnis|allianz)")
_NEXT_WORDS = re.compile(r"(?:\s?\S+){0,4}")


def _acronym(name: str) -> bool:
    """A group's short name: three letters or more, two capitals or a digit, not a Roman
    numeral ("Gruppe III", "Gruppe A1" are classes, not council groups)."""
    return (len(name) >= 3 and not re.fullmatch(r"[IVXLC]+|[A-Z]\d+", name)
            and (sum(c.isupper() for c in name) >= 2 or any(c.isdigit() for c in name)))


def _known_party_at(s: str, start: int, end: int) -> bool:
    """Whether a known party's name overlaps s[start:end]: it may begin there and go on
    ("BÜNDNIS 90 / DIE GRÜNEN"), or begin before ("FREIE WÄHLER-Fraktion" is no group
    "WÄHLER")."""
    following = _NEXT_WORDS.match(s, end)
    stop = following.end() if following else end
    return any(m.start() < end and start < m.end()
               for _, p in _PATTERNS for m in p.finditer(s, max(0, start - 30), stop))


def _local_factions(s: str) -> dict[str, int]:
    """Local groups by name, with the position of their first mention."""
    found: dict[str, int] = {}
    for m in _LOCAL.finditer(s):
        name = m.group("after") or m.group("before")
        start = m.start("after") if m.group("after") else m.start("before")
        if ((_acronym(name) or _LIST_NAME.fullmatch(name)) and name.upper() not in _NOT_FACTIONS
                and not _known_party_at(s, start, start + len(name))):  # "Fraktion DIE LINKE"
            found.setdefault(name, start)
    return found


def find_factions(text: str) -> list[str]:
    """Canonical names of the parties/factions mentioned in `text`, in order of first mention.

    Names are matched as whole words, also inside compounds such as "CDU-Fraktion",
    "SPD-Ratsfraktion", "AfD-Gemeinderatsfraktion", "Gruppe CDU/FDP". Spellings:
    Bündnis 90/Die Grünen, B90/Grüne, 90/GRÜNE, GRÜNE, Grünen-Fraktion, Grüne Liste (Erlangen)
    -> "Grüne"; DIE LINKE., SÖS-LINKE-PluS -> "Linke"; Freie Wähler, FWG -> "FW";
    F.D.P., Freie Demokratische Partei -> "FDP"; "Die Unabhängigen" (Nordstemmen) ->
    "Unabhängige"; "WG" only right after a party and a slash ("CDU/WG"), since "WG" alone is
    mostly "Wohngebiet". A local group introduced as one keeps its name ("Gruppierung BZS23"
    -> "BZS23"). Lower-case adjectives ("grüne Säcke", "die linke Seite") and words that
    merely contain the letters ("Aufwandsentschädigung") do not match.
    """
    s = re.sub(r"\s+", " ", text)
    first: dict[str, int] = {}
    for name, pattern in _PATTERNS:
        m = pattern.search(s)
        if m and (name not in first or m.start() < first[name]):
            first[name] = m.start()
    for name, start in _local_factions(s).items():
        first.setdefault(name, start)
    return sorted(first, key=first.__getitem__)
