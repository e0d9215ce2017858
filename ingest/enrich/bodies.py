"""The council body ("Rat", "Ortsrat Heyersum", ...) and the municipality a document belongs to."""

import re
import unicodedata
from collections import Counter

from ratsuche.core.text import join_split_words

__all__ = ["find_body", "find_municipality"]

_CAP = r"[A-ZÄÖÜ][a-zäöüß]+"
_PLACE = rf"(?:(?:Groß|Gross|Klein|Bad|Alt|Neu|Sankt|St\.)\s)?{_CAP}(?:-{_CAP})?"
_NOT_NAMES = {
    "Die", "Der", "Das", "Den", "Dem", "Des", "Es", "Er", "Sie", "Wir", "Ihr", "Herr", "Frau",
    "Am", "Im", "In", "Zu", "Zum", "Zur", "Für", "Mit", "Bei", "Von", "Vom", "Anwesende",
    "Anwesend", "Beratung", "Beschluss", "Sitzung", "Tagesordnung", "Gemeinde", "Stadt",
    "Verteiler", "Entschuldigt", "Thema", "Beginn", "Ende", "Ort", "Anfrage", "Antrag",
    "Kenntnisnahme", "Mitteilung", "Anhörung", "Einladung", "Niederschrift", "Protokoll",
    "Einstimmig", "Mehrheitlich", "Gilt", "Empfehlung", "Ausschreibung", "Termin", "Stand",
}  # fmt: skip
_STOP = "(?!(?:" + "|".join(sorted(_NOT_NAMES)) + r")\b)"
# Simple bodies: (regex for the nominative or genitive form, canonical name).
# A council's name also starts a compound for its meeting: "Gemeinderatssitzung".
_SESSION = r"(?:s?sitzung)?"
_SIMPLE: list[tuple[str, str]] = [
    (r"Verwaltungsausschuss(?:es)?", "Verwaltungsausschuss"),
    (r"Kreisausschuss(?:es)?", "Kreisausschuss"),
    (r"Kreistag(?:es|s)?" + _SESSION, "Kreistag"),
    (r"Gemeinderat(?:es|s)?" + _SESSION, "Gemeinderat"),
    (r"Stadtrat(?:es|s)?" + _SESSION, "Stadtrat"),
    # the councils' names in other Länder
    (r"Marktgemeinderat(?:es|s)?" + _SESSION, "Marktgemeinderat"),
    (r"Marktrat(?:es|s)?" + _SESSION, "Marktrat"),
    (r"Verbandsgemeinderat(?:es|s)?" + _SESSION, "Verbandsgemeinderat"),
    (r"Samtgemeinderat(?:es|s)?" + _SESSION, "Samtgemeinderat"),
    (r"Ortsgemeinderat(?:es|s)?" + _SESSION, "Ortsgemeinderat"),
    (r"Stadtverordnetenversammlung", "Stadtverordnetenversammlung"),
    (r"Gemeindevertretung", "Gemeindevertretung"),
    (r"Stadtvertretung", "Stadtvertretung"),
    (r"Gemeindevorstand(?:es|s)?", "Gemeindevorstand"),
    (r"Magistrat(?:es|s)?", "Magistrat"),
    (r"Amtsausschuss(?:es)?", "Amtsausschuss"),
    (r"Ortschaftsrat(?:es|s)?", "Ortschaftsrat"),
    (r"Ortsbeirat(?:es|s)?", "Ortsbeirat"),
    (r"Bezirksvertretung", "Bezirksvertretung"),
    (r"Bezirksausschuss(?:es)?", "Bezirksausschuss"),
    (r"Rat(?:es|s)?" + _SESSION, "Rat"),
]
_SIMPLE_RE = "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SIMPLE))
# A committee named by its matter: "Ausschuss für Stadtentwicklung, Bauen und Verkehr",
# "Haupt- und Finanzausschuss", "Jugendhilfeausschuss", "Technischer Ausschuss", "Seniorenbeirat".
_MATTERS = (
    _STOP + r"[A-ZÄÖÜ][\wäöüß\-]*(?:(?:,\s|\sund\s|,\sund\s)" + _STOP + r"[A-ZÄÖÜ][\wäöüß\-]*){0,6}"
)
_COMMITTEE_RE = (
    rf"(?P<for>Ausschuss(?:es)?)\s(?P<forname>für\s{_MATTERS})"
    r"|(?P<tech>Technische[nr]?)\sAusschuss(?:es)?"
    r"|(?P<compound>(?:[A-ZÄÖÜ][a-zäöüß]+-(?:,\s|\sund\s))*[A-ZÄÖÜ][a-zäöüß]*"
    r"(?:ausschuss(?:es)?|beirat(?:es|s)?))"
)
_NAMED_RE = (
    rf"(?P<ortsrat>(?:Ortsrat|Ortschaftsrat|Ortsbeirat|Bezirksbeirat)(?:es|s)?"
    rf"|Bezirksausschuss(?:es)?(?:\s\d{{1,2}})?|Bezirksvertretung)\s(?P<oname>{_PLACE})"
    rf"|(?P<beirat>Stadtteilbeirat(?:es|s)?)\s(?P<bname>{_PLACE})"
    rf"|(?P<fa>Fachausschuss(?:es)?|FA)\s(?P<fname>(?:für\s)?{_MATTERS})"
)
_BODY = re.compile(
    rf"(?<![\wäöüß-])(?:{_NAMED_RE}|{_SIMPLE_RE}|{_COMMITTEE_RE})(?![\wäöüß])"
)
# "Sitzung des Rates", "Niederschrift über die 30. Sitzung des Rates", "Sitzung Stadtteilbeirat",
# "Beschlussprotokoll der öffentlichen Gemeinderatssitzung".
_MEETING = re.compile(
    r"(?:[Ss]itzung|[Nn]iederschrift|[Pp]rotokoll|Bekanntmachung|Einladung)\w*\s(?:\w+\s){0,4}?"
    r"(?:des|der)?\s?(?=[A-ZÄÖÜ])"
)
# Header lines naming the body of a municipality: "Rat der Stadt Duisburg", "Gemeinderat der
# Landeshauptstadt Stuttgart".
_OF_MUNICIPALITY = re.compile(
    r"(?:Rat|Gemeinderat|Stadtrat|Kreistag)(?=\sder\s(?:Stadt|Gemeinde|Landeshauptstadt|"
    r"Samtgemeinde|Hansestadt)\b)"
)
_BERATUNGSFOLGE = re.compile(
    r"Beratungsfolge(?P<block>.{0,900}?)(?:Beschlussvorschlag\s?:|Inhalt der Mitteilung|"
    r"Problembeschreibung|Sachverhalt\s?:|Beteiligung Personalrat|$)",
    re.S,
)


