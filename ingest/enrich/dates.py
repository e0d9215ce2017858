"""The meeting date of a protocol, invitation or Vorlage, read from its first page."""

import re
from datetime import date

from ratsuche.core.text import join_split_words

__all__ = ["find_meeting_date"]

_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5,
    "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
    "dezember": 12,
    # abbreviated ("4. Feb. 2020"); the dot is read by the pattern
    "jan": 1, "feb": 2, "mrz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dez": 12,
}  # fmt: skip
_WEEKDAY = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
# "30.09.2021", "19 .11 .2024" (Erlangen PDFs put spaces before dots), "30. September 2021",
# "22 . Januar 20 20". Two-digit years are not read: "11.01.30" is a file number.
_DATE = re.compile(
    r"(?<!\d)(?<!\d\.)(?P<d>\d{1,2})\s?\.\s?(?:(?P<m>\d{1,2})\s?\.\s?(?P<y>(?:19|20)\d{2})"
    r"|\s?(?P<mn>(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r"))\.?\s"
    r"(?P<y2>(?:19|20)\s?\d{2}))(?![\d])"
)
# Context right before a date, strongest first. "Sitzung vom" usually names an *earlier*
# meeting ("Genehmigung des Protokolls der Sitzung vom ..."), so "vom" is weak.
_STRONG = re.compile(
    r"(?:Sitzung|Besprechung|Sitzungstermin|Termin|Tagung)\b[^.;]{0,140}?"
    r"(?:\bam\b:?|:)\s?(?:" + _WEEKDAY + r",?\s(?:de[nm]\s)?)?$"
    r"|\bSitzung(?:stermin)?\s?:?\s?$"
    r"|\bam\s" + _WEEKDAY + r",?\s(?:de[nm]\s)?$",
    re.I,
)
_WEEKDAY_BEFORE = re.compile(_WEEKDAY + r",?\s(?:de[nm]\s)?$")
_MEDIUM = re.compile(r"(?:\bDatum\s?:?|\bvom|\bam)\s?$", re.I)
_PREVIOUS = re.compile(
    r"(?:Niederschrift|Protokoll|Protokolls|Sitzung|Schreiben|Beschluss|Antrag)\w*\s"
    r"(?:\w+\s){0,6}?vom\s?$",
    re.I,
)


def _parse(m: re.Match[str]) -> date | None:
    day = int(m.group("d"))
    if m.group("m"):
        month, year = int(m.group("m")), int(m.group("y"))
    else:
        month, year = _MONTHS[m.group("mn").lower()], int(m.group("y2").replace(" ", ""))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_meeting_date(text: str) -> date | None:
    """The date of the meeting the document belongs to, or None.

    Looks at the first page only (up to the first form feed, at most 3000 characters) and
    scores every valid date by what stands before it:

    1. "Sitzung ... am (Weekday,) (dem)", "Besprechung am:", "Sitzungstermin:", "am Donnerstag,
       dem 30. September 2021" (within the first 1500 characters);
    2. a weekday ("Mittwoch, 22.01.2020"), also within the first 1500 characters;
    3. "Datum:", "vom", "am" in the first 400 characters ("Antrag vom 04.01.2018");
    4. any other date on the first page.

    A Vorlage (a first page with a "Beratungsfolge" table) gets the date of its header, the
    first date before the table; the meetings in the table and the past meetings its
    Begründung mentions are not its own.

    The first date of the best class wins. Dates after "Protokoll/Sitzung ... vom" name an
    earlier meeting and only count in class 4. Impossible dates (31.02.) and numbers that
    only look like dates ("§ 41 Abs. 1", "11.40.10") are ignored.
    """
    page = text.split("\f", 1)[0][:3000]
    s = re.sub(r"\s+", " ", join_split_words(page))
    vorlage = re.search(r"\bBeratungsfolge\b", s)
    if vorlage:
        header = [d for m in _DATE.finditer(s, 0, vorlage.start()) if (d := _parse(m))]
        if header:
            return header[0]
    best: tuple[int, int, date] | None = None
    for m in _DATE.finditer(s):
        d = _parse(m)
        if d is None:
            continue
        before = s[max(0, m.start() - 160) : m.start()]
        if _PREVIOUS.search(before) or m.start() > 1500:
            rank = 4
        elif _STRONG.search(before):
            rank = 1
        elif _WEEKDAY_BEFORE.search(before):
            rank = 2
        elif m.start() < 400 and _MEDIUM.search(before):
            rank = 3
        else:
            rank = 4
        if best is None or (rank, m.start()) < best[:2]:
            best = (rank, m.start(), d)
    return best[2] if best else None
