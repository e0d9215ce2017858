"""Tests for ingest.enrich.factions.find_factions."""

import pytest

from ingest.enrich.factions import FACTIONS, find_factions

CASES = [
    # seed sentence
    (
        "Die FDP-Fraktion stellt ihren Antrag gem. § 5 GeschO betr. „Integrationskonferenz im "
        "Kreis Heinsberg – gemeinsam vorankommen“.",
        ["FDP"],
    ),
    # pdf/nordstemmen_rat_2021-12-21_protokoll.pdf (abridged, "[...]" marks cuts)
    (
        "Es sind anwesend: \n \nFrau Nicole Dombrowski \n \n \nGruppe SPD - Bündnis 90/Die "
        "Grünen \nHerr Andreas Arlt \n[...]\nGruppe CDU/FDP \nHerr Dominik Borchardt",
        ["SPD", "Grüne", "CDU", "FDP"],
    ),
    (
        "Herr Oliver Riechelmann \nDIE LINKE. \nHerr Felix Pfitzke",
        ["Linke"],
    ),
    (
        "Ratsherr Ludewig stellt im Namen der Ratsgruppe SPD-Bündnis 90/Die Grünen den Antrag",
        ["SPD", "Grüne"],
    ),
    (
        "Inhaltlich \nhaben CDU, FDP und die Unabhängigen nichts gegen die v",
        ["CDU", "FDP", "Unabhängige"],
    ),
    # pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf
    ("Vorsitz: \nPierre Pohl (SPD) \nAnwesend: \nCarsten Borrmann (CDU)", ["SPD", "CDU"]),
    # pdf/stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf
    (
        " StRin Nuber-Schöllhammer (90/GRÜNE) \n StR Ozasek (SÖS-LINKE-PluS) \n",
        ["Grüne", "Linke"],
    ),
    (
        "III. 1. CDU-Fraktion  \n 2. Fraktion Bündnis 90/DIE GRÜNEN \n 3. SPD-Fraktion \n 4. "
        "Fraktionsgemeinschaft SÖS-LINKE-PluS (2) \n 5. Fraktion Freie Wähler \n 6. Gruppierung "
        "FDP \n 7. Gruppierung BZS23 \n 8. SchUB \n 9. AfD \n 10. LKR",
        ["CDU", "Grüne", "SPD", "Linke", "FW", "FDP", "BZS23", "AfD"],
    ),
    # the same protocol: a local group keeps its own name
    (
        "Er erinnert an die Wiederwahl von BMin Fezer im vergangenen Jahr, zu der die "
        "Gruppierung BZS23 Widerspruch beim Regierungspräsidium eingelegt hatte.",
        ["BZS23"],
    ),
    # text/nordstemmen_bulk/nordstemmen_DS_69-2019__Grundsaetze_Investitionen_Anlage_1.txt (OCR)
    ("- Antrag der Fraktion BUNDNIS 90/DIE GRUNEN vom 24.06.2019 (Nr. 314)", ["Grüne"]),
    # text/stuttgart_gemeinderat_2018-01-30_anfrage-23-2018.txt
    ("Stadträtinnen / Stadträte - Fraktionen\nAfD-Gemeinderatsfraktion", ["AfD"]),
    # pdf/erlangen_stadtrat_2020-07-21_csu-fraktion_antrag-151-2020_odenwaldallee.pdf
    (
        "CSU-Fraktionsvorsitzender SPD-Fraktionsvorsitzende GL-Fraktionsvorsitzende",
        ["CSU", "SPD", "Grüne"],
    ),
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt
    (
        "DS 24-1298 Antrag der Fraktion Die Linke./Die Partei Kostenloses Mittagessen",
        ["Linke", "PARTEI"],
    ),
    ("DS 25-0164 Antrag der Fraktion Bündnis90/Die Grünen Igel besser vor Mährobotern", ["Grüne"]),
    # text/nordstemmen_bulk/nordstemmen_2011-11-14_Ortsrat_Adensen_13._Sitzung__...txt
    (
        "Herr Lange erklärt, dass die Unabhängige Wählergemeinschaft Nordstemmen (UWG) im Ortsrat",
        ["UWG"],
    ),
    # text/nordstemmen_bulk/nordstemmen_DS_35-2008_1._Ergaenzung__...txt
    ("Ratsgruppen SPD/Grüne und CDU/WG\nIn den Gruppensitzungen", ["SPD", "Grüne", "CDU", "WG"]),
    # text/nordstemmen_bulk/nordstemmen_DS_7-2017_1._Ergaenzung__...txt
    ("Antrag des Ratsmitgliedes Günter Lassen\n(F.D.P.)", ["FDP"]),
    # text/nordstemmen_bulk/nordstemmen_2012-12-13_Rat_7._Sitzung__...txt
    ("Herr Dietmar Rebmann, Gruppe Bündnis90/Die Grünen-Rebmann", ["Grüne"]),
    # text/nordstemmen_bulk/nordstemmen_2013-12-12_Rat_12._Sitzung__...txt
    ("dass der Änderungsantrag der CDU-Fraktion abgelehnt wird", ["CDU"]),
    # made up: parties of some Länder
    ("Die SSW-Fraktion und die Bayernpartei stimmten zu, die Tierschutzpartei dagegen.",
     ["SSW", "BP", "Tierschutzpartei"]),
    # made up: a local list named by one word
    ("Der Antrag der Fraktion Bürgerliste wurde abgelehnt; die CSU-Fraktion stimmte zu.",
     ["Bürgerliste", "CSU"]),
    ("Die Bürgerforum-Fraktion beantragt die Vertagung.", ["Bürgerforum"]),
    # made up, Bavarian forms: the inflected capitals, a joint group in a name's brackets; the
    # party's own "-Fraktion" is no local group "WÄHLER"
    ("Die Fraktion der FREIEN WÄHLER beantragt die Zurückstellung.", ["FW"]),
    ("Marktgemeinderat Huber (CSU/FW) und die FREIE WÄHLER-Fraktion", ["CSU", "FW"]),
]

