"""Legal citations ("§ 89 NKomVG", "Art. 28 Abs. 2 GG") normalized to canonical keys.

Shared by ingestion (keys stored with each unit) and query parsing (keys looked up), so both
sides agree on one spelling.

Key format:

* paragraphs: ``"<CODE> §<n>"``, e.g. ``"NKomVG §89"``, ``"GO NRW §41"``, ``"BauGB §36a"``;
* with an Absatz the coarse key is emitted first and then ``"<CODE> §<n> Abs. <m>"``, so a
  query without Absatz still matches a text that names one;
* articles: ``"GG Art. 28"`` and ``"GG Art. 28 Abs. 2"``.

``<CODE>`` is a canonical law code (see `LAW_CODES`); spelled-out names ("des
Niedersächsischen Kommunalverfassungsgesetzes", "der Geschäftsordnung") map to the same code.
A number with no law after it ("§ 5 Abs. 2") is skipped. Sentence numbers, "Nr." and
"Buchst." are read but not kept in the key. Line breaks and hyphenation inside a citation
("§ 89\nNKomVG", "des Nie-\ndersächsischen ...") do not matter, and an OCR'd "$ 9" counts as
"§ 9". Pure regex code: no I/O, no state.
"""

import re
from dataclasses import dataclass

from ratsuche.core.text import join_split_words

__all__ = [
    "LAW_CODES",
    "citation_label",
    "cited_paragraphs",
    "find_citations",
    "query_citations",
    "section_citations",
    "statute_code",
]

# Abbreviations as written (lower case, without dots, spaces and hyphens) -> canonical code.
_ALIASES: dict[str, str] = {
    "nkomvg": "NKomVG",
    "komvg": "NKomVG",
    "nkommvg": "NKomVG",
    "ndskomvg": "NKomVG",
    "ndskommvg": "NKomVG",
    "ngo": "NGO",
    "go": "GO",
    "baygo": "GO",
    "gonrw": "GO NRW",
    "gonw": "GO NRW",
    "gemo": "GemO",
    "gescho": "GeschO",
    "geschorat": "GeschO",
    "baugb": "BauGB",
    "gg": "GG",
    "hauptsatzung": "Hauptsatzung",
    "nbauo": "NBauO",
    "baunvo": "BauNVO",
    "nstrg": "NStrG",
    "nkag": "NKAG",
    "nkwg": "NKWG",
    "nschg": "NSchG",
    "nbrandschg": "NBrandSchG",
    "gemhkvo": "GemHKVO",
    "komhkvo": "KomHKVO",
    "fwvo": "FwVO",
    "bimschg": "BImSchG",
    "hgb": "HGB",
    "ustg": "UStG",
    "dsgvo": "DSGVO",
    "ndsg": "NDSG",
    "kitag": "KiTaG",
    "nkitag": "NKiTaG",
    "eeg": "EEG",
    "gvg": "GVG",
    "grstg": "GrStG",
    "grdstg": "GrStG",
    # federal laws lawyers cite by abbreviation (their names: `_NAMES`)
    "stvo": "StVO",
    "stvg": "StVG",
    "bnatschg": "BNatSchG",
    "whg": "WHG",
    "rog": "ROG",
    "bgb": "BGB",
    "vwvfg": "VwVfG",
    "vwgo": "VwGO",
    "ao": "AO",
    "kag": "KAG",
    "gewo": "GewO",
    "gewstg": "GewStG",
    "pbefg": "PBefG",
    "enwg": "EnWG",
    "geg": "GEG",
    "beamtstg": "BeamtStG",
    "geng": "GenG",
    "vgv": "VgV",
    "stgb": "StGB",
    "ifsg": "IfSG",
    "krwg": "KrWG",
    "fstrg": "FStrG",
    # the other Länder's municipal codes (so a code before the number and a query name them)
    "hgo": "HGO",
    "sächsgemo": "SächsGemO",
    "thürko": "ThürKO",
    "bbgkverf": "BbgKVerf",
    "ksvg": "KSVG",
}

