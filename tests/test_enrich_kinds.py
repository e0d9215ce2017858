"""Tests for ingest.enrich.kinds.find_kind on real first pages."""

import pytest

from ingest.enrich.kinds import KINDS, find_kind

CASES = [
    # text/nordstemmen_rat_2021-03-23_niederschrift.txt
    (
        "P r o t o k o l l\nder 28. Sitzung des Rates der Gemeinde Nordstemmen",
        None,
        "Niederschrift",
    ),
    # made up: another word with spaced letters, above a Tagesordnung
    (
        "Stadt Musterhausen\nN i e d e r s c h r i f t\nüber die 14. Sitzung des Ausschusses\n"
        "Tagesordnung",
        None,
        "Niederschrift",
    ),
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf
    (
        " 1 von 4 \nÖFFENTLICHE NIEDERSCHRIFT \nder 17. Sitzung des Gemeinderates Ahnsen",
        None,
        "Niederschrift",
    ),
    # pdf/ahnsen_gemeinderat_2022-11-23_protokoll.pdf
    (
        "Protokoll über die 5. Sitzung des Gemeinderates der Gemeinde Ahnsen am 23.11.2022",
        None,
        "Niederschrift",
    ),
    # pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf
    ("Seite 1 \nProtokoll: Gemeinderat der Landes-\nhauptstadt Stuttgart", None, "Niederschrift"),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2021-04-14_niederschrift.pdf
    (
        "Stadt Erlangen     Erlangen, 19. April 2021 \n \nReferat: OBM  \nAmt: 13-2  "
        "\nNiederschrift  \n",
        None,
        "Niederschrift",
    ),
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt (kind word inside the first line)
    (
        "Rat der Stadt Duisburg - Niederschrift oeffentliche Sitzung 24.02.2025 - TOP 2\n",
        None,
        "Niederschrift",
    ),
    # pdf/nordstemmen_2021-09-08_ds80-2021_beschlussvorlage_radverkehrskonzept.pdf
    (
        "Heyersum \nKlein Escherde \nMahlerten \nNordstemmen \nRössing \n \n \nPlanung, Bau "
        "und Umwelt \nAktenzeichen: 56.10.10 \nAuskunft erteilt: Frau Finke \nTelefon: 800-32   "
        "08.09.2021 \n \n \n \n \n \n \nDS 80/2021  \nBeschlussvorlage  \n",
        None,
        "Beschlussvorlage",
    ),
    # pdf/nordstemmen_rat_2021-12-21_ds121-2021_haushaltssatzung2022.pdf: the Satzung title
    # comes after the Beschlussvorlage heading
    (
        "DS 121/2021  \nBeschlussvorlage  \n \nBeratung in öffentlicher Sitzung \n \n"
        "Beratungsfolge Termin Stand Abstimmung \nFachausschuss Finanzen, Wirt-\n"
        "schaftsförderung, Marketing und \nFeuerschutz \n14.12.2021 Beratung und Empfehlung  \n"
        "Verwaltungsausschuss 16.12.2021 Beratung und Empfehlung  \nRat 21.12.2021 Beratung und "
        "Beschluss- fassung  \n \nHaushaltssatzung und Haushaltsplan 2022 \n",
        None,
        "Beschlussvorlage",
    ),
    # pdf/nordstemmen_2025-02-21_ds12-2025_mitteilungsvorlage_waermeplanung.pdf
    (
        "DS 12/2025  \nMitteilungsvorlage  \n \nBeratung in öffentlicher Sitzung \n",
        None,
        "Mitteilungsvorlage",
    ),
    # pdf/ahnsen_gemeinderat_2026-03-26_bekanntmachung.pdf (Tagesordnung follows)
    (
        " 1 von 1 \nBEKANNTMACHUNG \nzur 17. Sitzung des Gemeinderates Ahnsen \nam Donnerstag, "
        "26.03.2026, 19:30 Uhr \nim Dorfgemeinschaftshaus Ahnsen, \nSchulstraße 5, 31708 Ahnsen "
        "\nTagesordnung \n",
        None,
        "Bekanntmachung",
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020-01-22_einladung.pdf
    (
        "Einladung \n \nStadt Erlangen \nStadtteilbeirat Büchenbach \n1. Sitzung   \uf09f   ",
        None,
        "Einladung",
    ),
    # text/stuttgart_gemeinderat_2018-01-04_antrag-29-2018.txt
    ("Antrag\n\n vom \n\n04.01.2018\n\nNr. \n\n29/2018\n\nAntrag\n", None, "Antrag"),
    # text/stuttgart_gemeinderat_2019-10-21_haushaltsantrag-1128-2019.txt
    ("Haushaltsantrag\n\n vom \n\n21.10.2019\n\nNr. \n\n1128/2019\n", None, "Antrag"),
    # pdf/stuttgart_gemeinderat_2018-06-22_beantwortung_anfrage-23-2018.pdf
    (
        "Seite 1 \nBeantwortung zur Anfrage 23/2018 \n \nLandeshauptstadt Stuttgart \n",
        None,
        "Anfrage",
    ),
    # text/stuttgart_gemeinderat_2018-01-30_anfrage-23-2018.txt
    ("Anfrage\n\n vom \n\n30.01.2018\n\nNr. \n\n23/2018\n", None, "Anfrage"),
    # pdf/erlangen_stadtrat_2020_satzung_orts-und-stadtteilbeiraete.pdf
    (
        "Seite 1 von 3 \nSatzung der Stadt Erlangen über Orts- und Stadtteilbeiräte \n",
        None,
        "Satzung",
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2022-07-07_stellungnahme_bv-6131-67-2022.pdf
    (
        "Stadtteilbeirat Büchenbach       Erlangen, den 7.7.2022  \nVorsitzender: Günter "
        'Winkelmann \n \n \nStellungnahme zur Beschlussvorlage 6131/67/2022 "Umweltspur" Am '
        "Europakanal und \n",
        None,
        "Stellungnahme",
    ),
    # pdf/erlangen_stadtteilbeirat-buechenbach_2020_stellungnahme_antrag-266-2019_rudeltplatz.pdf
    # (abridged, "[...]" marks cuts): the first heading names the Antrag it answers
    (
        "Zum Beschluss des Stadtrates vom 23.04.2020 \n – Umgestaltung und Aufwertung der "
        "„Betonwüste“ Rudeltplatz – \n Antrag des Stadtteilbeirates Büchenbach Nr. 266/2019 vom "
        "21.10.2019 \n \n \n \n \n \nSehr geehrter Herr Oberbürgermeister, \n[...]\nDer "
        "Stadtteilbeirat Büchenbach nimmt "
        "hierzu wie folgt Stellung: \n",
        None,
        "Stellungnahme",
    ),
    # text/nordstemmen_bulk/nordstemmen_2009-12-03_Rat_16._Sitzung__Rat_03.12.2009_18.30_Uhr.txt
    ("Anlage\nZur DS 77/2009\n\nLANDKREIS HILDESHEIM Hildesheim, 19.08.2009\n", None, "Anlage"),
    # no heading: the file name decides
    (
        "Stand\nmuss rechnerisch=in excel noch dargestellt werden 11.02.2025\n",
        "nordstemmen_2025-09-04_ds75-2025_anlage2_finanzplan-tabelle.pdf",
        "Anlage",
    ),
    (
        "",
        "nordstemmen_2018-10-01_Ortsrat_Adensen_7._Sitzung__Protokoll_OR_Adensen_Anlage_2.txt",
        "Anlage",
    ),
    ("", "erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf", "Niederschrift"),
    ("", None, None),
    # a heading beats the file name
    ("Beschlussvorlage\n", "x_niederschrift.pdf", "Beschlussvorlage"),
    # text/nordstemmen_bulk/nordstemmen_DS_73-2021__DS_73_2021_Anlage_2.txt: an excerpt of a
    # protocol, not the Antrag it is about
    (
        "Erstellt am: 07. Juni 2021\nAuszug aus dem Protokoll der Sitzung\ndes Ortsrates Heyersum "
        "am 11. Mai 2021\nPunkt 8 der Tagesordnung:\nAntrag auf Zuschuss aus dem Gemeindehaushalt",
        None,
        "Niederschrift",
    ),
    # made up, headings of other RIS
    ("Beschlussprotokoll der öffentlichen Gemeinderatssitzung vom 12.12.2022", None,
     "Niederschrift"),
    ("Kurzprotokoll\nder Sitzung des Jugendhilfeausschusses", None, "Niederschrift"),
    ("Sitzungsvorlage\nBauantrag Fl.Nr. 123/4", None, "Beschlussvorlage"),
    ("Informationsvorlage\nSachstand Breitbandausbau", None, "Mitteilungsvorlage"),
]


@pytest.mark.parametrize(("text", "filename", "expected"), CASES)
def test_find_kind(text: str, filename: str | None, expected: str | None) -> None:
    kind = find_kind(text, filename)
    assert kind == expected
    assert kind is None or kind in KINDS
