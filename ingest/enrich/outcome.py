"""Outcome of a resolution: einstimmig, mehrheitlich, abgelehnt, vertagt, zur_kenntnis or
erledigt (settled without a vote)."""

import re

from ingest.enrich._text import flatten
from ingest.enrich.votes import find_votes
from ratsuche.core.records import Votes

__all__ = ["OUTCOMES", "RESULT_LABEL_WORDS", "find_outcome", "outcome_from_votes"]

#: All values `find_outcome` can return (besides None).
OUTCOMES = ("einstimmig", "mehrheitlich", "abgelehnt", "vertagt", "zur_kenntnis", "erledigt")

#: The words that label a vote's result (one home: `resolutions` starts a vote at each).
RESULT_LABEL_WORDS = r"Beratungsergebnis|Abstimmungsergebnis|Beschlussergebnis"
# Result labels, strongest first. "Beschluss:" is usually followed by the resolution text, so it
# only counts when an outcome word follows closely.
_LABELS = [
    # a bare "Ergebnis:" only at a line start ("mit folgendem Ergebnis:" introduces counts of
    # alternatives, not the result)
    (re.compile(rf"\b(?:{RESULT_LABEL_WORDS}|Abstimmung)\s?:|^[ \t]*Ergebnis\s?:", re.M), 220),
    (re.compile(rf"\b(?:{RESULT_LABEL_WORDS})\b"), 60),
    (re.compile(r"\bBeschluss\s?:"), 60),
]
# Within one clause: no ";" and no "." except inside a number or date ("zum 30.06.2023").
_CLAUSE = r"(?:[^.;]|(?<=\d)\.(?=\d))"
# Outcome words in priority order: a clause saying "einstimmig abgelehnt" is "abgelehnt".
_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "abgelehnt",
        re.compile(
            r"\babgelehnt\b|\babzulehnen\b|\blehnt\b[^.;]{0,100}?\bab\b"
            r"|\b(?:findet|fand|erhält|erhielt|bekommt|bekam)\b[^.;]{0,40}?\bkeine Mehrheit\b",
            re.I,
        ),
    ),
    (
        "vertagt",
        re.compile(
            r"\bvertagt\b|\bzurückgestellt\b|\babgesetzt\b|von der Tagesordnung genommen"
            r"|\bzurückgezogen\b|\bim Geschäftsgang\b|\b(?:zurück|über)?verwiesen\b"
            r"|\bverweist\b[^.;]{0,120}?(?:ausschu(?:ss|ß)|beirat|gremi)"
            # "in den Finanzausschuss überwiesen" (money is "überwiesen" too: only to a body)
            r"|(?:ausschu(?:ss|ß)|beirat|gremium)\s(?:zur\s\w+\s)?überwiesen\b"
            r"|\bAntrag\b[^.;]{0,80}?\bzurückgenommen\b"
            # "Der Ausschuss stellt den Antrag zurück" (not "stellt seine Bedenken zurück")
            r"|\bstell(?:t|en)\b[^.;]{0,60}?\b(?:Antrag|Bauantrag|Punkt|Tagesordnungspunkt|TOP"
            r"|Beschlussfassung|Beratung|Entscheidung|Vorlage|Angelegenheit)\b[^.;]{0,40}?"
            r"\bzurück\b"
            r"|\b(?:wird|wurde)\b[^.;]{0,80}?\b(?:in|auf) (?:die|eine) (?:nächste|spätere|kommende)"
            r" Sitzung (?:verschoben|vertagt)",
            re.I,
        ),
    ),
    (
        "zur_kenntnis",
        re.compile(
            r"\b(?:zur )?Kenntnis genommen\b"
            rf"|\b(?:nimmt|nehmen)\b{_CLAUSE}{{0,120}}?\b(?:zur )?Kenntnis\b"
            r"|\bnur (?:zur )?Kenntnisnahme\b"
            r"|^\W*(?:zur )?Kenntnisnahme\W*$",  # a result label's whole clause: "Kenntnisnahme"
            re.I,
        ),
    ),
    (
        "mehrheitlich",
        re.compile(
            r"\bmehrheitlich\b|\bmit (?:großer |knapper |deutlicher )?(?:Stimmen)?[Mm]ehrheit\b"
            r"|\bgegen (?:die|\d+|eine) (?:Gegen)?[Ss]timmen?\b",
            re.I,
        ),
    ),
    ("einstimmig", re.compile(r"(?<!\w)einstimmig\b|\bohne Gegenstimmen?\b", re.I)),
    # settled without a vote: "hat Erledigung erfahren", "wird ohne Änderungen festgestellt"
    (
        "erledigt",
        re.compile(
            r"\bErledigung\b|\b(?:hat sich|für) erledigt\b|\bals erledigt\b"
            r"|\b(?:Antrag|Anfrage|Punkt|Tagesordnungspunkt)\b (?:ist|sind) (?:\w+ )?erledigt\b"
            r"|\bohne (?:Änderung(?:en)?|Einwände|Einwendungen|Widerspruch)"
            r" (?:festgestellt|genehmigt|bestätigt)"
            rf"|\bgilt\b{_CLAUSE}{{0,80}}\bals (?:festgestellt|genehmigt)\b",
            re.I,
        ),
    ),
]
_NO_RESULT = re.compile(
    r"^\W*(?:kein(?:e)? Beschluss|Beraten ohne Beschluss|gilt als (?:vor)?beraten|"
    r"nur beraten|siehe Mitteilung)",
    re.I,
)
_ACCEPT = re.compile(
    r"\b(?:beschlossen|angenommen|zugestimmt|genehmigt|gefasst|beschließt|stimmt\b[^.]{0,80}"
    r"\bzu|empfiehlt|gewählt|fasst\b[^.]{0,80}\bBeschluss)\b",
    re.I,
)
# Empty vote grid of Nordstemmen Vorlagen: "Gremium Ein- stimmig Ja Nein Ent- haltung" (after
# `flatten` a grid broken as "Ein-\nstimmig" reads "Einstimmig", so that form is covered too).
_GRID = re.compile(r"\bEin-?\s?stim-?\s?mig(?=\s+Ja\s+Nein)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])| (?=Zu Punkt \d)|(?=\bTOP\s?\d)")


