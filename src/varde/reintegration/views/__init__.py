"""Reintegration screens: the unit worklist, the person page's panel, and the pages of a
pre-sentence report, a needs assessment and a follow-up plan (with their print views)."""