#: Canonical codes the normalizer knows by name, besides "SGB <book>" ("SGB VIII"). Other
#: abbreviations that look like a law ("BNatSchG", "StVO") pass through as written.
LAW_CODES: frozenset[str] = frozenset(_ALIASES.values()) | {
    "VOB/A", "VOB/B", "VOB/C", "KVG LSA", "KV M-V", "GO SH"}

_NDS = r"(?:Niedersächsische[nsmr]?|Nds\.?)\s?"
# Spelled-out names -> code. Tried in order, so longer names come first.
_NAMES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), code)
    for p, code in [
        (_NDS + r"Kommunalverfassungsgesetz(?:es|s)?", "NKomVG"),
        (r"Kommunalverfassungsgesetz(?:es|s)?(?!\s(?:des|für das) Landes? Sachsen)", "NKomVG"),
        (_NDS + r"Gemeindeordnung", "NGO"),
        (
            r"Gemeindeordnung\s(?:des\sLandes\s|für\sdas\sLand\s)?"
            r"(?:Nordrhein-Westfalen|NRW|NW)\b",
            "GO NRW",
        ),
        (r"Gemeindeordnung\sfür\sBaden-Württemberg", "GemO"),
        (r"Hessische[n]?\sGemeindeordnung", "HGO"),
        (r"Sächsische[n]?\sGemeindeordnung", "SächsGemO"),
        (r"Gemeindeordnung\sfür\sden\sFreistaat\sSachsen", "SächsGemO"),
        (r"Gemeindeordnung(?:\sfür\sden\sFreistaat\sBayern)?", "GO"),
        (r"Baugesetzbuch(?:es|s)?", "BauGB"),
        (r"Grundgesetz(?:es|tes|s)?(?:\sfür\sdie\sBundesrepublik\sDeutschland)?", "GG"),
        (r"Geschäftsordnung", "GeschO"),
        (r"Hauptsatzung", "Hauptsatzung"),
        (_NDS + r"Schulgesetz(?:es)?", "NSchG"),
        (_NDS + r"Straßengesetz(?:es)?", "NStrG"),
        (_NDS + r"Kommunalabgabengesetz(?:es)?", "NKAG"),
        (_NDS + r"Kommunalwahlgesetz(?:es)?", "NKWG"),
        (_NDS + r"Bauordnung", "NBauO"),
        (_NDS + r"Brandschutzgesetz(?:es)?", "NBrandSchG"),
        (r"Baunutzungsverordnung", "BauNVO"),
        (r"Handelsgesetzbuch(?:es|s)?", "HGB"),
        (r"Umsatzsteuergesetz(?:es)?", "UStG"),
        (r"Bundes-?[Ii]mmissionsschutzgesetz(?:es)?", "BImSchG"),
        (r"Bundesnaturschutzgesetz(?:es)?", "BNatSchG"),
        (r"Straßenverkehrs-?[Oo]rdnung", "StVO"),
        (r"Straßenverkehrsgesetz(?:es)?", "StVG"),
        (r"Wasserhaushaltsgesetz(?:es)?", "WHG"),
        (r"Raumordnungsgesetz(?:es)?", "ROG"),
        (r"Bürgerlichen?\sGesetzbuch(?:es|s)?", "BGB"),
        (r"Verwaltungsverfahrensgesetz(?:es)?", "VwVfG"),
        (r"Verwaltungsgerichtsordnung", "VwGO"),
        (r"Abgabenordnung", "AO"),
        (r"Gewerbeordnung", "GewO"),
        (r"Gewerbesteuergesetz(?:es)?", "GewStG"),
        (r"Grundsteuergesetz(?:es)?", "GrStG"),
        (r"Personenbeförderungsgesetz(?:es)?", "PBefG"),
        (r"Energiewirtschaftsgesetz(?:es)?", "EnWG"),
        (r"Gebäudeenergiegesetz(?:es)?", "GEG"),
        (r"Erneuerbare-Energien-Gesetz(?:es)?", "EEG"),
        (r"Beamtenstatusgesetz(?:es)?", "BeamtStG"),
        (r"Genossenschaftsgesetz(?:es)?", "GenG"),
        (r"Vergabeverordnung", "VgV"),
        (r"Strafgesetzbuch(?:es|s)?", "StGB"),
        (r"Infektionsschutzgesetz(?:es)?", "IfSG"),
        (r"Kreislaufwirtschaftsgesetz(?:es)?", "KrWG"),
        (r"Bundesfernstraßengesetz(?:es)?", "FStrG"),
        (r"Datenschutz-Grundverordnung", "DSGVO"),
        (r"Gemeindehaushalts-?\s?und\s?[-–]?\s?[Kk]assenverordnung", "GemHKVO"),
        (r"Gemeindehaushalts(?:kassen)?verordnung", "GemHKVO"),
        (r"Kommunal(?:e\s)?[Hh]aushalts-?\s?und\s?[-–]?\s?[Kk]assenverordnung", "KomHKVO"),
        (r"Gerichtsverfassungsgesetz(?:es)?", "GVG"),
    ]
]
# A local statute named after the paragraph: "§ 7 der Eigenbetriebssatzung" (its name is
# its code; a plain "der Satzung" names none).
_LOCAL_STATUTE = re.compile(r"(?P<name>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*satzung)\b")
# Names that may also stand *before* the number ("Grundgesetz Artikel 3"), also with the
# body or place they belong to ("der Geschäftsordnung des Gemeinderats § 37 Abs. 7",
# "Hauptsatzung der Gemeinde Nordstemmen § 3").
_NAME_BEFORE = re.compile(
    r"(?:Grundgesetz(?:es)?|Baugesetzbuch(?:es)?|Geschäftsordnung|Hauptsatzung)"
    r"(?:\s(?:des|der|für\sden|für\sdie|für\sdas)(?:\s(?:der|des|[A-ZÄÖÜ][\wäöüß\-]*)){1,4})?"
    r"\s?$"
)
# A known law code right before the number: "GeschO § 5", "GemO § 35 Abs. 2" (only codes of
# the alias table: an unknown word before "§" is more often the end of a sentence).
_CODE_BEFORE = re.compile(r"(?<![\w.\-])(?P<code>[A-Za-zÄÖÜäöü][\wÄÖÜäöü\-]{1,14})\s?$")
_BEFORE_WINDOW = 120  # characters before a "§" searched for a name or code