def outcome_from_votes(votes: Votes, accepted: bool = True) -> str | None:
    """Outcome implied by vote counts alone.

    no == 0 and yes > 0 -> "einstimmig"; yes > no -> "mehrheitlich"; yes <= no ->
    "abgelehnt". Abstentions never count: "einstimmig bei 2 Enthaltungen" is einstimmig. When
    yes was counted and no Nein was recorded, no is taken as 0 (protocols list only the
    counts that occurred). With only Nein counted, `accepted` (an acceptance verb such as
    "beschlossen" in the text) decides between "mehrheitlich" and None.
    """
    yes, no = votes.yes, votes.no
    if yes is None and no is None:
        return None
    if yes is None:
        if no == 0:
            return "einstimmig"
        return "mehrheitlich" if accepted else None
    no = no or 0
    if no == 0 and yes > 0:
        return "einstimmig"
    if yes > no:
        return "mehrheitlich"
    return "abgelehnt"


def contradicts(outcome: str | None, votes: Votes) -> bool:
    """Whether counts go against an outcome: adopted (einstimmig, mehrheitlich) with no more
    Ja than Nein, einstimmig with a Nein, or abgelehnt with more Ja than Nein. Such counts
    belong to another vote of the item (an Änderungsantrag rejected 18 : 20 before the
    Antrag was adopted)."""
    if outcome == "einstimmig" and votes.no:
        return True
    if votes.yes is None or outcome not in ("einstimmig", "mehrheitlich", "abgelehnt"):
        return False
    return (outcome == "abgelehnt") != (outcome_from_votes(votes) == "abgelehnt")


