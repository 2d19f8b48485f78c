"""Pure sentence-calculation rules (rules.md §§ 0-5): no ORM, no request, no Django settings.

Modules: ``dates`` (legal day arithmetic), ``conventions`` (the day-counting conventions KDI
has not fixed in writing), ``sentence`` (prison-term milestones), ``merge`` (several sentences
served together), ``recalc`` (non-counting periods), ``remand`` (strl § 83 credit),
``forvaring`` (preventive detention) and ``registry`` (which rule version is in force when).
"""