# A law whose name is spelled out and followed by its abbreviation in brackets:
# "des Niedersächsischen Gesetzes über den Brandschutz (NBrandSchG)", also with the short
# name before it: "(Abwasserabgabengesetz - AbwAG)".
_NAMED_WITH_ABBR = re.compile(
    r"(?:[\w.\-]+\s){0,3}?[\w\-]*(?:[Gg]esetz|[Gg]esetzes|[Gg]esetzbuch|[Gg]esetzbuches|"
    r"[Oo]rdnung|[Vv]erordnung)(?:\s[\w.,\-–]+){0,15}?"
    r"\s?\((?:[^()]{2,40}?\s[-–]\s)?(?P<abbr>[^()\s]{2,12}(?:\s[IVX]{1,4})?)\)"
)
# Multi-token abbreviations (must be tried before single tokens).
_MULTI_ABBR: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"GO\.?\s?(?:NRW|NW)\b", re.I), "GO NRW"),
    (re.compile(r"KVG\s?LSA\b"), "KVG LSA"),
    (re.compile(r"K(?:V|omVerf)\s?M-?V\b"), "KV M-V"),
    (re.compile(r"GO\.?\s?SH\b"), "GO SH"),
    (re.compile(r"VOB\s?/\s?(?P<part>[ABC])\b"), None),
    (re.compile(r"S(?:GB|BG)\s?(?P<book>[IVX]{1,4}|\d{1,2})\b"), None),
]
# A law of several tokens right before a "§": "KV M-V § 22", "GO NRW § 41" (each spelling in
# the case `_multi_code` reads it).
_MULTI_BEFORE = re.compile(
    r"(?<![\w.\-])(?:"
    + "|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p, _ in _MULTI_ABBR)
    + r")\s?$"
)
_TOKEN = re.compile(r"(?P<tok>[A-Za-zÄÖÜäöü][A-Za-zÄÖÜäöü.\-]{0,14}?)(?=[^\w.\-]|[.\-](?!\w)|$)")
# Tokens that look like law abbreviations but are not.
_NOT_LAWS = {
    "CDU", "CSU", "SPD", "FDP", "AFD", "UWG", "TOP", "DS", "EG", "OG", "UG", "AG", "KG",
    "SG", "VG", "NR", "ABS", "GMBH", "BV", "AT", "AH", "WG", "FW", "LKR", "BSW", "OB",
}  # fmt: skip
_LAW_ENDINGS = ("G", "GB", "O", "VO", "V", "VG")

