"""Document numbers (Drucksachen, Vorlagen, Anträge, Anfragen) in canonical spelling."""

import re

from ratsuche.core.text import join_split_words

__all__ = ["canonical_number", "find_doc_numbers"]

_NR = r"(?:-?\s?Nr\.?|\s?Nummer)?\s?:?\s?"
# A number's end: no further digit, and no decimal ("DS 3/2015,5"); a sentence's full stop or
# a comma may follow ("… Mitteilungsvorlage DS 81/2014.").
_END = r"(?!\d|[.,]\d)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "DS",
        re.compile(
            r"(?<![\w-])(?:DS|Drucksachen?|Drucks\.|GRDrs)"
            + _NR
            + r"(?P<a>\d{1,5})\s?(?P<sep>[/\-])\s?(?P<b>\d{2,4})" + _END + r"(?P<suffix>/\d{1,2})?"
        ),
    ),
    (
        "AH",
        re.compile(
            r"(?<![\w-])(?:(?:BV|Vorlage)\s)?A[Hh]\s?(?P<a>\d{1,4})\s?/\s?(?P<p1>\d{2})\s?-\s?"
            r"(?P<p2>\d{2})(?!\d)"
        ),
    ),
    (
        "BV",
        re.compile(
            r"(?<![\w-])(?:BV|Beschlussvorlage)"
            + _NR
            + r"(?P<a>\d{1,5})\s?/\s?(?:(?P<mid>\d{1,3})\s?/\s?)?(?P<b>\d{4})" + _END
        ),
    ),
    (
        "Vorlage",
        re.compile(
            r"(?<![\w-])(?:Mitteilungsvorlage|Sitzungsvorlage|Vorlage)"
            + _NR
            + r"(?P<a>\d{1,5})\s?/\s?(?P<b>\d{4})" + _END
        ),
    ),
    (
        "Antrag",
        re.compile(
            r"(?<![\w-])(?P<kind>Haushaltsantrag|Antrag|AT)(?:snr\.|s-Nr\.|\b)\s?:?\s?"
            r"(?:vom\s[\d.]{8,10}\s|(?:des|der)\s(?:[\wäöüß\-]+\s){1,3}?)?(?:Nr\.?\s?:?\s?)?"
            r"(?P<a>\d{1,5})\s?/\s?(?P<b>\d{4})" + _END
        ),
    ),
    (
        "Anfrage",
        re.compile(
            r"(?<![\w-])Anfrage\s?:?\s?(?:vom\s[\d.]{8,10}\s)?(?:Nr\.?\s?:?\s?)?"
            r"(?P<a>\d{1,5})\s?/\s?(?P<b>\d{4})" + _END
        ),
    ),
    # Any other RIS number after a Vorlage label, kept as printed: "Vorlage: STV-241/2021-2026",
    # "Vorlage: 2023/045", "Vorlagen-Nr.: BV/123/2023"; ALLRIS's "VO/2023/045" also bare. It
    # ends in digits ("Vorlage 655/XVI" counts a Landkreis's Wahlperiode, not its document).
    (
        "RIS",
        re.compile(
            r"(?<![\w-])(?:(?:Beschluss|Mitteilungs|Sitzungs)?[Vv]orlagen?" + _NR
            + r"(?P<id>(?:[A-Z]{1,5}[-/\s]?)?\d{1,5}"
            r"(?:[-/]\s?(?:\d{1,5}|[A-Z]{1,5}))*[-/]\s?\d{1,5})"
            r"|(?P<vo>VO/\d{4}/\d{1,5}))(?![\w/-])"
        ),
    ),
]


def _num(raw: str) -> str:
    """Leading zeros go ("02" -> "2") unless the number is a fixed-width one ("0145")."""
    return raw if len(raw) >= 4 else str(int(raw))


def _year(raw: str) -> str | None:
    if len(raw) == 4:
        return raw if 1945 <= int(raw) <= 2099 else None
    if len(raw) == 2:
        return ("19" if int(raw) >= 70 else "20") + raw
    return None


