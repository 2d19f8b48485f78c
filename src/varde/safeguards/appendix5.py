"""The published series of coercive measures, 2000-2024: appendix 5 ("Statistikk over bruk
av tvangsmidler") of the Correctional Service's annual report for 2024, shown beside the
figures Varde counts itself.

Read from the report's text (domain seeds, 004_*.txt). The text drops empty cells, so a row
with fewer figures is read as the means introduced later being absent (bodycuff from 2003,
shield from 2020, OC spray from 2021, spit hood from the second term of 2024); every row's
figures add up to its total. The bed column is "med korreksjon for perioden 2013-2021".
"""

from __future__ import annotations

KINDS: tuple[str, ...] = (
    "security_cell",
    "security_bed",
    "gas",
    "baton",
    "body_cuff",
    "shield",
    "oc_spray",
    "spit_hood",
)

_TEXT = """
2000 282 6 0 0 288
2001 359 16 0 0 375
2002 351 21 0 0 372
2003 343 21 0 0 6 370
2004 339 15 4 0 18 376
2005 283 15 2 1 17 318
2006 336 16 3 5 30 390
2007 275 15 0 1 30 321
2008 328 10 2 0 20 360
2009 351 15 6 1 37 410
2010 344 5 7 3 44 403
2011 338 8 10 6 49 411
2012 363 12 5 3 62 445
2013 441 8 13 7 79 548
2014 394 19 9 21 63 506
2015 364 13 7 9 54 447
2016 435 10 14 5 76 540
2017 445 16 18 7 30 516
2018 334 13 16 1 38 402
2019 394 9 6 4 35 448
2020 314 21 11 0 29 21 396
2021 294 20 5 2 50 39 16 426
2022 394 43 10 0 77 25 7 556
2023 362 37 4 1 44 45 10 503
2024 284 15 13 1 41 59 18 1 432
"""


def _rows() -> list[tuple[int, list[int | None], int]]:
    rows = []
    for line in _TEXT.strip().splitlines():
        year, *figures, total = (int(part) for part in line.split())
        cells: list[int | None] = [*figures, *[None] * (len(KINDS) - len(figures))]
        rows.append((year, cells, total))
    return rows


ROWS = _rows()  # (year, figures in the order of KINDS, None where the means was not in use)
