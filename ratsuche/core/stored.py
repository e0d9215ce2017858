"""What the index stores: record types, document statuses and the records of one document.

Records are plain dicts with the fields of `index_config/index.json`, the same in every
store; a document's records are written together or not at all.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Raise when extraction, segmentation, chunking or the embedded text change: documents
# written by an older pipeline are then prepared again by the next ingest of their folder.
# 2: chunks within one page, embedded without the agenda item title.
# 3: documents are keyed by path and bytes (copies under other paths are documents too).
# 5: more outcome and vote forms; every vote of a unit in `resolutions`.
# 6: local statutes named after a paragraph are citations ("Eigenbetriebssatzung §7").
# 7: a protocol's units carry only the document numbers they name (matters).
# 8: chunks carry the citations of their own pages (`page_citations`); more law names.
# 9: citations with Roman Absätze and with another Absatz after "i. V. m.".
# 10: laws named before the number or in brackets after it; "§ 5 a)"; local factions.
# 11: a unit records the pages printing each of its citations (`citation_pages`).
# 12: the municipal codes of more Länder (SächsGemO, KV M-V, BbgKVerf, GO SH); "Buchst. f".
# 13: vote words before their numbers ("Zustimmung 12 Ablehnung 3"); only Nein counted beside
#     "einstimmig"/"mehrheitlich" is carried, not rejected; "fand keine Mehrheit"; "Abstimmung:
#     7:2"; no count inside a longer number ("1:25.000").
# 14: items headed "§ 12 …" (Baden-Württemberg); "Beschluss: 18 : 2", "Abstimmungsergebnis:
#     12/0/1", "Dafür: 8 Dagegen: 1"; "Fraktion Bürgerliste"; numbered items of a protocol
#     whose list of items near the top names an Antrag; "Punkt 2: …", "Zu Ö 3", a bare "Ö 4"
#     line; the ALLRIS block "davon anwesend: 11 Ja-Stimmen: 9", "Jastimmen", "5 Ja-, 1 Nein-";
#     "nehmen … zur Kenntnis", "Ergebnis: Kenntnisnahme", "Beschlussergebnis:", referrals and
#     postponements in more words; the councils of other Länder (Marktgemeinderat,
#     Stadtverordnetenversammlung, Ortschaftsrat …) and committees named by their matter;
#     "Beschlussprotokoll", "Kurzprotokoll", "Auszug aus dem Protokoll", "Sitzungsvorlage";
#     document numbers at a sentence's end or before a comma, other RIS numbers after
#     "Vorlage"; Landkreis, Verbandsgemeinde; SSW, Bayernpartei, Tierschutzpartei; a law of
#     several tokens before "§" ("KV M-V § 22").
# 15: "Beschlussergebnis:" and a paragraph's "Ergebnis:" start a vote of their own (one list of
#     result labels); a lone count right after a result word ("einstimmig (13 Ja)"); "§ 21"
#     alone above its title, a Tagesordnung ends where its numbers jump ahead; a
#     Geschäftsordnung or a …satzung is no protocol; "der FREIEN WÄHLER", "CSU/FW"; body
#     headings "zu 3. <agenda title>", agenda titles without the Vorlage number printed after
#     them; "N i e d e r s c h r i f t"; "ohne Änderungen bestätigt"; "2. Bauanträge" right
#     above "2.1 …" is an item, no list row; "stellt den Antrag zurück"; "für den Beschluss:
#     13", "13 Für, 2 Gegen", "Stimmen dafür:", "Enth. 1"; "Anwesend 15" is no count; "Der
#     Antrag ist damit erledigt"; a file named "Niederschrift_…" names no municipality; vote
#     grids with a column "anwesend" or "Befangen"; bodies and municipalities from heading
#     lines in capitals ("SITZUNG DES GEMEINDERATES", "GEMEINDE MUSTERDORF").
# 16: a unit's counts that go against its outcome (another vote of the item) give way to
#     those of the resolution with that outcome; a unit's outcome and votes are read from its
#     text before the end of the meeting ("Ende der Sitzung: …"; not the approval form).
PIPELINE_VERSION = 16


class RecordType(StrEnum):
    """The three kinds of record in one index."""

    document = "document"
    unit = "unit"  # an agenda item or resolution: what search results show
    chunk = "chunk"  # a piece of a unit within one page: what retrieval ranks


class DocumentStatus(StrEnum):
    """Where a document stands in a store (what `ingest` decides from)."""

    complete = "complete"
    incomplete = "incomplete"  # records of a write that did not finish
    absent = "absent"
    outdated = "outdated"  # written by an older pipeline
    without_ocr = "without-ocr"  # scanned pages never OCRed, and OCR can run now


@dataclass(frozen=True)
class StoredDocument:
    """Every record of one document (document, units, chunks), ready for a store."""

    document_id: str
    file: str
    records: list[dict[str, Any]]

    @classmethod
    def from_store(cls, records: list[dict[str, Any]]) -> "StoredDocument":
        """A document read back from a store (each record with its `_id` and, where it has
        one, its `vector`) as ingest hands it to a store: not yet complete, the document
        record first, the others in id order."""
        order = {RecordType.document: 0, RecordType.unit: 1, RecordType.chunk: 2}
        ready = sorted(({**r, "complete": False} for r in records),
                       key=lambda r: (order[RecordType(r["record"])], str(r["_id"])))
        if not ready or ready[0]["record"] != RecordType.document:
            raise ValueError("a stored document needs its document record")
        head = ready[0]
        return cls(str(head["document_id"]), str(head["file"]), ready)


def complete_status(document: dict[str, Any], want_ocr: bool) -> DocumentStatus:
    """The status of a complete document record: outdated, without OCR, or complete."""
    if document.get("pipeline_version", 1) < PIPELINE_VERSION:
        return DocumentStatus.outdated
    if want_ocr and document.get("image_only_pages") and not document.get("ocr_applied"):
        return DocumentStatus.without_ocr
    return DocumentStatus.complete
