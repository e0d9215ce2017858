"""Parties and council factions named in a text, as canonical short names."""

import re

__all__ = ["FACTIONS", "find_factions"]

#: All values `find_factions` can return.
FACTIONS = (
    "CDU", "CSU", "SPD", "FDP", "Grüne", "Linke", "AfD", "FW", "UWG", "ÖDP", "Piraten", "BSW",
    "Volt", "PARTEI", "Unabhängige", "WG",
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
            r"(?i:Bündnis\s?90\s?/\s?(?:die\s?)?Grüne[n]?)"
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
            r"\bFreie[n]? Wähler|\bFREIE WÄHLER\b|"
            + _L
            + r"FWG"
            + _R
            + r"|"
            + _L
            + r"FW-(?:Fraktion|Ratsfraktion|Stadtrat|Gruppe)"
            r"|(?<=\d\s)FW\b|(?<=\()FW(?=\))",  # vote breakdowns: "(3 FW)", "(FW)"
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
    ]
]


def find_factions(text: str) -> list[str]:
    """Canonical names of the parties/factions mentioned in `text`, in order of first mention.

    Names are matched as whole words, also inside compounds such as "CDU-Fraktion",
    "SPD-Ratsfraktion", "AfD-Gemeinderatsfraktion", "Gruppe CDU/FDP". Spellings:
    Bündnis 90/Die Grünen, B90/Grüne, 90/GRÜNE, GRÜNE, Grünen-Fraktion, Grüne Liste (Erlangen)
    -> "Grüne"; DIE LINKE., SÖS-LINKE-PluS -> "Linke"; Freie Wähler, FWG -> "FW";
    F.D.P., Freie Demokratische Partei -> "FDP"; "Die Unabhängigen" (Nordstemmen) ->
    "Unabhängige"; "WG" only right after a party and a slash ("CDU/WG"), since "WG" alone is
    mostly "Wohngebiet". Lower-case adjectives ("grüne Säcke", "die linke Seite") and words that
    merely contain the letters ("Aufwandsentschädigung") do not match.
    """
    s = re.sub(r"\s+", " ", text)
    first: dict[str, int] = {}
    for name, pattern in _PATTERNS:
        m = pattern.search(s)
        if m and (name not in first or m.start() < first[name]):
            first[name] = m.start()
    return sorted(first, key=first.__getitem__)