def _classify(clause: str, accepted: bool = True) -> str | None:
    """Outcome words of one clause; counts that come before "einstimmig"/"mehrheitlich" win
    over them ("a) 19 Ja-Stimmen, 1 Nein-Stimme b) Einstimmig" is about a) first)."""
    hits = [(value, m.start()) for value, pattern in _WORDS if (m := pattern.search(clause))]
    if not hits:
        return None
    value = hits[0][0]
    counted = find_votes(clause)
    no = counted.no or 0
    if value in ("einstimmig", "mehrheitlich") and no > 0:
        if counted.yes is None:  # only the Nein counted: carried against them
            return "mehrheitlich"  # "einstimmig bei 1 Gegenstimme" is a protocol's slip
        if no > counted.yes:
            return "abgelehnt"  # more no than yes: rejected, whatever word was printed
    if value in ("mehrheitlich", "einstimmig"):
        earlier = find_votes(clause[: min(p for _, p in hits)])
        if earlier.yes is not None or earlier.no is not None:
            return outcome_from_votes(earlier, accepted)
    return value


def _label_regions(text: str) -> list[tuple[str, str]]:
    """Each result label and the flattened text after it, up to the end of the paragraph
    that holds the result (the next paragraph is discussion or another matter)."""
    regions: list[tuple[int, str, str]] = []
    for pattern, width in _LABELS:
        for m in pattern.finditer(text):
            rest = text[m.end() : m.end() + 3 * width]
            paragraph = _PARAGRAPH.search(rest)
            rest = rest[: paragraph.end()] if paragraph else rest
            regions.append((m.start(), m.group(), _GRID.sub(" ", flatten(rest))[:width]))
        if regions:
            break
    return [(label, region) for _, label, region in sorted(regions)]


_PARAGRAPH = re.compile(r"\S[\s\S]*?\n[ \t]*\n")


def _first_clause(region: str) -> str:
    """The region up to the next agenda item ("Zu Punkt 7", "TOP 3")."""
    m = re.search(r"\bZu Punkt \d|\bTOP\s?\d|\s\d{1,2}\.\s[A-ZÄÖÜ][a-zäöü]+\s", region)
    return region[: m.start()] if m else region


def find_outcome(text: str, votes: Votes | None = None) -> str | None:
    """The outcome of the (first) resolution in `text`, one of `OUTCOMES`, or None.

    Words win over numbers: "einstimmig beschlossen/angenommen/zugestimmt" -> einstimmig,
    "mehrheitlich beschlossen", "mit Mehrheit gefasst" -> mehrheitlich, "abgelehnt" ->
    abgelehnt, "vertagt"/"zurückgestellt"/"abgesetzt" -> vertagt, "zur Kenntnis genommen" ->
    zur_kenntnis. If one clause has several ("einstimmig abgelehnt", "einstimmig zur Kenntnis
    genommen") the order abgelehnt > vertagt > zur_kenntnis > mehrheitlich > einstimmig
    decides; but counts written before "einstimmig"/"mehrheitlich" in the same clause are read
    first ("a) 19 Ja-Stimmen, 1 Nein-Stimme ... b) Einstimmig" -> mehrheitlich). Abstentions
    never make a vote "mehrheitlich": "einstimmig bei 2 Enthaltungen" is einstimmig.

    When the text has a result label ("Beratungsergebnis:", "Abstimmungsergebnis:",
    "Abstimmung:", "Beschluss:") only the text after the labels is read; "Keine
    Beschlussempfehlung", "Kein Beschluss", "Gilt als beraten" there give None. If the labels
    say nothing (an empty vote grid), the first sentence with an outcome word decides. Without
    words, the votes (`votes`, else `find_votes(text)`) decide, see `outcome_from_votes`.
    """
    s = _GRID.sub(" ", flatten(text))
    votes = find_votes(s) if votes is None else votes
    accepted = bool(_ACCEPT.search(s)) and not re.search(r"\babgelehnt\b", s, re.I)
    regions = _label_regions(text)
    if regions:
        for label, region in regions:
            clause = _first_clause(region)
            if _NO_RESULT.match(clause):
                return None
            value = _classify(clause, accepted)
            if value:
                return value
            # with its label: "Abstimmung: 15 : 0" is a count, a bare "15 : 0" is not
            value = outcome_from_votes(find_votes(f"{label} {clause}"), accepted)
            if value:
                return value
    for sentence in _SENTENCE_END.split(s):
        value = _classify(sentence, accepted)
        if value:
            return value
    return outcome_from_votes(votes, accepted)
