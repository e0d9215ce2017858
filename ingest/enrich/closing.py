"""Where a protocol's meeting ends: "Ende der Sitzung: 19:45 Uhr", "Schluss der öffentlichen
Sitzung", "Sitzungsende", "Der Vorsitzende schließt die Sitzung um 21.30 Uhr".

What follows belongs to no agenda item: the signatures, the form for the approval at the
next meeting ("Das vorstehende Protokoll wurde ... am einstimmig - mit folgenden Änderungen
- genehmigt", which read as the last item's outcome in 557 corpus units), attachments. The
last item keeps that text (every character belongs to a unit), but its outcome and votes are
read from the text before.
"""

import re

_CLOSING = re.compile(
    r"^[ \t]*(?:(?:Ende|Schluss)\s+der\s+(?:(?:nicht\s?)?öffentlichen\s+)?Sitzung\b"
    r"|Sitzungsende\b).*$"
    r"|\b(?:schließt|beendet)\s+(?:die|den\s+öffentlichen\s+Teil\s+der)\s+"
    r"(?:öffentliche\s+)?Sitzung\s+um\s+\d[^\n]*$"
    r"|\bDie\s+Sitzung\s+endet\s+um\s+\d[^\n]*$",
    re.MULTILINE,
)
# "Beginn der Sitzung: 19:00 Uhr / Ende der Sitzung: 21:15 Uhr" in a protocol's head
_OPENING_BEFORE = re.compile(r"\bBeginn\b[^\n]*\n?[^\n]*\Z")


def before_closing(text: str) -> str:
    """`text` up to the end of its last closing line (all of it without one); a closing
    line right after the meeting's start time ("Beginn ...") is the head, not the end."""
    for match in reversed(list(_CLOSING.finditer(text))):
        if not _OPENING_BEFORE.search(text[:match.start()]):
            return text[:match.end()]
    return text