NEGATIVE = [
    # made up: words that only contain the letters, a lower-case "Spd"
    "Aufwandsentschädigung nach der Satzung; die Spd-Sache",
    # text/nordstemmen_bulk/nordstemmen_2016-02-18_Ortsrat_Heyersum_...: "grüne Säcke"
    "Zu diesem\nZweck sollen jedem Beetpaten jeweils 2 grüne Säcke vom ZAH im Frühjahr",
    # pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf
    "kommend kurz hinter dem Ortseingang auf der linken Seite wird \nbemängelt.",
    # text/duisburg_rat_2025-02-24_niederschrift_top2.txt (a title, not the party)
    "Grüne Oasen für Duisburg – Tiny Forests etablieren",
    # text/nordstemmen_bulk/nordstemmen_2016-11-03_Ortsrat_Heyersum_...: a citizens' group
    "den Rest der Bürgerinitiative Leine-Piraten für den Bau einer Boule-Bahn",
    # text/nordstemmen_bulk/nordstemmen_2025-03-06_...: "WG" = Wohngebiet
    "(40) In Variante B wird das neue WG im Südosten von Mahlerten entwickelt",
    "öffentliche Grünfläche, Grünflächenamt, 230 Volt",  # made up
    # text/nordstemmen_bulk/nordstemmen_2023-05-09_Ortsrat_Mahlerten_...: a chat group
    "des Ortsrates an die Mahlerter Bürger*innen zukünftig in der WhatsApp-Gruppe übermittelt",
    "Die Gruppe III der Kindertagesstätte und die Gruppe A1 ziehen um",  # made up: classes
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_factions(text: str, expected: list[str]) -> None:
    found = find_factions(text)
    assert found == expected
    assert all(name in FACTIONS or name in text for name in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_false_factions(text: str) -> None:
    assert find_factions(text) == []
