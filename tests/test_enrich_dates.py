"""Tests for ingest.enrich.dates.find_meeting_date on real first pages."""

from datetime import date

import pytest

from ingest.enrich.dates import find_meeting_date

CASES = [
    # pdf/nordstemmen_rat_2021-09-30_protokoll.pdf (German month name)
    (
        "P r o t o k o l l \nder 30. Sitzung des Rates der Gemeinde Nordstemmen am Donnerstag, dem "
        "30. September \n2021, im Dorfgemeinschaftshaus Groß Escherde, Schulstraße 9.",
        date(2021, 9, 30),
    ),
    # text/nordstemmen_ortsrat-heyersum_2012-02-23_niederschrift.txt
    (
        "P r o t o k o l l\nder Sitzung des Ortsrates Heyersum am Donnerstag, dem 23. Februar "
        "2012, "
        'im "Alten\nSchulhaus"',
        date(2012, 2, 23),
    ),
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf (abridged, "[...]" marks cuts): the
    # later "vom 16.09.2025" is the previous meeting and "Ahnsen, 23.04.2026" the signature
    (
        " 1 von 4 \nÖFFENTLICHE NIEDERSCHRIFT \nder 17. Sitzung des Gemeinderates Ahnsen \nam "
        "Donnerstag, 26.03.2026, 19:30 Uhr bis 20:00 Uhr \n[...]\n3. Genehmigung des Protokolls "
        "über die Sitzung des Gemeinderates \nAhnsen vom 16.09.2025 \n[...]\nAhnsen, 23.04.2026",
        date(2026, 3, 26),
    ),
    # pdf/ahnsen_gemeinderat_2022-11-23_protokoll.pdf
    (
        "Protokoll über die 5. Sitzung des Gemeinderates der Gemeinde Ahnsen am 23.11.2022",
        date(2022, 11, 23),
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2021-04-14_niederschrift.pdf: the letter date
    # comes first, the meeting is "Besprechung am:"
    (
        "Stadt Erlangen          Erlangen, 19. April 2021 \n \nReferat: OBM  \nAmt: 13-2  \n"
        "Niederschrift  \nBesprechung am: 14. April 2021  Beginn:  18:35  Uhr \n",
        date(2021, 4, 14),
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2024-11-19_niederschrift.pdf (spaces before dots)
    (
        " 17 .12 .2024 \nReferat: OBM \nAmt: 13 -2 \nNiederschrift \nBesprechung am: 19 .11 .2024 "
        "Beginn: 18:30 Uhr",
        date(2024, 11, 19),
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020-01-22_niederschrift.pdf ("20 20")
    (
        " Stadt Erlangen   Erlangen, 27. Januar 2020 \nReferat: OBM \nAmt: 13-2 \nNiederschrift \n"
        "Besprechung am: 22 . Januar 20 20 Beginn: 18:35 Uhr",
        date(2020, 1, 22),
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020-01-22_einladung.pdf (weekday)
    (
        "Einladung \n \nStadt Erlangen \nStadtteilbeirat Büchenbach \n1. Sitzung   \uf09f   "
        "Mittwoch,  22.01.2020   \uf09f   18:30 Uhr   \uf09f   Gasthaus Güthlein, \n",
        date(2020, 1, 22),
    ),
    # pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf
    ("Verhandlung Drucksache: \n  \nGZ: \n  \nSitzungstermin: 28.03.2019 \n", date(2019, 3, 28)),
    # text/stuttgart_gemeinderat_2018-01-04_antrag-29-2018.txt ("vom")
    ("Antrag\n\n vom \n\n04.01.2018\n\nNr. \n\n29/2018\n\nAntrag", date(2018, 1, 4)),
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt
    (
        "Rat der Stadt Duisburg - Niederschrift oeffentliche Sitzung 24.02.2025 - TOP 2",
        date(2025, 2, 24),
    ),
    # pdf/nordstemmen_2021-09-08_ds80-2021_beschlussvorlage_radverkehrskonzept.pdf: a Vorlage
    # has the date of its header, not those of the Beratungsfolge
    (
        "Auskunft erteilt: Frau Finke \nTelefon: 800-32   08.09.2021 \n \n \n \n \n \n \n"
        "DS 80/2021  \nBeschlussvorlage  \n \nBeratung in öffentlicher Sitzung \n \n"
        "Beratungsfolge Termin Stand Abstimmung \nFachausschuss Planung, Bau \nund Umwelt "
        "14.09.2021 Beratung und Empfehlung  \nVerwaltungsausschuss 28.09.2021",
        date(2021, 9, 8),
    ),
    # text/nordstemmen_bulk/nordstemmen_2015-03-24_Rat_17._Sitzung__Rat_24.03.2015_18-30_Uhr.txt:
    # the file is named after 24.03.2015 but holds the protocol of 16.12.2014
    (
        "P r o t o k o l l\nder 16. Sitzung des Rates der Gemeinde Nordstemmen am Dienstag, dem "
        "16. "
        "Dezember 2014,\nim Landhaus Adensen",
        date(2014, 12, 16),
    ),
    # made up: only the first page counts (pages are separated by form feeds)
    ("Anlage ohne Datum\fSitzung am 01.02.2020", None),
    # made up: abbreviated months of RIS headers
    ("Niederschrift über die Sitzung des Bauausschusses am Di., 4. Feb. 2020", date(2020, 2, 4)),
    ("Sitzung am 14. Sept. 2023, 19:00 Uhr", date(2023, 9, 14)),
]

NEGATIVE = [
    # legal references and file numbers are not dates (text/duisburg_..., pdf/nordstemmen_...)
    "§ 41 Abs. 1 GO NRW",
    "gemäß § 58 Abs. 1 Nr. 15 NKomVG",
    "Aktenzeichen: (1) 11.01.30 / 2 GO 2021 – 2026",
    "Sitzung am 31.02.2021",
    "Sitzung am 30.13.2021",
    "Beginn der Sitzung: 18:30 Uhr",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_meeting_date(text: str, expected: date | None) -> None:
    assert find_meeting_date(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_date(text: str) -> None:
    assert find_meeting_date(text) is None
