"""The real organisation of Kriminalomsorgen (2024–2025) as plain data, for ``seed.py``.

Structure
---------
``REGIONS`` are the five regions. ``UNITS`` are the independent units (prisons, offices,
centres), each in a region. ``DEPARTMENTS`` are avdelinger of a unit, keyed by the parent's
code; a department inherits the parent's region. Rule used throughout: a prison that works
at one address is one unit with a capacity row per security level and sex; a unit with
departments at other addresses (Romerike, Agder, Kriminalomsorgen Innlandet, ...) is a parent
without places of its own, and each department carries its own places. Preventive-detention
wards (forvaringsavdelinger) and youth units are departments of their own kind, since their
places must be told apart from the host prison's. ``CAPACITIES`` are ordinary places per
(unit, security level, sex); ``ADDRESSES`` holds the street addresses we could source.

Sources
-------
[R] Kriminalomsorgens årsrapport 2024 (``shared/domain/seeds/004_*.txt``): the five
    regions and their names; 3,033 inmates on average at 87 % utilisation in 2024, which
    implies about 3,490 available prison places; youth units Vest (Bjørgvin) and Øst
    (Romerike) with 4 + 6 = 10 places from June 2024; 5 emergency places for minors at
    Indre Østfold fengsel, Eidsberg; Bredtveit closed in 2024 (fire safety) and moved to
    Romerike fengsel, Ullersmo; Telemark fengsel, Skien turned into a women's prison in
    2023; Drammen and Sarpsborg prisons closed; 18 rusmestringsenheter (not modelled: they
    are programmes inside prisons, not places of their own).
[K] kriminalomsorgen.no unit pages (ordinary capacity), romerikefengsel.no, Statsbygg's
    property pages (street addresses), Sivilombudet's visit reports (Halden 228).
[P] Press and parliament: NRK (Bredtveit 45 + 19, 20 women to Ullersmo, Evje 20 + 10),
    Dagsavisen 2023 (Oslo fengsel up to 243), kriminalomsorgen.no news 2020 (Kriminalomsorgen
    Innlandet: 124 high men, 20 high women, 159 lower), Stortinget written answer 2013
    (Trondheim 10 forvaring places, Bjørgvin 90), nettavisen 2013 (women's places in
    Trondheim and Tromsø).
[A] Approximation: no current figure found; set from older figures or the unit's size class
    so that the national total stays close to the report. Every approximated row is marked.

Totals: the ordinary places below sum to 3,555 (øst 1,433, sør 608, sørvest 661, vest 432,
nord 421), about 65 above the ~3,490 available places the report implies; the report says
part of the high-security capacity was closed through 2024 for budget and staffing reasons,
which covers the gap (record such closures as ``PlaceClosure`` rows, not here).

Unit names follow kriminalomsorgen.no where a current name was found; probation-office names
and cities (main office), the Trondheim transitional housing and the control centre's location
(left blank) are approximations. Left out: prisons that closed (Drammen and Sarpsborg in 2023
[R]; Kristiansand and Arendal when Agder fengsel opened in 2020 [K]) and units with no 2024
trace in our sources (Ravneberget, Hammerfest, Mo i Rana, a transitional house in Tromsø).
Agder fengsel, Evje avdeling is to become a youth unit with 11 places in 2025 [R] (not
seeded: add it with its own ``valid_from`` when it opens).
"""

from __future__ import annotations

# Region code, name. Codes are ``RegionCode`` values.
REGIONS: tuple[tuple[str, str], ...] = (
    ("nord", "Region nord"),
    ("vest", "Region vest"),
    ("sorvest", "Region sørvest"),
    ("sor", "Region sør"),
    ("ost", "Region øst"),
)

