"""Tests for ingest.enrich.bodies: find_body and find_municipality on real first pages."""

import pytest

from ingest.enrich.bodies import find_body, find_municipality

# text/nordstemmen_rat_2021-03-23_niederschrift.txt
RAT = (
    "P r o t o k o l l\nder 28. Sitzung des Rates der Gemeinde Nordstemmen am Dienstag, dem 23. "
    "März 2021, in\nder Mehrzweckhalle Nordstemmen, Hauptstraße 32 a\nBeginn der Sitzung: 18:30 Uhr"
)
# text/nordstemmen_ortsrat-heyersum_2012-02-23_niederschrift.txt
ORTSRAT = (
    "P r o t o k o l l\nder Sitzung des Ortsrates Heyersum am Donnerstag, dem 23. Februar 2012, im "
    '"Alten\n'
    'Schulhaus", Martin-Luther-Platz 5'
)
# text/nordstemmen_bulk/nordstemmen_2007-03-01_Ortsrat_Gross_Escherde_2._Sitzung__...txt
ORTSRAT_GROSS = (
    "Bekanntmachung\nder Gemeinde Nordstemmen\nEine Sitzung des Ortsrates Groß Escherde findet am "
    "Donnerstag, dem 1. März 2007, um 18.00 Uhr,"
)
# pdf/nordstemmen_fa-finanzen_2021-12-14_protokoll.pdf
FACHAUSSCHUSS = (
    "P r o t o k o l l \nder Sitzung des Fachausschusses Finanzen, Wirtschaftsförderung, "
    "Marketing und Feuerschutz am \nDienstag, dem 14. Dezember 2021, im Sitzungszimmer des "
    "Rathauses, Rathausstraße 3 \n"
)
# pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf
AHNSEN = (
    " 1 von 4 \nÖFFENTLICHE NIEDERSCHRIFT \nder 17. Sitzung des Gemeinderates Ahnsen \n"
    "am Donnerstag, 26.03.2026, 19:30 Uhr bis 20:00 Uhr \nim Versammlungsraum des "
    "Dorfgemeinschaftshauses Ahnsen \n"
)
# pdf/ahnsen_gemeinderat_2022-11-23_protokoll.pdf
AHNSEN_2022 = (
    "Protokoll über die 5. Sitzung des Gemeinderates der Gemeinde Ahnsen am 23.11.2022 \n"
    "im Dorfgemeinschaftshaus Ahnsen \n"
)
# pdf/erlangen_stadtteilbeirat-buechenbach_2021-04-14_niederschrift.pdf
ERLANGEN = (
    "Stadt Erlangen                                                                    Erlangen, "
    "19. April 2021 \n \nReferat: OBM  \nAmt: 13-2  \nNiederschrift  \nBesprechung am: 14. April "
    "2021  Beginn:  18:35  Uhr \nOrt: Digital \n \nEnde: 20:35  Uhr \n \nThema: 1. Sitzung des "
    "Stadtteilbeirates Büchenbach  \n"
)
# pdf/erlangen_stadtteilbeirat-buechenbach_2020-01-22_einladung.pdf
ERLANGEN_EINLADUNG = (
    "Einladung \n \nStadt Erlangen \nStadtteilbeirat Büchenbach \n1. Sitzung   \uf09f   "
    "Mittwoch,  22.01.2020   \uf09f   18:30 Uhr   \uf09f   Gasthaus Güthlein, \n"
)
# pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf
STUTTGART = (
    "Seite 1 \nProtokoll: Gemeinderat der Landes-\nhauptstadt Stuttgart Niederschrifts-Nr. \nTOP: "
    "\n"
    "66 \n1e \nVerhandlung Drucksache: \n  \nGZ: \n  \nSitzungstermin: 28.03.2019 \n"
)
# text/duisburg_rat_2025-02-24_niederschrift_top2.txt
DUISBURG = (
    "Rat der Stadt Duisburg - Niederschrift oeffentliche Sitzung 24.02.2025 - TOP 2\n"
    "Drucksache: 25-0198\nBetreff: Beschlussfassung über Ausschussvorlagen\n"
)
# text/nordstemmen_2022_ds110-2022-erg1_beschlussvorlage_fluechtlingsunterbringung.txt
VORLAGE = (
    "Adensen Heyersum\nNordstemmen Barnten Klein Escherde\nBurgstemmen Mahlerten\nGroß Escherde "
    "Nordstemmen\nHallerburg Rössing\nSicherheit, Einwohnerservice, Bildung und Soziales\n"
    "Aktenzeichen: (2) 31 30 10\nAuskunft erteilt: Herr Tischbier\nTelefon: 800-10 09.12.2022\n"
    "DS 110/2022 1. Ergänzung\nBeschlussvorlage\nBeratung in öffentlicher Sitzung\nBeratungsfolge "
    "Termin Stand Abstimmung\nVerwaltungsausschuss 13.12.2022 Beratung und Empfehlung Einstimmig "
    "lt. Beschlussvorschlag\nMehrheitlich bei 16 Ja-Stimmen, einer\nBeratung und Beschlussfas-\n"
    "Rat 20.12.2022 Nein-Stimme und 6 Enthaltungen lt. Be-\nsung\nschlussvorschlag\nSicherstellung "
    "der Versorgung der Vertriebenen aus der Ukraine durch die Bereitstellung von\nWohnraum im "
    "Rahmen einer solidarischen Zusammenarbeit mit den Städten, Samtgemein-\nden und Gemeinden im "
    "Landkreis Hildesheim; Abschluss einer Vereinbarung mit dem Land-\nkreis Hildesheim\n"
    "Beschlussvorschlag:\nDem Abschluss dieser Vereinbarung mit dem Landkreis Hildesheim"
)
# pdf/nordstemmen_2025-02-21_ds12-2025_mitteilungsvorlage_waermeplanung.pdf (Beratungsfolge with
# a Fachausschuss first; the last body decides)
MITTEILUNG = (
    "DS 12/2025  \nMitteilungsvorlage  \n \nBeratung in öffentlicher Sitzung \n \nBeratungsfolge "
    "Sitzungstermin Stand \nFachausschuss Klimaschutz, Bau und Umwelt 06.03.2025 Mitteilung \n"
    "Verwaltungsausschuss 18.03.2025 Mitteilung \nRat 25.03.2025 Mitteilung \n \nSachstand zur "
    "Kommunalen Wärmeplanung \n \nInhalt der Mitteilung: \n"
)
# text/nordstemmen_2019-02-05_ds12-2019_mitteilungsvorlage_kita.txt
ORTSRAT_VORLAGE = (
    "DS 12/2019\nMitteilungsvorlage\nBeratung in öffentlicher Sitzung\nBeratungsfolge "
    "Sitzungstermin Stand\nOrtsrat Burgstemmen 19.02.2019\nHaushaltsplan 2019 und "
    "Investitionsprogramm bis 2022 für die Ortschaft Burgstemmen\nInhalt der Mitteilung:"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RAT, "Rat"),
        (ORTSRAT, "Ortsrat Heyersum"),
        (ORTSRAT_GROSS, "Ortsrat Groß Escherde"),
        (
            FACHAUSSCHUSS,
            "Fachausschuss für Finanzen, Wirtschaftsförderung, Marketing und Feuerschutz",
        ),
        (AHNSEN, "Gemeinderat"),
        (AHNSEN_2022, "Gemeinderat"),
        (ERLANGEN, "Stadtteilbeirat Büchenbach"),
        (ERLANGEN_EINLADUNG, "Stadtteilbeirat Büchenbach"),
        (STUTTGART, "Gemeinderat"),
        (DUISBURG, "Rat"),
        (VORLAGE, "Rat"),
        (MITTEILUNG, "Rat"),
        (ORTSRAT_VORLAGE, "Ortsrat Burgstemmen"),
        ("Kreistag des Landkreises Hildesheim", None),
        # made up, first lines in the forms of other Länder and of committees named by matter
        ("Niederschrift über die Sitzung des Marktgemeinderates Oberstaufen vom 04.02.2020",
         "Marktgemeinderat"),
        ("NIEDERSCHRIFT über die Sitzung der Stadtverordnetenversammlung der Stadt Pohlheim",
         "Stadtverordnetenversammlung"),
        ("Niederschrift über die Sitzung der Gemeindevertretung Kleinmachnow am 09.02.2023",
         "Gemeindevertretung"),
        ("Niederschrift über die 5. Sitzung des Ortschaftsrates Reute am 10. Mai 2021",
         "Ortschaftsrat Reute"),
        ("Niederschrift über die Sitzung des Ortsbeirates Nieder-Olm am 3.3.2022",
         "Ortsbeirat Nieder-Olm"),
        ("Protokoll der 12. Sitzung des Ausschusses für Stadtentwicklung, Bauen und Verkehr am",
         "Ausschuss für Stadtentwicklung, Bauen und Verkehr"),
        ("Niederschrift über die Sitzung des Haupt- und Finanzausschusses am 22.11.2023",
         "Haupt- und Finanzausschuss"),
        ("Niederschrift über die öffentliche Sitzung des Technischen Ausschusses am 18.04.2023",
         "Technischer Ausschuss"),
        ("Niederschrift Jugendhilfeausschuss 05.10.2022", "Jugendhilfeausschuss"),
        ("Beschlussprotokoll der öffentlichen Gemeinderatssitzung vom 12.12.2022", "Gemeinderat"),
        # made up: heading lines in capitals
        ("GEMEINDE MUSTERDORF\nNIEDERSCHRIFT\nÜBER DIE ÖFFENTLICHE SITZUNG DES GEMEINDERATES",
         "Gemeinderat"),
        ("PROTOKOLL DER SITZUNG DES ORTSRATES GROSS ESCHERDE", "Ortsrat Gross Escherde"),
        ("NIEDERSCHRIFT DER SITZUNG DES AUSSCHUSSES FÜR BAUEN UND UMWELT",
         "Ausschuss für Bauen und Umwelt"),
        # a word cut at a table column is no first half of a committee's name
        ("Beratungsfolge Termin\nBeschlussfas- Verwaltungsausschuss 12.12.2022",
         "Verwaltungsausschuss"),
    ],
)
def test_find_body(text: str, expected: str | None) -> None:
    assert find_body(text) == expected


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        # made-up texts without a header: the file name decides; umlauts come back from the text
        (
            "Herr Kämpfer aus Rössing berichtet.",
            "nordstemmen_ortsrat-roessing_2012-02-21_niederschrift.pdf",
            "Ortsrat Rössing",
        ),
        ("", "nordstemmen_rat_2021-09-30_protokoll.pdf", "Rat"),
        ("", "stuttgart_gemeinderat_2018-01-04_antrag-29-2018.txt", "Gemeinderat"),
        ("", "nordstemmen_2025-06-13_ds53-2025_anlage2_lageplan.pdf", None),
        # the text wins over the file name
        (ORTSRAT, "nordstemmen_rat_2012-02-23.pdf", "Ortsrat Heyersum"),
    ],
)
def test_find_body_filename(text: str, filename: str, expected: str | None) -> None:
    assert find_body(text, filename) == expected


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        (RAT, None, "Nordstemmen"),
        (AHNSEN, None, "Ahnsen"),
        (AHNSEN_2022, None, "Ahnsen"),
        (ERLANGEN, None, "Erlangen"),
        (STUTTGART, None, "Stuttgart"),
        (DUISBURG, None, "Duisburg"),
        # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf (abridged, "..." marks cuts):
        # Samtgemeinde and member municipality both named
        (
            "Herr Humke verweist hier auf die Zuständigkeit der Samtgemeinde Eilsen. "
            + AHNSEN
            + "Dem Antrag ... in der Flöte 32, 31708 Ahnsen, ... der Gemeinde Ahnsen",
            None,
            "Ahnsen",
        ),
        ("Die Samtgemeinde Eilsen lädt ein.", None, "Eilsen"),  # made up: only the Samtgemeinde
        # made up: a Kreistag's protocol names its Landkreis; a member beats its Verbandsgemeinde
        ("Niederschrift der Sitzung des Kreistages des Landkreises Gießen vom 01.07.2024", None,
         "Gießen"),
        ("Verbandsgemeinde Musterland\nNiederschrift des Ortsgemeinderates der Ortsgemeinde "
         "Kleinstadt", None, "Kleinstadt"),
        # text/nordstemmen_bulk/nordstemmen_2019-05-14_Ortsrat_Burgstemmen_10._Sitzung__… (the
        # text names only the Landkreis: the file's municipality wins)
        ("Auf Anfrage teilt der Landkreis Hildesheim mit, dass die Förderung bewilligt ist.",
         "nordstemmen_2019-05-14_Ortsrat_Burgstemmen_10._Sitzung.txt", "Nordstemmen"),
        # pdf/wolfenbuettel_bv-0145-2022_anlage2a_bebauungsvorschlag_PLAN.pdf (label soup)
        (
            'RParkplatz Stp Mehrfamilienhaus Stadt Wolfenbüttel Bebauungsplan PB 4 "Leipziger '
            'Allee" Bebauungsvorschlag, M 1:000',
            None,
            "Wolfenbüttel",
        ),
        # file-name fallback, spelled as in the (made-up) text
        (
            "Lageplan Leipziger Allee, Wolfenbüttel",
            "wolfenbuettel_bv-0145-2022_anlage2a.pdf",
            "Wolfenbüttel",
        ),
        ("", "nordstemmen_2025-06-13_ds53-2025_anlage1_gestattungsvertrag_SCAN.pdf", "Nordstemmen"),
        ("GEMEINDE MUSTERDORF\nNIEDERSCHRIFT", None, "Musterdorf"),  # made up, in capitals
        # made up: a file named by its kind names no municipality (its text does)
        ("Markt Musterstaufen\nNiederschrift über die öffentliche Sitzung des "
         "Marktgemeinderates", "Niederschrift_MGR_2026-06-11.pdf", "Musterstaufen"),
        ("", "Protokoll_Gemeinderat_2024.pdf", None),
        ("", None, None),
    ],
)
def test_find_municipality(text: str, filename: str | None, expected: str | None) -> None:
    assert find_municipality(text, filename) == expected