def _nominative(name: str) -> str:
    """ "Ortschaftsrates" -> "Ortschaftsrat", "Finanzausschusses" -> "Finanzausschuss"."""
    return re.sub(r"(?<=ausschuss)es$|(?<=rat)e?s$|(?<=tag)e?s$", "", name)


def _matters(name: str) -> str:
    """A committee's matters without a dangling "und", comma or hyphen where a line or column
    cut them."""
    return re.sub(r"(?:[\s,]+und)?[\s,]*$", "", name).rstrip("-")


def _body_name(m: re.Match[str]) -> str | None:
    if m.group("ortsrat"):
        name = m.group("oname")
        kind = " ".join(_nominative(w) for w in m.group("ortsrat").split())
        return None if name.split()[0] in _NOT_NAMES else f"{kind} {name}"
    if m.group("beirat"):
        name = m.group("bname")
        return None if name.split()[0] in _NOT_NAMES else f"Stadtteilbeirat {name}"
    if m.group("fa"):
        name = _matters(m.group("fname"))
        words = name.split()
        if not words or words[0].rstrip(",") in _NOT_NAMES:
            return None
        return f"Fachausschuss {name}" if name.startswith("für ") else f"Fachausschuss für {name}"
    for i, (_, canonical) in enumerate(_SIMPLE):
        if m.group(f"s{i}"):
            return canonical
    if m.group("for"):
        name = _matters(m.group("forname"))
        return f"Ausschuss {name}" if len(name.split()) > 1 else None
    if m.group("tech"):
        return "Technischer Ausschuss"
    if m.group("compound"):
        return _nominative(m.group("compound"))
    return None


def _complete(name: str, text: str) -> str:
    """A Fachausschuss name cut by a table column ("Fachausschuss für Klimaschutz, Bau") made
    whole from a longer mention of the same body elsewhere in the text."""
    if not name.startswith("Fachausschuss"):
        return name
    longer = [
        n
        for m in _BODY.finditer(_prepared(text, 30000))
        if (n := _body_name(m)) and n.startswith(name) and n[len(name) : len(name) + 1] in ",  "
    ]
    return max(longer, key=len, default=name)


_SMALL_WORDS = re.compile(r"\b(?:Des|Der|Die|Das|Den|Dem|Über|Am|Im|Vom|Zur|Zum|Und|Für|Von|Bei"
                          r"|Mit|Auf|An|In)\b")