# The tables keep one unit per line (a few wrap); the formatter would explode them.
# fmt: off
# Independent units: code, name, kind (``UnitKind``), region code, city.
UNITS: tuple[tuple[str, str, str, str, str], ...] = (
    # --- Region øst: Oslo, Akershus, Østfold, Innlandet -----------------------------------
    ("oslo-fengsel", "Oslo fengsel", "prison_high", "ost", "Oslo"),
    ("oslo-overgangsbolig", "Oslo overgangsbolig", "transitional_housing", "ost", "Oslo"),
    ("ila", "Ila fengsel og forvaringsanstalt", "preventive_detention", "ost", "Eiksmarka"),
    ("bredtveit-fengsel", "Bredtveit fengsel og forvaringsanstalt", "prison_high", "ost", "Oslo"),
    ("romerike-fengsel", "Romerike fengsel", "prison_high", "ost", "Ullensaker"),
    ("halden-fengsel", "Halden fengsel", "prison_high", "ost", "Halden"),
    ("indre-ostfold-fengsel", "Indre Østfold fengsel", "prison_high", "ost", "Mysen"),
    ("kriminalomsorgen-innlandet", "Kriminalomsorgen Innlandet", "prison_high", "ost", "Hamar"),
    ("oslo-friomsorgskontor", "Oslo friomsorgskontor", "probation_office", "ost", "Oslo"),
    ("akershus-friomsorgskontor", "Akershus friomsorgskontor", "probation_office", "ost",
     "Lillestrøm"),
    ("ostfold-friomsorgskontor", "Østfold friomsorgskontor", "probation_office", "ost",
     "Sarpsborg"),
    ("nd-senter-oslo", "ND-senteret i Oslo", "nd_centre", "ost", "Oslo"),
    ("kontrollsentral", "Kriminalomsorgens kontrollsentral", "control_centre", "ost", ""),
    # --- Region sør: Vestfold, Buskerud, Telemark -----------------------------------------
    ("bastoy-fengsel", "Bastøy fengsel", "prison_lower", "sor", "Horten"),
    ("sem-fengsel", "Sem fengsel", "prison_high", "sor", "Tønsberg"),
    ("nordre-vestfold-fengsel", "Nordre Vestfold fengsel", "prison_lower", "sor", "Hof"),
    ("larvik-fengsel", "Søndre Vestfold fengsel, Larvik avdeling", "prison_high", "sor",
     "Larvik"),
    ("telemark-fengsel", "Telemark fengsel", "prison_high", "sor", "Skien"),
    ("ringerike-fengsel", "Ringerike fengsel", "prison_high", "sor", "Tyristrand"),
    ("hassel-fengsel", "Hassel fengsel", "prison_lower", "sor", "Skotselv"),
    ("buskerud-friomsorgskontor", "Buskerud friomsorgskontor", "probation_office", "sor",
     "Drammen"),
    ("vestfold-friomsorgskontor", "Vestfold friomsorgskontor", "probation_office", "sor",
     "Tønsberg"),
    ("telemark-friomsorgskontor", "Telemark friomsorgskontor", "probation_office", "sor",
     "Skien"),
    # --- Region sørvest: Rogaland, Agder ---------------------------------------------------
    ("agder-fengsel", "Agder fengsel", "prison_high", "sorvest", "Mandal"),
    ("stavanger-fengsel", "Stavanger fengsel", "prison_high", "sorvest", "Stavanger"),
    ("ana-fengsel", "Åna fengsel", "prison_high", "sorvest", "Nærbø"),
    ("sandeid-fengsel", "Sandeid fengsel", "prison_lower", "sorvest", "Sandeid"),
    ("haugesund-fengsel", "Haugesund fengsel", "prison_high", "sorvest", "Haugesund"),
    ("auklend-overgangsbolig", "Auklend overgangsbolig", "transitional_housing", "sorvest",
     "Stavanger"),
    ("rogaland-friomsorgskontor", "Rogaland friomsorgskontor", "probation_office", "sorvest",
     "Stavanger"),
    ("agder-friomsorgskontor", "Agder friomsorgskontor", "probation_office", "sorvest",
     "Kristiansand"),
    # --- Region vest: Vestland, Møre og Romsdal --------------------------------------------
    ("bergen-fengsel", "Bergen fengsel", "prison_high", "vest", "Bergen"),
    ("bjorgvin-fengsel", "Bjørgvin fengsel", "prison_lower", "vest", "Bergen"),
    ("lyderhorn-overgangsbolig", "Lyderhorn overgangsbolig", "transitional_housing", "vest",
     "Bergen"),
    ("vik-fengsel", "Vik fengsel", "prison_high", "vest", "Vik i Sogn"),
    ("alesund-fengsel", "Ålesund fengsel", "prison_high", "vest", "Ålesund"),
    ("hustad-fengsel", "Hustad fengsel", "prison_high", "vest", "Hustad"),
    ("bergen-friomsorgskontor", "Bergen friomsorgskontor", "probation_office", "vest",
     "Bergen"),
    ("sogn-og-fjordane-friomsorgskontor", "Sogn og Fjordane friomsorgskontor",
     "probation_office", "vest", "Førde"),
    ("more-og-romsdal-friomsorgskontor", "Møre og Romsdal friomsorgskontor",
     "probation_office", "vest", "Molde"),
    ("nd-senter-bergen", "ND-senteret i Bergen", "nd_centre", "vest", "Bergen"),
    # --- Region nord: Trøndelag, Nordland, Troms, Finnmark ---------------------------------
    ("trondheim-fengsel", "Trondheim fengsel og forvaringsanstalt", "prison_high", "nord",
     "Trondheim"),
    ("verdal-fengsel", "Verdal fengsel", "prison_lower", "nord", "Verdal"),
    ("kriminalomsorgen-nordland", "Kriminalomsorgen Nordland", "prison_high", "nord", "Bodø"),
    ("tromso-fengsel", "Tromsø fengsel", "prison_high", "nord", "Tromsø"),
    ("vadso-fengsel", "Vadsø fengsel", "prison_high", "nord", "Vadsø"),
    ("trondelag-friomsorgskontor", "Trøndelag friomsorgskontor", "probation_office", "nord",
     "Trondheim"),
    ("troms-friomsorgskontor", "Troms friomsorgskontor", "probation_office", "nord", "Tromsø"),
    ("finnmark-friomsorgskontor", "Finnmark friomsorgskontor", "probation_office", "nord",
     "Vadsø"),
)

