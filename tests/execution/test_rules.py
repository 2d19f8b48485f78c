"""The transition rules and the non-counting days, with worked examples."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from varde.execution.choices import AbsenceKind, LeaveType, ReleaseType, StayKind
from varde.execution.rules import (
    admit_problem,
    end_absence_problem,
    non_counting_periods,
    non_counting_total,
    parole_time_problem,
    recall_problem,
    release_problem,
    start_absence_problem,
    stops_time,
    transfer_problem,
)
from varde.sentencing.rules.recalc import ABSENCE, INTERRUPTION, NonCountingPeriod


def test_stops_time_for_escape_absconding_failure_to_return_and_interruption():
    stopping = {k for k in AbsenceKind.values if stops_time(k)}
    assert stopping == {"escape", "absconding", "failure_to_return", "interruption"}


def test_admit_only_when_not_inside():
    assert admit_problem(has_open_stay=False) is None
    assert "allerede innsatt" in admit_problem(has_open_stay=True)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"has_open_stay": False}, "ikke innsatt"),
        ({"release_type": "whatever"}, "Velg løslatelsestype"),
        ({"stay_kind": StayKind.REMAND}, "Varetekt opphørt"),
        ({"release_type": ReleaseType.REMAND_ENDED}, "bare brukes for varetektsopphold"),
        ({"open_absence": AbsenceKind.ESCAPE}, "Registrer retur"),
        ({"open_absence": AbsenceKind.FAILURE_TO_RETURN}, "Registrer retur"),
    ],
)
def test_release_refusals(kwargs, expected):
    values = {
        "has_open_stay": True,
        "stay_kind": StayKind.SENTENCE,
        "open_absence": None,
        "release_type": ReleaseType.PAROLE_TWO_THIRDS,
        **kwargs,
    }
    assert expected in release_problem(**values)


@pytest.mark.parametrize(
    ("kind", "absence", "release_type"),
    [
        (StayKind.SENTENCE, None, ReleaseType.FULL_TERM),
        (StayKind.REMAND, None, ReleaseType.REMAND_ENDED),
        (StayKind.SENTENCE, AbsenceKind.INSTITUTION, ReleaseType.PAROLE_TWO_THIRDS),  # from § 12
        (StayKind.SENTENCE, AbsenceKind.ESCAPE, ReleaseType.DEATH),
    ],
)
def test_release_allowed(kind, absence, release_type):
    assert (
        release_problem(
            has_open_stay=True, stay_kind=kind, open_absence=absence, release_type=release_type
        )
        is None
    )


# rules.md 0.3-A: 9 months from 10.03.2025 with 20 days' credit: 2/3 served 20.08.2025, half
# served 05.07.2025; parole at the earliest the day after.
EXAMPLE = {"two_thirds_on": date(2025, 8, 20), "half_on": date(2025, 7, 5)}


def test_parole_at_two_thirds_at_the_earliest_the_day_after_two_thirds():
    assert parole_time_problem(ReleaseType.PAROLE_TWO_THIRDS, date(2025, 8, 21), **EXAMPLE) is None
    assert parole_time_problem(ReleaseType.PAROLE_TWO_THIRDS, date(2025, 9, 1), **EXAMPLE) is None
    for day in (date(2025, 8, 20), date(2025, 3, 10)):
        assert parole_time_problem(ReleaseType.PAROLE_TWO_THIRDS, day, **EXAMPLE) == (
            "Prøveløslatelse etter 2/3 kan tidligst skje 21.08.2025 (strgjfl § 42)."
        )


def test_parole_at_half_time_at_the_earliest_the_day_after_half():
    assert parole_time_problem(ReleaseType.PAROLE_HALF, date(2025, 7, 6), **EXAMPLE) is None
    assert parole_time_problem(ReleaseType.PAROLE_HALF, date(2025, 7, 5), **EXAMPLE) == (
        "Prøveløslatelse etter halv tid kan tidligst skje 06.07.2025 (strgjfl § 42)."
    )


def test_parole_without_the_milestone_has_no_basis():
    none = {"two_thirds_on": None, "half_on": None}
    assert "ikke grunnlag for prøveløslatelse etter 2/3" in parole_time_problem(
        ReleaseType.PAROLE_TWO_THIRDS, date(2030, 1, 1), **none
    )
    assert "ikke grunnlag for prøveløslatelse etter halv tid" in parole_time_problem(
        ReleaseType.PAROLE_HALF, date(2030, 1, 1), **none
    )


@pytest.mark.parametrize(
    "release_type",
    [ReleaseType.PAROLE_OTHER, ReleaseType.FULL_TERM, ReleaseType.DEATH, ReleaseType.REMAND_ENDED],
)
def test_other_release_types_are_not_bound_by_the_parole_dates(release_type):
    assert parole_time_problem(release_type, date(2025, 3, 10), **EXAMPLE) is None
    assert (
        parole_time_problem(release_type, date(2025, 3, 10), two_thirds_on=None, half_on=None)
        is None
    )


def test_transfer_needs_a_present_person_and_another_place():
    assert transfer_problem(has_open_stay=True, open_absence=None, same_place=False) is None
    assert "ikke innsatt" in transfer_problem(
        has_open_stay=False, open_absence=None, same_place=False
    )
    assert "fraværende" in transfer_problem(
        has_open_stay=True, open_absence=AbsenceKind.LEAVE, same_place=False
    )
    assert "allerede plassert" in transfer_problem(
        has_open_stay=True, open_absence=None, same_place=True
    )


LEAVE_TIME = date(2025, 7, 10)  # Example 4.1-A: leave time 2025-07-10


def _leave(**kwargs):
    values = {
        "has_open_stay": True,
        "open_absence": None,
        "leave_type": LeaveType.ORDINARY,
        "day": date(2025, 7, 10),
        "leave_eligible_from": LEAVE_TIME,
        **kwargs,
    }
    return start_absence_problem(AbsenceKind.LEAVE, **values)


def test_ordinary_leave_on_the_leave_time_is_allowed():
    """rules.md Example 4.1-A: 9 months from 2025-03-10 with 20 days credit → leave time
    2025-07-10 (4 continuous months); leave that day is allowed, the day before is not."""
    assert _leave() is None
    problem = _leave(day=date(2025, 7, 9))
    assert "Permisjonstiden er ikke nådd (fra 10.07.2025)" in problem


def test_leave_before_leave_time_needs_an_exception_reason():
    early = date(2025, 6, 1)
    assert _leave(day=early, exception_reason="Særlige og vektige grunner: begravelse") is None
    assert _leave(day=early, exception_reason="   ") is not None
    assert _leave(day=early, leave_type=LeaveType.SHORT) is not None


def test_welfare_leave_any_time_and_unknown_leave_time_needs_a_reason():
    assert _leave(day=date(2025, 4, 1), leave_type=LeaveType.WELFARE) is None
    assert "ikke kjent" in _leave(leave_eligible_from=None)
    assert _leave(leave_eligible_from=None, exception_reason="Fremskutt") is None
    assert "Velg type permisjon" in _leave(leave_type="")


def test_absence_only_when_inside_and_present():
    assert "ikke innsatt" in _leave(has_open_stay=False)
    assert "allerede fraværende" in _leave(open_absence=AbsenceKind.HOSPITAL)
    assert start_absence_problem(AbsenceKind.ESCAPE, has_open_stay=True, open_absence=None) is None


def test_failure_to_return_follows_an_absence_with_a_return_time():
    def ftr(open_absence):
        return start_absence_problem(
            AbsenceKind.FAILURE_TO_RETURN, has_open_stay=True, open_absence=open_absence
        )

    assert ftr(AbsenceKind.LEAVE) is None
    assert ftr(AbsenceKind.DAY_RELEASE) is None
    assert ftr(None) is not None
    assert ftr(AbsenceKind.ESCORTED_OUTING) is not None  # escorted: staff bring them back


def test_return_only_from_an_open_absence():
    assert end_absence_problem(open_absence=AbsenceKind.LEAVE) is None
    assert "ikke registrert som fraværende" in end_absence_problem(open_absence=None)


def test_recall_only_after_parole_and_when_not_inside():
    assert recall_problem(has_open_stay=False, last_release_type=ReleaseType.PAROLE_HALF) is None
    assert recall_problem(has_open_stay=True, last_release_type=ReleaseType.PAROLE_HALF)
    assert "prøveløslatt" in recall_problem(
        has_open_stay=False, last_release_type=ReleaseType.FULL_TERM
    )
    assert recall_problem(has_open_stay=False, last_release_type=None)


# --- non-counting days (fsg § 3-3) -------------------------------------------------------------

UNTIL = date(2025, 12, 31)


def test_escape_worked_example():
    """Escaped 2025-05-10, caught 2025-05-20: 10 days do not count (10th–19th; the day of
    return counts as served, like the day of committal)."""
    periods = non_counting_periods(
        [(AbsenceKind.ESCAPE, date(2025, 5, 10), date(2025, 5, 20))], until=UNTIL
    )
    assert periods == [NonCountingPeriod.between(date(2025, 5, 10), date(2025, 5, 19), ABSENCE)]
    assert non_counting_total(periods) == 10


def test_permitted_absences_count_and_same_day_return_costs_nothing():
    absences = [
        (AbsenceKind.LEAVE, date(2025, 5, 1), date(2025, 5, 3)),
        (AbsenceKind.HOSPITAL, date(2025, 6, 1), date(2025, 6, 9)),
        (AbsenceKind.ABSCONDING, date(2025, 7, 1), date(2025, 7, 1)),
    ]
    assert non_counting_periods(absences, until=UNTIL) == []


def test_leave_turning_into_failure_to_return_and_open_interruption():
    """Leave 1–3 Aug (counts), failure to return from 3 Aug to 8 Aug (5 days), and an
    interruption from 1 Dec still running on 31 Dec (31 days, its own kind)."""
    absences = [
        (AbsenceKind.INTERRUPTION, date(2025, 12, 1), None),
        (AbsenceKind.LEAVE, date(2025, 8, 1), date(2025, 8, 3)),
        (AbsenceKind.FAILURE_TO_RETURN, date(2025, 8, 3), date(2025, 8, 8)),
    ]
    periods = non_counting_periods(absences, until=UNTIL)
    assert periods == [
        NonCountingPeriod.between(date(2025, 8, 3), date(2025, 8, 7), ABSENCE),
        NonCountingPeriod.between(date(2025, 12, 1), date(2025, 12, 31), INTERRUPTION),
    ]
    assert non_counting_total(periods) == 5 + 31


def test_periods_feed_the_recalculation():
    """The periods go straight into sentencing's recalc: an escape of 10 days moves the end
    of a 90-day sentence by 10 days."""
    from varde.sentencing.rules.recalc import recalculate_sentence

    start = date(2025, 3, 1).toordinal()
    periods = non_counting_periods(
        [(AbsenceKind.ESCAPE, date(2025, 3, 11), date(2025, 3, 21))], until=UNTIL
    )
    plain, _, _ = recalculate_sentence(start, 90, 0, [])
    moved, shifts, _ = recalculate_sentence(start, 90, 0, periods)
    assert moved.end_of_sentence - plain.end_of_sentence == 10
    assert shifts["end"] == 10


day = st.dates(min_value=date(2020, 1, 1), max_value=date(2025, 12, 1))
absence = st.tuples(
    st.sampled_from(AbsenceKind.values), day, st.one_of(st.none(), st.integers(0, 40))
)


@given(st.lists(absence, max_size=6))
def test_periods_are_ordered_disjoint_and_never_exceed_the_days_away(raw):
    absences = [
        (kind, first, None if length is None else date.fromordinal(first.toordinal() + length))
        for kind, first, length in raw
    ]
    periods = non_counting_periods(absences, until=UNTIL)
    for before, after in itertools.pairwise(periods):
        assert before.last < after.first
    for period in periods:
        assert period.first <= period.last <= UNTIL.toordinal()
    assert all(p.kind in (ABSENCE, INTERRUPTION) for p in periods)
    if not any(stops_time(kind) for kind, _, _ in absences):
        assert periods == []