# A heading line in capitals ("NIEDERSCHRIFT ÜBER DIE SITZUNG DES GEMEINDERATES"): two words
# of four letters or more and no lower-case letter.
_CAPS_LINE = re.compile(r"^(?=(?:.*\b[A-ZÄÖÜ]{4,}\b){2})[^a-zäöüß\n]+$", re.M)


def _uncapitalized(text: str) -> str:
    """Heading lines in capitals written as words ("GEMEINDE MUSTERDORF" -> "Gemeinde
    Musterdorf"), so that the names read from running text are read from them too."""
    return _CAPS_LINE.sub(lambda m: _SMALL_WORDS.sub(lambda w: w.group(0).lower(),
                                                     m.group(0).title()), text)


def _prepared(text: str, limit: int) -> str:
    return re.sub(r"\s+", " ", join_split_words(_uncapitalized(text[:limit])))


def _first_page(text: str, limit: int = 4000) -> str:
    return text.split("\f", 1)[0][:limit]


def find_body(text: str, filename: str | None = None) -> str | None:
    """The canonical name of the body whose meeting or document `text` is, else None.

    Values: "Rat", "Gemeinderat", "Stadtrat", "Kreistag", "Kreisausschuss",
    "Verwaltungsausschuss", "Ortsrat <Name>", "Stadtteilbeirat <Name>" and
    "Fachausschuss für <Name>" (the "für" is added when the text omits it, so "Fachausschuss
    Finanzen, ..." and "Fachausschuss für Finanzen, ..." agree); the councils of other Länder
    ("Marktgemeinderat", "Stadtverordnetenversammlung", "Gemeindevertretung", "Ortschaftsrat
    <Name>", "Ortsbeirat <Name>", ...) and committees named by their matter ("Ausschuss für
    <Matters>", "Haupt- und Finanzausschuss", "Technischer Ausschuss", "Seniorenbeirat"), in
    the nominative.

    Read from the first page: for a Vorlage the last body of the "Beratungsfolge" (the one
    that decides); otherwise the body after "Sitzung des/der" ("Protokoll der 11. Sitzung des
    Rates der Gemeinde Nordstemmen", "Sitzung des Ortsrates Heyersum", "öffentliche Sitzung
    Stadtteilbeirat Büchenbach"), then header forms like "Rat der Stadt Duisburg". The file
    name ("nordstemmen_ortsrat-heyersum_...", "..._Ortsrat_Heyersum_...") is the fallback.
    """
    page = _prepared(_first_page(text), 4000)
    bf = _BERATUNGSFOLGE.search(page)
    if bf:
        names = [n for m in _BODY.finditer(bf.group("block")) if (n := _body_name(m))]
        if names:
            return _complete(names[-1], text)
    for mm in _MEETING.finditer(page):
        m = _BODY.match(page, mm.end())
        if m and (name := _body_name(m)):
            return name
    m2 = _OF_MUNICIPALITY.search(page)
    if m2:
        return m2.group(0)
    for m in _BODY.finditer(page[:400]):
        if (m.group("ortsrat") or m.group("beirat")) and (name := _body_name(m)):
            return name
    return _body_from_filename(filename, text) if filename else None


def _translit(word: str) -> str:
    """ "Rössing" -> "roessing", "Groß" -> "gross": how names are spelled in file names."""
    w = word.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode()


def _restore(slug: str, text: str) -> str:
    """A file-name slug spelled as in the text ("roessing" -> "Rössing"), else title-cased."""
    parts = [p for p in re.split(r"[-_\s]+", slug) if p]
    spelled: dict[str, str] = {}
    for w in set(re.findall(r"[A-ZÄÖÜ][a-zäöüß]+", text[:20000])):
        spelled.setdefault(_translit(w), w)
    return " ".join(spelled.get(p.lower(), p.capitalize()) for p in parts)


_FILE_BODY = re.compile(
    r"(?i)(?:^|[_\-])(?P<kind>ortsrat|stadtteilbeirat|gemeinderat|stadtrat|kreistag|"
    r"kreisausschuss|verwaltungsausschuss|rat)(?P<name>(?:[_\-](?!\d)[a-zäöüß]+){0,2})?(?=[_.]|$)"
)


