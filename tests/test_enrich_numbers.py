"""Tests for ingest.enrich.numbers.find_doc_numbers."""

import pytest

from ingest.enrich.numbers import find_doc_numbers

CASES = [
    # pdf/nordstemmen_2021-09-08_ds80-2021_beschlussvorlage_radverkehrskonzept.pdf
    ("Telefon: 800-32   08.09.2021 \nDS 80/2021  \nBeschlussvorlage", ["DS 80/2021"]),
    # pdf/nordstemmen_rat_2021-12-21_ds121-2021_haushaltssatzung2022.pdf
    ("Projekt 4079 in Höhe von 45.000 Euro, siehe Drucksache 81/2021 ", ["DS 81/2021"]),
    # text/nordstemmen_bulk/nordstemmen_2012-03-19_Fachausschuss_Planung_...txt
    (
        "Grundsatzbeschluss (DS 31/2012)\nDie Drucksache Nr. 31/2012 wird von Herrn Neise",
        ["DS 31/2012"],
    ),
    # text/nordstemmen_bulk/nordstemmen_2013-08-26_Ortsrat_Adensen_28._Sitzung__...txt
    ("Die vorliegende Sitzungsvorlage DS Nr. 68/2013 wird ausführlich", ["DS 68/2013"]),
    # pdf/nordstemmen_fa-finanzen_2021-12-14_protokoll.pdf (line break after "DS")
    ("wie sie dieser Drucksache als Anlage der DS \n116/2021 beigefügt ist.", ["DS 116/2021"]),
    # text/nordstemmen_bulk/nordstemmen_DS_122-2021_1._Ergaenzung__...txt
    ("welche in der DS 121 / 2021 1.Ergänzung bereits beschrieben", ["DS 121/2021"]),
    # text/nordstemmen_bulk/nordstemmen_DS_32-2018_1._Ergaenzung__...txt (two-digit year)
    ("zur Sitzung des Rates am\n15.03.2018 zur DS 3/18", ["DS 3/2018"]),
    # hyphen spelling of the brief and the file names
    ("Mitteilungsvorlage DS 12-2025", ["DS 12/2025"]),
    ("DS-Nr. 80/2021", ["DS 80/2021"]),
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt (abridged, "[...]" marks cuts; year
    # first, kept as written)
    (
        "Drucksache: 25-0198\nBetreff: [...] nö. S. DS 24-1095 Beauftragung [...] DS 21-0753/1 "
        "Ersatzneubau der Spundwand",
        ["DS 25-0198", "DS 24-1095", "DS 21-0753/1"],
    ),
    # pdf/wolfenbuettel_bv-0145-2022_anlage2a_bebauungsvorschlag_PLAN.pdf
    ("BEBAUUNGSVORSCHLAG BEBAUUNGSVORSCHLAG\nBV 0145/2022- Anlage 2a", ["BV 0145/2022"]),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2022-07-07_stellungnahme_bv-6131-67-2022.pdf
    ('Stellungnahme zur Beschlussvorlage 6131/67/2022 "Umweltspur"', ["BV 6131/67/2022"]),
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf and ..._2023-03-02_protokoll.pdf
    ("5. Zustimmung zu Erleichterungen nach dem „Bauturbo“ BV AH 80/21-26 ", ["BV AH 80/21-26"]),
    (
        "5  Einrichtung eines einseitigen Parkverbotes in der Schulstraße Ah 39/21- 26 \n  \n"
        "Herr Pohl verweist auf die Vorlage Ah 39/21-26. ",
        ["BV AH 39/21-26"],
    ),
    # text/nordstemmen_bulk/nordstemmen_2013-02-28_Fachausschuss_Planung_...txt
    (
        "Herr Risch verliest die Mitteilungsvorlage 21/2013 und erläutert diese.",
        ["Vorlage 21/2013"],
    ),
    ("Vorlage 123/2020", ["Vorlage 123/2020"]),
    # pdf/erlangen_stadtrat_2020-07-21_csu-fraktion_antrag-151-2020_odenwaldallee.pdf
    ("Eingang: 21.07.2020 \nAntragsnr.: 151/2020 \nVerteiler: OBM", ["Antrag 151/2020"]),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020_stellungnahme_antrag-266-2019_rudeltplatz.pdf
    (" Antrag des Stadtteilbeirates Büchenbach Nr. 266/2019 vom 21.10.2019 ", ["Antrag 266/2019"]),
    # pdf/nordstemmen_2025-02-21_ds12-2025_mitteilungsvorlage_waermeplanung.pdf
    ("Mit Bezug auf Antrag AT 3/2024 und die entsprechende Berichterstattung", ["Antrag 3/2024"]),
    # text/nordstemmen_bulk/nordstemmen_2019-02-19_Ortsrat_Mahlerten_...txt (leading zero)
    ("(siehe Antrag 02/2019)", ["Antrag 2/2019"]),
    # text/stuttgart_gemeinderat_2018-01-04_antrag-29-2018.txt
    ("Antrag\n\n vom \n\n04.01.2018\n\nNr. \n\n29/2018\n\nAntrag", ["Antrag 29/2018"]),
    # text/stuttgart_gemeinderat_2019-10-21_haushaltsantrag-1128-2019.txt
    ("Haushaltsantrag\n\n vom \n\n21.10.2019\n\nNr. \n\n1128/2019", ["Haushaltsantrag 1128/2019"]),
    # pdf/stuttgart_gemeinderat_2018-06-22_beantwortung_anfrage-23-2018.pdf
    ("Seite 1 \nBeantwortung zur Anfrage 23/2018 \n", ["Anfrage 23/2018"]),
    # made up: order of first appearance, duplicates once
    ("DS 93/2021 ... DS 92/2021 ... (DS 93/2021)", ["DS 93/2021", "DS 92/2021"]),
    # text/nordstemmen_bulk/nordstemmen_2014-11-17_Fachausschuss_Freizeit_...: at a sentence's
    # end, and before a comma (..._2015-06-08_Ortsrat_Adensen_...)
    ("bittet Herrn Tischbier um Erläuterung der Mitteilungsvorlage DS 81/2014.", ["DS 81/2014"]),
    ("die Ausbauplanung, siehe Sitzungsvorlage DS 30/2015, für die Erneuerung", ["DS 30/2015"]),
    # made up, the numbers of other RIS after a Vorlage label, as printed (extraction-dev:
    # Pohlheim prints "Vorlage: STV-241/2021-" and "2026" on two lines)
    ("Vorlage: STV-241/2021-\n2026", ["Vorlage STV-241/2021-2026"]),
    ("Vorlagen-Nr.: BV/123/2023", ["Vorlage BV/123/2023"]),
    ("Beratung der Vorlage VO/2023/045 im Bauausschuss", ["Vorlage VO/2023/045"]),
]

NEGATIVE = [
    # pdf/nordstemmen_fa-finanzen_2021-12-14_protokoll.pdf
    "3. Aussprache über den Finanzbericht Nr. 4/2021",
    # text/nordstemmen_bulk/nordstemmen_2012-03-22_Rat_3._Sitzung__...txt
    "im Amtsblatt des Landkreises Hildesheim (Nr. 29/2011 vom 20.07.2011)",
    # text/nordstemmen_bulk/nordstemmen_2015-03-10_Fachausschuss_Planung_...txt (typo year)
    "Nordstemmen (siehe DS 21/214) zu erstellen",
    # text/nordstemmen_bulk/nordstemmen_2009-12-03_Rat_16._Sitzung__...txt (Landkreis numbering)
    "Vorlage 655/XVI",
    "Datenschutz-Grundverordnung (DS-GVO)",
    "am 30.09.2021 um 18:00 Uhr",
    # a decimal after a number is no number's end
    "DS 3/2015,5",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_doc_numbers(text: str, expected: list[str]) -> None:
    assert find_doc_numbers(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_doc_numbers(text: str) -> None:
    assert find_doc_numbers(text) == []