# A letter after the number belongs to it, also printed as a list label: "§ 13 a", "§§ 1 bis
# 5 a), 6 a)".
_NUM = r"\d{1,4}(?:\s?[a-z]\)|[a-z](?![a-zäöüß])|\s[a-z](?![a-zäöüß.)]))?"
_RE_NUM = re.compile(_NUM)
_RE_ANCHOR = re.compile(
    r"(?P<multi>§\s?§)|(?P<single>§|\$(?=\s?\d))|(?P<art>\bArt(?:ikel\b|\.|\b)(?=\s?\d))"
)
_RE_ANCHOR_LENIENT = re.compile(
    r"(?P<multi>§\s?§)|(?P<single>§|\$(?=\s?\d)|\bpara(?:graph|graf)?\b\.?)"
    r"|(?P<art>\bart(?:ikel\b|\.|\b)(?=\s?\d))",
    re.I,
)
_SEP_LIST = re.compile(r"\s?(?:,|und|u\.|sowie|bzw\.|oder)\s?(?=\d)")
_SEP_RANGE = re.compile(r"\s?(?:-|–|bis)\s?(?=\d)")
_ABS = re.compile(r"(?:,|\sund|\ssowie)?\s?(?:Abs\.?|Absatz|Absätze)\s?(?=\d)", re.I)
_ABS_PAREN = re.compile(r"\s?\((?P<n>\d{1,2}[a-z]?)\)")
_ABS_LIST_SEP = re.compile(r"\s?(?:,|und|u\.|sowie|oder|-|–|bis)\s?(?:Abs\.?\s?|Absatz\s?)?(?=\d)")
_SUB_NUM = r"(?:\d{1,3}(?:\.\d{1,3})*(?:\s?[a-z](?![A-Za-zäöüß.]))?\)?|[a-z]\)|[a-z](?![\wäöüß.)]))"
_SKIP_PART = re.compile(
    r",?\s?(?i:Satz|Sätze|S\.|Nrn?\.|Nummer|Ziff\.|Ziffer|Buchst\.|Buchstabe|lit\.|Alt\.|"
    r"Alternative|Var\.|Halbsatz|Hs\.)\s?"
    + _SUB_NUM
    + r"(?:\s?(?:,|und|u\.|bis|-|–|oder)\s?"
    + _SUB_NUM
    + r")*"
    r"|,?\s?(?i:letzter|erster|zweiter|dritter)\s(?i:Satz|Halbsatz)"
    r"|\sff?\.(?=\s)"
)
_LETTER_RANGE = re.compile(r"\s?[-–]\s?(?P<last>[a-z])(?![A-Za-zäöüß])")
# An Absatz in Roman numerals right after the number, as lawyers write it: "§ 44 I Nr. 1
# BNatSchG", "Art. 28 II GG".
_ABS_ROMAN = re.compile(r"\s(?P<roman>I{1,3}|IV|VI{0,3}|IX|XI{0,2})(?=[\s,;)]|$)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}
_FILLER = re.compile(r"\s?,?\s?(?:(?:der|des|dem|dieser|diese[sr]?|im|nach)\s)?")
_CHAIN = re.compile(
    r"\s?(?:und/oder|,|und|u\.|/|sowie|bzw\.|oder|i\.\s?V\.\s?m\.|iVm|in Verbindung mit)\s?"
    r"(?:(?:de[rsm]|nach|gem\.|gemäß)\s)?"
)


@dataclass(frozen=True)
class _Para:
    kind: str  # "§" or "Art."
    number: str
    absaetze: tuple[str, ...]


def _prepare(text: str) -> str:
    """Join words broken at line ends and collapse all whitespace to single spaces."""
    return re.sub(r"\s+", " ", join_split_words(text))


def _clean_number(raw: str) -> str:
    return raw.replace(" ", "").rstrip(")").lower()


def _parse_item(s: str, pos: int) -> tuple[list[str], list[str], int] | None:
    """Parse `NUM [range] subparts*` at pos; return (numbers, absaetze, end)."""
    m = _RE_NUM.match(s, pos)
    if not m:
        return None
    first = _clean_number(m.group(0))
    numbers = [first]
    pos = m.end()
    lm = _LETTER_RANGE.match(s, pos)
    if lm and first[-1].isalpha() and first[-1] < lm.group("last"):
        stem = first[:-1]
        numbers = [stem + chr(c) for c in range(ord(first[-1]), ord(lm.group("last")) + 1)]
        pos = lm.end()
    rm = None if lm else _SEP_RANGE.match(s, pos)
    if rm:
        m2 = _RE_NUM.match(s, rm.end())
        if m2:
            last = _clean_number(m2.group(0))
            numbers = _expand_range(first, last)
            pos = m2.end()
    absaetze: list[str] = []
    roman = _ABS_ROMAN.match(s, pos)
    if roman:
        absaetze.append(str(_ROMAN[roman.group("roman")]))
        pos = roman.end()
    while True:
        am = _ABS.match(s, pos)
        if am:
            nm = _RE_NUM.match(s, am.end())
            if nm:
                group = [_clean_number(nm.group(0))]
                pos = nm.end()
                while True:
                    sm = _ABS_LIST_SEP.match(s, pos)
                    if not sm:
                        break
                    nm = _RE_NUM.match(s, sm.end())
                    if not nm:
                        break
                    n = _clean_number(nm.group(0))
                    if re.match(r"\s?(?:-|–|bis)", s[pos : sm.end()]) and group:
                        group = group[:-1] + _expand_range(group[-1], n)
                    else:
                        group.append(n)
                    pos = nm.end()
                absaetze.extend(group)
                continue
        pm = _ABS_PAREN.match(s, pos)
        if pm:
            absaetze.append(pm.group("n"))
            pos = pm.end()
            continue
        km = _SKIP_PART.match(s, pos)
        if km and km.end() > pos:
            pos = km.end()
            continue
        break
    return numbers, absaetze, pos


def _more_absaetze(s: str, pos: int) -> tuple[list[str], int] | None:
    """Absätze at pos that continue the paragraph before ("Abs. 5", "Abs. 5 Nr. 2"), with
    their end."""
    am = _ABS.match(s, pos)
    item = _parse_item(s, am.end()) if am else None
    return (item[0], item[2]) if item else None


def _expand_range(first: str, last: str) -> list[str]:
    """ "40"-"42" -> 40, 41, 42; "1"-"5a" -> 1, ..., 5, 5a; other ranges with letters and
    ranges longer than 30 keep the endpoints."""
    lettered = last[:-1] if last[-1:].isalpha() else last
    if first.isdigit() and lettered.isdigit() and 0 < int(lettered) - int(first) <= 30:
        numbers = [str(n) for n in range(int(first), int(lettered) + 1)]
        return numbers if lettered == last else [*numbers, last]
    return [first] if first == last else [first, last]


def _alias(tok: str) -> str | None:
    """The canonical code of a known abbreviation; dots, hyphens, spaces and case do not
    count ("Nds. KomVG", "GO-NRW", "NKOMVG")."""
    return _ALIASES.get(re.sub(r"[.\-\s]", "", tok).lower())


def _abbr_code(tok: str, lenient: bool) -> str | None:
    """Canonical code for one abbreviation token, or None if it does not look like a law."""
    known = _alias(tok)
    if known:
        return known
    word = tok.rstrip(".")
    if not re.fullmatch(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{2,11}", word):
        return None
    if word.upper() in _NOT_LAWS or sum(c.isupper() for c in word) < 2:
        return None
    if lenient and word.isupper() and len(word) <= 3:
        return None
    return word if word.endswith(_LAW_ENDINGS) else None


def _match_code(s: str, pos: int, lenient: bool) -> tuple[str, int] | None:
    """The law code starting at pos (after optional "der"/"des"), with its end."""
    fm = _FILLER.match(s, pos)
    start = fm.end() if fm else pos
    for pattern, code in _NAMES:
        m = pattern.match(s, start)
        if m:
            end = m.end()
            bm = re.match(r"\s?\((?P<abbr>[^()]{2,15})\)", s[end:])
            if bm:
                end += bm.end()
            return code, end
    lm = _LOCAL_STATUTE.match(s, start)
    if lm:
        return lm.group("name"), lm.end()
    m = _NAMED_WITH_ABBR.match(s, start)
    if m:
        abbr = m.group("abbr")
        multi_abbr = _multi_code(abbr, 0)
        named = _abbr_code(abbr, lenient) or (multi_abbr[0] if multi_abbr else None)
        if named:
            return named, m.end()
    multi = _multi_code(s, start)
    if multi:
        return multi
    tm = _TOKEN.match(s, start)
    if tm:
        tok = tm.group("tok")
        if not lenient and not tok[0].isupper():
            return None
        token_code = _abbr_code(tok, lenient)
        if token_code:
            return token_code, tm.end()
    return None


def _multi_code(s: str, pos: int) -> tuple[str, int] | None:
    for pattern, code in _MULTI_ABBR:
        m = pattern.match(s, pos)
        if not m:
            continue
        if code is not None:
            return code, m.end()
        if "part" in pattern.groupindex:
            return f"VOB/{m.group('part')}", m.end()
        return f"SGB {m.group('book').upper()}", m.end()
    return None


def _keys(paras: list[_Para], code: str) -> list[str]:
    out: list[str] = []
    for p in paras:
        base = f"{code} §{p.number}" if p.kind == "§" else f"{code} Art. {p.number}"
        out.append(base)
        out.extend(f"{base} Abs. {a}" for a in p.absaetze)
    return out


_BRACKET_OPEN = re.compile(r"\s?\(")
_BRACKET_CLOSE = re.compile(r"(?:\s[^()]{1,40})?\)")


def _code_after(s: str, pos: int, lenient: bool) -> tuple[str, int] | None:
    """The law named after a citation's numbers, also in brackets: "§ 5 (GeschO)", "§ 37
    Abs. 7 erster Satz (Geschäftsordnung des Gemeinderats)"."""
    hit = _match_code(s, pos, lenient)
    if hit:
        return hit
    opened = _BRACKET_OPEN.match(s, pos)
    inner = _match_code(s, opened.end(), lenient) if opened else None
    closed = _BRACKET_CLOSE.match(s, inner[1]) if inner else None
    return (inner[0], closed.end()) if inner and closed else None


def _code_before(s: str, free: int, anchor: int, lenient: bool) -> str | None:
    """The law named right before a "§" that names none after its numbers, from `free` on
    (where the citation before ended: in "i. V. m. § 11 NKAG § 4 Bemessungsgrundlage" the
    code is § 11's, and "§ 4" is the heading of the statute's own section)."""
    start = max(free, anchor - _BEFORE_WINDOW)
    named = _NAME_BEFORE.search(s, start, anchor)
    if named:
        hit = _match_code(s, named.start(), lenient)
        if hit:
            return hit[0]
    multi = _MULTI_BEFORE.search(s, start, anchor)
    hit = _multi_code(s, multi.start()) if multi else None
    if hit:
        return hit[0]
    coded = _CODE_BEFORE.search(s, start, anchor)
    if coded:
        return _alias(coded.group("code"))
    return None


def _scan(text: str, lenient: bool = False) -> list[str]:
    s = _prepare(text)
    anchor_re = _RE_ANCHOR_LENIENT if lenient else _RE_ANCHOR
    keys: list[str] = []
    pos = 0
    while True:
        am = anchor_re.search(s, pos)
        if not am:
            break
        kind = "Art." if am.group("art") else "§"
        pending: list[_Para] = []
        cur = am.end()
        code_hit: tuple[str, int] | None = None
        while True:
            cur = cur + 1 if cur < len(s) and s[cur] == " " else cur
            item = _parse_item(s, cur)
            if item is None:
                break
            numbers, absaetze, cur = item
            pending.extend(
                _Para(kind, n, tuple(absaetze) if i == len(numbers) - 1 else ())
                for i, n in enumerate(numbers)
            )
            lm = _SEP_LIST.match(s, cur)
            if lm:
                cur = lm.end()
                continue
            code_hit = _code_after(s, cur, lenient)
            if code_hit:
                break
            cm = _CHAIN.match(s, cur)
            if cm:
                nxt = anchor_re.match(s, cm.end())
                if nxt and ("Art." if nxt.group("art") else "§") == kind:
                    cur = nxt.end()
                    continue
                more = _more_absaetze(s, cm.end())
                if more and pending:  # "§ 44 Abs. 1 Nr. 1 i. V. m. Abs. 5 BNatSchG"
                    last = pending[-1]
                    pending[-1] = _Para(last.kind, last.number, (*last.absaetze, *more[0]))
                    cur = more[1]
                    code_hit = _match_code(s, cur, lenient)
            break
        if code_hit is None and pending:
            code = _code_before(s, pos, am.start(), lenient)
            if code:
                code_hit = (code, cur)
        if code_hit is not None:
            keys.extend(_keys(pending, code_hit[0]))
            pos = max(code_hit[1], am.end())
        else:
            pos = max(cur, am.end())
    return list(dict.fromkeys(keys))


def find_citations(text: str) -> list[str]:
    """Canonical citation keys in `text`, deduplicated, in order of first appearance.

    >>> find_citations("gem. § 41 Abs. 1 GO NRW und §§ 40-41 NKomVG")
    ['GO NRW §41', 'GO NRW §41 Abs. 1', 'NKomVG §40', 'NKomVG §41']
    """
    return _scan(text)


_LABEL = re.compile(r"^(?P<code>.+?) (?:§(?P<par>\S+)|Art\. (?P<art>\S+))(?: Abs\. (?P<abs>\S+))?$")


def citation_label(key: str) -> str:
    """Display form of a key: "GeschO §5" -> "§ 5 GeschO", "GO Art. 52 Abs. 2" -> "Art. 52
    Abs. 2 GO". Strings that are not keys come back unchanged."""
    m = _LABEL.match(key)
    if not m:
        return key
    head = f"§ {m.group('par')}" if m.group("par") else f"Art. {m.group('art')}"
    if m.group("abs"):
        head += f" Abs. {m.group('abs')}"
    return f"{head} {m.group('code')}"


_CODE_WORDS = sorted(
    {re.escape(a) for a in _ALIASES} | {r"go\.?\s?nrw", r"go\.?\s?nw", r"sgb\s?[ivx]{1,4}"},
    key=len,
    reverse=True,
)
_Q_CODE = r"(?:" + "|".join(_CODE_WORDS) + r")(?![a-zäöüß])"
_Q_ABS = r"(?:\s?(?:abs\.?|absatz)\s?(?P<abs>\d{1,2}))?"
# "89 NKomVG", "89 Abs. 1 NKomVG" (no anchor), and "NKomVG 89", "NKomVG § 89 Abs. 1".
_Q_NUM_CODE = re.compile(
    r"(?<![\w§$.,/])(?P<num>\d{1,3}[a-z]?)" + _Q_ABS + r"\s?(?P<code>" + _Q_CODE + ")", re.I
)
_Q_CODE_NUM = re.compile(
    r"(?<![a-zäöüß])(?P<code>" + _Q_CODE + r")\s?(?P<art>art(?:ikel|\.)?\s?)?(?:§\s?)?"
    r"(?P<num>\d{1,3}[a-z]?)(?![\d.])" + _Q_ABS,
    re.I,
)


_Q_AFTER_ANCHOR = re.compile(r"(?:[§$]|\bart\.?|\bartikel|\bpara\w*\.?)\s?$", re.I)
# A number that is part of the citation before it ("§ 182 Abs. 2 S. 1 Nr. 7 NKomVG": the
# 7 is a Nummer of § 182, not § 7).
_Q_AFTER_PART = re.compile(
    r"\b(?:abs|absatz|s|satz|nrn?|nummer|ziff|ziffer|buchst|buchstabe|lit|hs|halbsatz|alt)"
    r"\.?\s?$", re.I
)


def _query_prepare(query: str) -> str:
    q = re.sub(r"(\d)([A-Za-zÄÖÜäöü]{2,})", r"\1 \2", query)  # "89NKomVG" -> "89 NKomVG"
    q = re.sub(r"(\d[a-z])([A-ZÄÖÜ])", r"\1 \2", q)  # "121aNKomVG" -> "121a NKomVG"
    q = re.sub(r"([§$])(?=\d)", r"\1 ", q)
    return re.sub(r"\s+", " ", q).strip()


def paragraph_key(key: str) -> str:
    """The key of the whole paragraph or article: "BNatSchG §44 Abs. 1" -> "BNatSchG §44"."""
    return key.split(" Abs. ", 1)[0]


def cited_paragraphs(keys: list[str]) -> list[str]:
    """`keys` and the whole paragraphs they are part of: a text citing "§ 44 BNatSchG" or
    "§ 44 Abs. 5 BNatSchG" applies the paragraph a query for "§ 44 Abs. 1 BNatSchG" names
    (every stored key with an Absatz comes with its paragraph's key, so matching these finds
    every text citing the paragraph in any form).

    >>> cited_paragraphs(["BNatSchG §44 Abs. 1", "GG Art. 28"])
    ['BNatSchG §44 Abs. 1', 'GG Art. 28', 'BNatSchG §44']
    """
    return list(dict.fromkeys([*keys, *(paragraph_key(k) for k in keys)]))


def _most_specific(keys: list[str]) -> list[str]:
    finer = {paragraph_key(k) for k in keys if " Abs. " in k}
    return [k for k in keys if k not in finer]


def query_citations(query: str) -> list[str]:
    """Citation keys typed in a user query, most specific only.

    Accepts everything `find_citations` reads plus the short forms people type:
    "89 NKomVG", "NKomVG 89", "§89NKomVG", "nkomvg § 89 abs 1", "art 28 gg", "Paragraph 5
    GeschO" (known codes in any case; bare numbers only next to a known code and only up to
    three digits, so "Haushalt 2022 NKomVG" names no paragraph).
    A key is dropped when a finer key with an Absatz for the same paragraph was found.
    """
    q = _query_prepare(query)
    keys = _scan(q, lenient=True)
    for m in _Q_NUM_CODE.finditer(q):
        before = q[:m.start()]
        if not (_Q_AFTER_ANCHOR.search(before) or _Q_AFTER_PART.search(before)):
            keys.extend(_query_key(m))
    for m in _Q_CODE_NUM.finditer(q):
        keys.extend(_query_key(m))
    return _most_specific(list(dict.fromkeys(keys)))


def _query_key(m: re.Match[str]) -> list[str]:
    hit = _match_code(m.group("code"), 0, lenient=True)
    if not hit:
        return []
    code = hit[0]
    art = "art" in m.groupdict() and m.group("art")
    number = m.group("num").lower()
    base = f"{code} Art. {number}" if art else f"{code} §{number}"
    return [base, f"{base} Abs. {m.group('abs')}"] if m.group("abs") else [base]


# A statute's own title on its first lines: the document IS that law, so its bare section
# headings ("§ 28", "§ 28 Außerkraftsetzen der Geschäftsordnung") cite it.
_STATUTE_TITLES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s*Geschäftsordnung\b", re.MULTILINE), "GeschO"),
    (re.compile(r"^\s*Hauptsatzung\b", re.MULTILINE), "Hauptsatzung"),
]
_SECTION_HEADING = re.compile(r"^\s*§\s?(\d+[a-z]?)(?=\s*$|\s+[A-ZÄÖÜ])", re.MULTILINE)


def statute_code(first_page: str, head_lines: int = 6) -> str | None:
    """The code of the law a document is the text of (a Geschäftsordnung, a Hauptsatzung),
    judged from a title line among its first lines; None for all other documents."""
    head = "\n".join(first_page.strip().splitlines()[:head_lines])
    for pattern, code in _STATUTE_TITLES:
        if pattern.search(head):
            return code
    return None


def section_citations(text: str, code: str) -> list[str]:
    """Keys for the section headings ("§ 28" at the start of a line) of a statute's text."""
    return list(dict.fromkeys(f"{code} §{m.group(1)}" for m in _SECTION_HEADING.finditer(text)))