# Departments (avdelinger) by parent code: code, name, kind, city. Region = the parent's.
DEPARTMENTS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "bredtveit-fengsel": (
        # [R] Bredtveit closed in 2024; its inmates were moved to Ullersmo.
        ("bredtveit-ullersmo", "Bredtveit fengsel og forvaringsanstalt, midlertidig på Ullersmo",
         "prison_high", "Kløfta"),
    ),
    "romerike-fengsel": (
        ("romerike-ullersmo", "Romerike fengsel, Ullersmo avdeling", "prison_high", "Kløfta"),
        ("romerike-kroksrud", "Romerike fengsel, Kroksrud avdeling", "prison_lower",
         "Ullensaker"),
        ("ungdomsenhet-ost", "Ungdomsenhet øst", "youth_unit", "Eidsvoll"),
    ),
    "indre-ostfold-fengsel": (
        ("indre-ostfold-eidsberg", "Indre Østfold fengsel, Eidsberg avdeling", "prison_high",
         "Mysen"),
        ("indre-ostfold-trogstad", "Indre Østfold fengsel, Trøgstad avdeling", "prison_lower",
         "Trøgstad"),
    ),
    "kriminalomsorgen-innlandet": (
        ("innlandet-kongsvinger-hoy", "Kriminalomsorgen Innlandet, høy sikkerhet Kongsvinger",
         "prison_high", "Kongsvinger"),
        ("innlandet-kongsvinger-lavere",
         "Kriminalomsorgen Innlandet, lavere sikkerhet Kongsvinger", "prison_lower",
         "Kongsvinger"),
        ("innlandet-hamar", "Kriminalomsorgen Innlandet, høy sikkerhet Hamar", "prison_high",
         "Hamar"),
        ("innlandet-gjovik", "Kriminalomsorgen Innlandet, høy sikkerhet Gjøvik", "prison_high",
         "Gjøvik"),
        ("innlandet-ilseng", "Kriminalomsorgen Innlandet, lavere sikkerhet Ilseng",
         "prison_lower", "Ilseng"),
        ("innlandet-valdres", "Kriminalomsorgen Innlandet, lavere sikkerhet Valdres",
         "prison_lower", "Slidre"),
        ("innlandet-friomsorgskontor", "Kriminalomsorgen Innlandet, avdeling samfunn",
         "probation_office", "Hamar"),
    ),
    "nordre-vestfold-fengsel": (
        ("nordre-vestfold-horten", "Nordre Vestfold fengsel, Horten avdeling", "prison_high",
         "Horten"),
    ),
    "telemark-fengsel": (
        ("telemark-skien", "Telemark fengsel, Skien avdeling", "prison_high", "Skien"),
        ("telemark-kragero", "Telemark fengsel, Kragerø avdeling", "prison_high", "Kragerø"),
    ),
    "agder-fengsel": (
        ("agder-mandal", "Agder fengsel, Mandal avdeling", "prison_high", "Mandal"),
        ("agder-froland", "Agder fengsel, Froland avdeling", "prison_high", "Froland"),
        ("agder-evje", "Agder fengsel, Evje avdeling", "prison_lower", "Evje"),
        ("agder-solholmen", "Agder fengsel, Solholmen overgangsbolig", "transitional_housing",
         "Kristiansand"),
    ),
    "bergen-fengsel": (
        ("bergen-forvaring", "Bergen fengsel, forvaringsavdeling", "preventive_detention",
         "Bergen"),
    ),
    "bjorgvin-fengsel": (
        ("ungdomsenhet-vest", "Ungdomsenhet vest", "youth_unit", "Bergen"),
    ),
    "trondheim-fengsel": (
        ("trondheim-forvaring", "Trondheim fengsel og forvaringsanstalt, forvaringsavdeling",
         "preventive_detention", "Trondheim"),
        ("trondheim-leira", "Trondheim fengsel og forvaringsanstalt, Leira avdeling",
         "prison_lower", "Trondheim"),
        ("trondheim-overgangsbolig", "Trondheim fengsel og forvaringsanstalt, overgangsbolig",
         "transitional_housing", "Trondheim"),
    ),
    "kriminalomsorgen-nordland": (
        ("nordland-bodo", "Kriminalomsorgen Nordland, høy sikkerhet Bodø", "prison_high",
         "Bodø"),
        ("nordland-mosjoen", "Kriminalomsorgen Nordland, høy sikkerhet Mosjøen", "prison_high",
         "Mosjøen"),
        ("nordland-fauske", "Kriminalomsorgen Nordland, lavere sikkerhet Fauske",
         "prison_lower", "Fauske"),
        ("nordland-bodo-overgangsbolig", "Kriminalomsorgen Nordland, Bodø overgangsbolig",
         "transitional_housing", "Bodø"),
        ("nordland-friomsorgskontor", "Kriminalomsorgen Nordland, avdeling samfunn",
         "probation_office", "Bodø"),
    ),
}