def _body_from_filename(filename: str, text: str) -> str | None:
    stem = re.sub(r"^.*[/\\]", "", filename)
    m = _FILE_BODY.search(stem)
    if not m:
        return None
    kind = m.group("kind").lower()
    canonical = {
        "ortsrat": "Ortsrat", "stadtteilbeirat": "Stadtteilbeirat", "gemeinderat": "Gemeinderat",
        "stadtrat": "Stadtrat", "kreistag": "Kreistag", "kreisausschuss": "Kreisausschuss",
        "verwaltungsausschuss": "Verwaltungsausschuss", "rat": "Rat",
    }[kind]  # fmt: skip
    if canonical in ("Ortsrat", "Stadtteilbeirat"):
        name = (m.group("name") or "").strip("_-")
        return f"{canonical} {_restore(name, text)}" if name else None
    return canonical


_MUNI_TYPES = (
    r"Landeshauptstadt|Große Kreisstadt|Kreisstadt|Hansestadt|Universitätsstadt|Stadt|"
    r"Samtgemeinde|Verbandsgemeinde|Ortsgemeinde|Marktgemeinde|Gemeinde|Markt|Flecken|Landkreis(?:es)?"
)
# Unions a municipality belongs to: named only when no member municipality is.
_UNIONS = {"Samtgemeinde", "Verbandsgemeinde", "Landkreis"}
_MUNICIPALITY = re.compile(
    rf"(?<![\w-])(?P<type>{_MUNI_TYPES})[ \t](?P<name>{_PLACE})(?![\wäöüß])"
    rf"|(?<![\w-])Gemeinderat(?:es|s)?[ \t](?:der[ \t]Gemeinde[ \t])?(?P<gname>{_PLACE})"
    r"(?![\wäöüß])"
)


def find_municipality(text: str, filename: str | None = None) -> str | None:
    """The municipality of the document ("Nordstemmen", "Erlangen", "Stuttgart", ...) or None.

    Counts "Gemeinde X", "Stadt X", "Landeshauptstadt X", "Rat der Stadt X", "Gemeinderat(es)
    X" on the first two pages and returns the most frequent (ties: the first). A member
    municipality beats its Samtgemeinde: "Samtgemeinde Eilsen" only wins when no "Gemeinde X"
    is named (the Ahnsen documents say both and give "Ahnsen"); so do a Verbandsgemeinde and
    a Landkreis (a Kreistag's documents name only their Landkreis). The file name prefix
    ("wolfenbuettel_...", spelled as in the text when the text has the word: "Wolfenbüttel")
    wins when the text names it anywhere (an Anlage may mention "Stadt Hildesheim" more often
    than its own municipality) and is the fallback when the text names none.
    """
    pages = "\f".join(text.split("\f")[:2])
    s = re.sub(r"[ \t]+", " ", join_split_words(_uncapitalized(pages[:12000])))
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    members: set[str] = set()  # named at least once as a municipality, not as a union
    for m in _MUNICIPALITY.finditer(s):
        name = m.group("name") or m.group("gname")
        if name.split()[0] in _NOT_NAMES:
            continue
        if (m.group("type") or "").removesuffix("es") not in _UNIONS:
            members.add(name)
        counts[name] += 1
        first.setdefault(name, m.start())
    hint = _municipality_from_filename(filename, text) if filename else None
    if hint and re.search(rf"(?<![\w-]){re.escape(hint)}(?![\wäöüß])", text):
        return hint
    if hint and not members:  # the file names the member, the text only its union
        return hint
    candidates = [n for n in counts if n in members] or list(counts)
    best = max(candidates, key=lambda n: (counts[n], -first[n]), default=None)
    if best is None or (hint and counts[best] < 2):
        return hint
    return best


# File name prefixes that name the document, not its municipality ("Niederschrift_GR.pdf").
_NOT_PLACE_PREFIXES = frozenset({
    "niederschrift", "protokoll", "sitzungsprotokoll", "beschlussprotokoll", "sitzung",
    "tagesordnung", "einladung", "beschluss", "beschlussvorlage", "vorlage", "mitteilungsvorlage",
    "sitzungsvorlage", "anlage", "anhang", "antrag", "anfrage", "bekanntmachung", "satzung",
    "stellungnahme", "auszug", "drucksache", "ds", "top", "rat", "gemeinderat", "stadtrat",
    "kreistag", "ortsrat", "ausschuss", "scan", "dokument", "entwurf",
})  # fmt: skip


def _municipality_from_filename(filename: str, text: str) -> str | None:
    stem = re.sub(r"^.*[/\\]", "", filename)
    prefix = re.split(r"[_\s]", stem, maxsplit=1)[0]
    if not prefix.isalpha() or prefix.lower() in _NOT_PLACE_PREFIXES:
        return None
    return _restore(prefix, text)