def _canonical(kind: str, m: re.Match[str]) -> str | None:
    if kind == "RIS":
        return "Vorlage " + re.sub(r"\s", "", m.group("id") or m.group("vo"))
    a = m.group("a")
    if kind == "DS":
        b, sep = m.group("b"), m.group("sep")
        if sep == "-" and len(a) <= 2 and len(b) == 4 and _year(b) is None:
            # Duisburg: "DS 24-1095" = year 24, number 1095; "DS 21-0753/1" keeps its suffix.
            return f"DS {a}-{b}{m.group('suffix') or ''}"
        if sep == "-" and len(b) == 4 and len(a) <= 2 and _year(b):
            return f"DS {_num(a)}/{b}"
        year = _year(b)
        return f"DS {_num(a)}/{year}" if year and len(b) != 3 else None
    if kind == "AH":
        return f"BV AH {_num(a)}/{m.group('p1')}-{m.group('p2')}"
    year = _year(m.group("b"))
    if year is None:
        return None
    if kind == "BV":
        mid = m.group("mid")
        return f"BV {_num(a)}/{mid}/{year}" if mid else f"BV {_num(a)}/{year}"
    if kind == "Antrag":
        label = "Haushaltsantrag" if m.group("kind") == "Haushaltsantrag" else "Antrag"
        return f"{label} {_num(a)}/{year}"
    return f"{kind} {_num(a)}/{year}"


def find_doc_numbers(text: str) -> list[str]:
    """Document numbers in `text`, canonical and deduplicated, in order of first appearance.

    * "DS 80/2021", "Drucksache 80/2021", "Drucksache Nr. 80/2021", "DS-Nr. 80/2021",
      "DS 12-2025", "DS 3/18" -> "DS 80/2021", "DS 12/2025", "DS 3/2018";
      Duisburg's "DS 24-1095", "Drucksache: 25-0198" (year first) stay "DS 24-1095";
    * "Beschlussvorlage 6131/67/2022", "BV 0145/2022" -> "BV 6131/67/2022", "BV 0145/2022";
      Ahnsen's "BV AH 80/21-26", "Vorlage Ah 34/21-26" -> "BV AH 80/21-26";
    * "Vorlage 123/2020", "Mitteilungsvorlage 21/2013" -> "Vorlage 123/2020";
    * "Antrag 151/2020", "Antragsnr.: 151/2020", "AT 3/2024", "Antrag des Stadtteilbeirates
      Büchenbach Nr. 266/2019", "Antrag vom 04.01.2018 Nr. 29/2018" -> "Antrag 151/2020";
      "Haushaltsantrag vom 21.10.2019 Nr. 1128/2019" -> "Haushaltsantrag 1128/2019";
    * "Anfrage vom 30.01.2018 Nr. 23/2018", "Anfrage 23/2018" -> "Anfrage 23/2018";
    * any other number after a Vorlage label, as printed: "Vorlage: STV-241/2021-2026" ->
      "Vorlage STV-241/2021-2026", "Vorlagen-Nr.: BV/123/2023" -> "Vorlage BV/123/2023";
      ALLRIS's bare "VO/2023/045" -> "Vorlage VO/2023/045".

    Leading zeros are dropped from short numbers ("Antrag 02/2019" -> "Antrag 2/2019") and
    kept in four-digit ones ("BV 0145/2022"). Bare "Nr. 4/2021" (Finanzbericht, Amtsblatt)
    is not a document number.
    """
    s = re.sub(r"\s+", " ", join_split_words(text))
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(s):
            if any(m.start() < e and b < m.end() for b, e in taken):
                continue
            value = _canonical(kind, m)
            if value:
                hits.append((m.start(), value))
                taken.append((m.start(), m.end()))
    return list(dict.fromkeys(v for _, v in sorted(hits)))


def canonical_number(raw: str) -> str | None:
    """The canonical number of any one spelling: "Drucksache Nr. 110/2022", "DS 110/2022",
    "110/2022 1. Ergänzung" -> "DS 110/2022"; a bare number (a search box, an OParl Paper's
    `reference`) is read as a Drucksache, else as a Vorlage of its RIS ("STV-241/2021-2026"
    -> "Vorlage STV-241/2021-2026", as a protocol's "Vorlage: STV-241/2021-2026" reads)."""
    found = (find_doc_numbers(raw) or find_doc_numbers(f"DS {raw.strip()}")
             or find_doc_numbers(f"Vorlage {raw.strip()}"))
    return found[0] if found else None