# fmt: on

# Street address and postal code, where sourced [K]/[P]; other units carry the city only.
ADDRESSES: dict[str, tuple[str, str]] = {
    "oslo-fengsel": ("Åkebergveien 11", "0650"),
    "oslo-overgangsbolig": ("Arupsgate 3", ""),
    "ila": ("Jøssingveien 33", "1359"),
    "halden-fengsel": ("Justisveien 10", "1788"),
    "innlandet-ilseng": ("Linjeveien 50", "2344"),
    "larvik-fengsel": ("Herregårdssletta 2", "3257"),
    "ringerike-fengsel": ("Justisveien", "3533"),
    "ana-fengsel": ("", "4365"),
    "trondheim-fengsel": ("Nermarka 2", "7047"),
    "verdal-fengsel": ("Tangenvegen 42", "7650"),
    "tromso-fengsel": ("Balders veg 15", ""),
}

# Ordinary places: unit code, security level (``SecurityLevel``), sex (``PlaceSex``), places.
# The tag says where the figure comes from (see the module docstring).
CAPACITIES: tuple[tuple[str, str, str, int], ...] = (
    # --- øst: 1,433 -----------------------------------------------------------------------
    ("oslo-fengsel", "high", "male", 243),  # [P] Dagsavisen 2023
    ("oslo-overgangsbolig", "transitional", "any", 20),  # [K]
    ("ila", "high", "male", 124),  # [K] 67 of them for forvaring
    ("bredtveit-ullersmo", "high", "female", 20),  # [R][P] 20 women moved to Ullersmo
    ("romerike-ullersmo", "high", "male", 238),  # [K]
    ("romerike-kroksrud", "lower", "male", 62),  # [K]
    ("ungdomsenhet-ost", "high", "any", 6),  # [R] 4 + 2 in 2024
    ("halden-fengsel", "high", "male", 228),  # [K] Sivilombudet 2023
    ("halden-fengsel", "transitional", "any", 24),  # [K]
    ("indre-ostfold-eidsberg", "high", "male", 100),  # [A] 96 new + old cells
    ("indre-ostfold-eidsberg", "high", "any", 5),  # [R] emergency places for minors
    ("indre-ostfold-trogstad", "lower", "male", 60),  # [A]
    ("innlandet-kongsvinger-hoy", "high", "male", 70),  # [P] split of 124 is [A]
    ("innlandet-kongsvinger-hoy", "high", "female", 20),  # [P]
    ("innlandet-hamar", "high", "male", 30),  # [A] split of 124
    ("innlandet-gjovik", "high", "male", 24),  # [A] split of 124
    ("innlandet-kongsvinger-lavere", "lower", "male", 48),  # [K]
    ("innlandet-ilseng", "lower", "male", 86),  # [P] VG 2023
    ("innlandet-valdres", "lower", "male", 25),  # [P] rest of 159
    # --- sør: 608 -------------------------------------------------------------------------
    ("bastoy-fengsel", "lower", "male", 115),  # [K]
    ("sem-fengsel", "high", "male", 62),  # [K]
    ("nordre-vestfold-fengsel", "lower", "male", 109),  # [P]
    ("nordre-vestfold-horten", "high", "male", 16),  # [P]
    ("larvik-fengsel", "high", "male", 16),  # [K]
    ("telemark-skien", "high", "female", 82),  # [K] former men's capacity; women since 2023
    ("telemark-kragero", "high", "female", 18),  # [K] women since 2016
    ("ringerike-fengsel", "high", "male", 160),  # [K]
    ("hassel-fengsel", "lower", "male", 30),  # [A]
    # --- sørvest: 661 ---------------------------------------------------------------------
    ("agder-mandal", "high", "male", 100),  # [K]
    ("agder-froland", "high", "male", 200),  # [K]
    ("agder-evje", "lower", "female", 20),  # [P] 2019 set-up; 2024 use uncertain
    ("agder-evje", "high", "female", 10),  # [P]
    ("agder-solholmen", "transitional", "any", 15),  # [P]
    ("stavanger-fengsel", "high", "male", 56),  # [P] 68 in all; split is [A]
    ("stavanger-fengsel", "high", "female", 12),  # [A]
    ("ana-fengsel", "high", "male", 140),  # [P]
    ("ana-fengsel", "lower", "male", 24),  # [P]
    ("sandeid-fengsel", "lower", "male", 50),  # [A]
    ("haugesund-fengsel", "high", "male", 18),  # [P]
    ("auklend-overgangsbolig", "transitional", "any", 16),  # [A]
    # --- vest: 432 ------------------------------------------------------------------------
    ("bergen-fengsel", "high", "male", 200),  # [A] about 260 with doubling in 2014
    ("bergen-fengsel", "high", "female", 10),  # [A]
    ("bergen-forvaring", "high", "male", 10),  # [P]
    ("bjorgvin-fengsel", "lower", "male", 90),  # [P]
    ("ungdomsenhet-vest", "high", "any", 4),  # [R]
    ("lyderhorn-overgangsbolig", "transitional", "any", 16),  # [K]
    ("vik-fengsel", "high", "male", 35),  # [A]
    ("alesund-fengsel", "high", "male", 27),  # [P]
    ("hustad-fengsel", "high", "male", 40),  # [A]
    # --- nord: 421 ------------------------------------------------------------------------
    ("trondheim-fengsel", "high", "male", 120),  # [A]
    ("trondheim-fengsel", "high", "female", 2),  # [P]
    ("trondheim-forvaring", "high", "male", 10),  # [P]
    ("trondheim-leira", "lower", "male", 31),  # [K]
    ("trondheim-overgangsbolig", "transitional", "any", 12),  # [A]
    ("verdal-fengsel", "lower", "male", 60),  # [K]
    ("nordland-bodo", "high", "male", 56),  # [K]
    ("nordland-mosjoen", "high", "male", 15),  # [P]
    ("nordland-fauske", "lower", "male", 18),  # [P]
    ("nordland-bodo-overgangsbolig", "transitional", "any", 12),  # [K]
    ("tromso-fengsel", "high", "male", 37),  # [K] 39 high in all
    ("tromso-fengsel", "high", "female", 2),  # [P]
    ("tromso-fengsel", "lower", "male", 20),  # [K]
    ("vadso-fengsel", "high", "male", 26),  # [A]
)
