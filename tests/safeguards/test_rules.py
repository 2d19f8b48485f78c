"""The clocks of exclusion and coercive measures (rules.md § 8), per rule-set version:
worked examples quoting the law, and properties — an exclusion of N hours crosses exactly the
thresholds the law names, no more and no fewer."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from varde.safeguards import rules
from varde.safeguards.choices import ExclusionGround as G
from varde.safeguards.choices import Extent, MeasureBasis, MeasureKind

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2025, 1, 6, 8, 0, tzinfo=OSLO)  # a Monday, winter time
H = timedelta(hours=1)
D = timedelta(days=1)
CUR, NEW = rules.CURRENT, rules.REFORM_2026


def keys(reqs):
    return {r.key for r in reqs}


def excl(rule_set, hours, *, ground=G.PREVENTIVE_B, extent=Extent.FULL, minor=False):
    return rule_set.exclusion_requirements(
        start=START, until=START + hours * H, ground=ground, extent=extent, minor=minor
    )


def measure(rule_set, hours, kind, *, minor=False):
    return rule_set.measure_requirements(
        start=START, until=START + hours * H, kind=kind, minor=minor
    )


def periodic(code, first_hours, period_hours, hours):
    """The keys of a requirement repeated from ``first_hours`` every ``period_hours``."""
    return {f"{code}:{n + 1}" for n, at in enumerate(range(first_hours, hours, period_hours))}


# --- current law: exclusion (strgjfl § 37) -----------------------------------------------------


def law_for_a_17_year_old(hours: int) -> set[str]:
    """strgjfl § 37 fifth and seventh para, fsg § 3-1 b, as a table: what a full exclusion of
    a person under 18 lasting ``hours`` triggers."""
    crossed = {"doctor", "guardian", "region_now"}  # at once, whatever the length
    crossed |= {"region_review"} if hours > 3 * 24 else set()  # "overstiger 3 dager"
    crossed |= {"kdi_minor"} if hours > 5 * 24 else set()  # "overstiger 5 dager"
    crossed |= {"region_decides"} if hours > 14 * 24 else set()  # "overstiger 14 dager"
    crossed |= periodic("kdi_report", 42 * 24, 14 * 24, hours)  # 42 days, then every 14
    crossed |= {"cap"} if hours > 8760 else set()  # one year (2025-01-06 → 2026-01-06)
    return crossed


@given(st.integers(min_value=1, max_value=9000))
def test_a_17_year_old_crosses_exactly_the_thresholds_of_the_law(hours):
    assert keys(excl(CUR, hours, minor=True)) == law_for_a_17_year_old(hours)


@given(st.integers(min_value=1, max_value=9000))
def test_an_adult_crosses_exactly_the_thresholds_of_the_law(hours):
    expected = {"doctor"} | ({"region_decides"} if hours > 336 else set())
    expected |= periodic("kdi_report", 1008, 336, hours)
    expected |= {"cap"} if hours > 8760 else set()
    assert keys(excl(CUR, hours)) == expected


@given(st.integers(min_value=1, max_value=2000))
def test_partial_exclusion_of_a_17_year_old(hours):
    """§ 37 sixth para: region after 30 days; under 18, KDI decides after 7 days and is
    told every 7 days after."""
    expected = {"doctor", "guardian", "region_now"}
    expected |= {"kdi_decides"} if hours > 7 * 24 else set()
    expected |= periodic("kdi_minor_report", 14 * 24, 7 * 24, hours)
    expected |= {"region_report"} if hours > 30 * 24 else set()
    assert keys(excl(CUR, hours, extent=Extent.PARTIAL, minor=True)) == expected


def test_thresholds_are_exceeded_not_reached():
    """ "Dersom hel utelukkelse overstiger 14 dager": exactly 14 days needs no region."""
    assert "region_decides" not in keys(excl(CUR, 14 * 24))
    assert "region_decides" in keys(excl(CUR, 14 * 24 + 1))


def test_deadlines_of_the_current_law():
    by_key = {r.key: r for r in excl(CUR, 60 * 24, minor=True)}
    assert by_key["region_now"].due_at == START + H  # "omgående"
    assert by_key["doctor"].due_at == START + 24 * H  # "uten ugrunnet opphold"
    assert by_key["region_review"].due_at == START + 3 * D  # before it goes on
    assert by_key["kdi_minor"].due_at == START + 6 * D  # reported within a day
    assert by_key["kdi_report:2"].opens_at == START + 42 * D
    assert by_key["region_decides"].paragraph == "strgjfl § 37 femte ledd"


def test_the_one_year_cap_is_a_calendar_year_and_only_for_grounds_a_to_e():
    cap = {r.key: r for r in excl(CUR, 400 * 24)}["cap"]
    assert cap.due_at == datetime(2026, 1, 6, 8, 0, tzinfo=OSLO)
    assert "cap" not in keys(excl(CUR, 400 * 24, ground=G.OWN_WISH))
    assert "cap" not in keys(excl(CUR, 400 * 24, ground=G.BUILDING_STAFFING))


def test_immediate_exclusion_after_a_breach_lasts_at_most_24_hours():
    assert keys(excl(CUR, 24, ground=G.BREACH)) == set()
    assert keys(excl(CUR, 25, ground=G.BREACH)) == {"cap"}
    assert CUR.exclusion_ground_problem(G.BREACH, minor=True)
    assert CUR.exclusion_ground_problem(G.BREACH, minor=False) is None


def test_collective_exclusion_3_plus_3_days_and_2_plus_2_for_minors():
    adult = {r.key: r for r in excl(CUR, 200, ground=G.COLLECTIVE)}
    assert set(adult) == {"doctor", "region_extends", "cap"}
    assert adult["region_extends"].due_at == START + 3 * D
    assert adult["cap"].due_at == START + 6 * D
    minor = {r.key: r for r in excl(CUR, 200, ground=G.OWN_WISH, minor=True)}
    assert set(minor) == {"doctor", "guardian", "region_now", "region_extends", "kdi_report", "cap"}
    assert minor["cap"].due_at == START + 4 * D
    assert minor["kdi_report"].paragraph == "strgjfl § 37 tiende ledd"


def test_grounds_for_minors():
    assert CUR.exclusion_ground_problem(G.PREVENTIVE_A, minor=True)
    assert CUR.exclusion_ground_problem(G.PREVENTIVE_A, minor=False) is None
    assert CUR.exclusion_ground_problem(G.INMATE_SELF_HARM, minor=False)
    assert CUR.exclusion_paragraph(G.PREVENTIVE_B, True) == (
        "strgjfl § 37 første ledd bokstav b, jf. annet ledd"
    )


# --- current law: coercive measures (strgjfl § 38) ---------------------------------------------


@given(st.integers(min_value=1, max_value=400), st.booleans())
def test_security_bed_thresholds(hours, minor):
    if minor:  # fifth para: region at once, KDI after 24 hours
        expected = {"guardian", "doctor", "region_now"} | ({"kdi_report"} if hours > 24 else set())
    else:  # region after 24 hours, again every 24 hours, KDI after 3 døgn
        expected = {"doctor"} | ({"region_report"} if hours > 24 else set())
        expected |= periodic("region_reassesses", 48, 24, hours)
        expected |= {"kdi_report"} if hours > 72 else set()
    assert keys(measure(CUR, hours, MeasureKind.SECURITY_BED, minor=minor)) == expected


@given(st.integers(min_value=1, max_value=400), st.booleans())
def test_security_cell_thresholds(hours, minor):
    region, kdi = (24, 72) if minor else (72, 144)  # sixth para
    expected = {"doctor"} | ({"guardian"} if minor else set())
    expected |= {"region_report"} if hours > region else set()
    expected |= {"kdi_report"} if hours > kdi else set()
    assert keys(measure(CUR, hours, MeasureKind.SECURITY_CELL, minor=minor)) == expected


def test_other_means_have_no_clock_but_a_guardian_for_minors():
    assert keys(measure(CUR, 5, MeasureKind.HANDCUFFS)) == set()
    assert keys(measure(CUR, 5, MeasureKind.OC_SPRAY, minor=True)) == {"guardian"}


def test_legal_bases_of_section_38():
    assert CUR.measure_problem(MeasureKind.HANDCUFFS, MeasureBasis.OTHER_ATTACK, False) is None
    assert CUR.measure_problem(MeasureKind.SECURITY_CELL, MeasureBasis.OTHER_ATTACK, False)
    assert CUR.measure_paragraph(MeasureKind.SECURITY_CELL, MeasureBasis.ESCAPE) == (
        "strgjfl § 38 første ledd bokstav d"
    )
    assert CUR.measure_paragraph(MeasureKind.SPIT_HOOD, MeasureBasis.OTHER_ATTACK) == (
        "strgjfl § 38 annet ledd"
    )


# --- the 2026 reform (lov 2026-05-12-18) -------------------------------------------------------


def test_the_reform_applies_only_from_its_date():
    assert rules.rule_set_on(date(2030, 1, 1)) is CUR  # no decree yet: never in force
    pinned = date(2027, 1, 1)
    assert rules.rule_set_on(date(2026, 12, 31), reform_from=pinned) is CUR
    assert rules.rule_set_on(pinned, reform_from=pinned) is NEW
    assert rules.rule_set_named("2026") is NEW
    with pytest.raises(LookupError):
        rules.rule_set_named("1999")


@given(st.integers(min_value=1, max_value=5000))
def test_reform_weekly_decisions_and_six_month_cap(hours):
    """§ 37 a: a new decision within 7 days and weekly; the region decides after 14 days;
    KDI after 30 days and every 14; at most six months. § 37 e: health service at once."""
    expected = {"health_service"} | ({"renewal"} if hours > 7 * 24 else set())
    expected |= periodic("region_renewal", 14 * 24, 7 * 24, hours)
    expected |= periodic("kdi_report", 30 * 24, 14 * 24, hours)
    expected |= {"cap"} if hours > 4343 else set()  # 2025-01-06 08:00 → 2025-07-06 08:00 CEST
    assert keys(excl(NEW, hours, ground=G.INMATE_HARM_OTHERS)) == expected


@given(st.integers(min_value=1, max_value=500))
def test_reform_caps_a_minors_exclusion_at_7_days(hours):
    expected = {"health_service", "guardian", "region_now"}
    expected |= {"renewal"} if hours > 7 * 24 else set()
    expected |= periodic("region_renewal", 14 * 24, 7 * 24, hours)
    expected |= periodic("kdi_report", 30 * 24, 14 * 24, hours)
    expected |= {"cap"} if hours > 7 * 24 else set()
    found = excl(NEW, hours, ground=G.INMATE_SELF_HARM, minor=True)
    assert keys(found) == expected
    assert all(r.paragraph == "strgjfl § 37 c" for r in found if r.code == "cap")


def test_reform_prison_conditions_and_own_choice():
    prison = {r.key: r for r in excl(NEW, 200, ground=G.PRISON_CONDITIONS)}
    assert set(prison) == {"health_service", "region_report", "cap"}
    assert prison["region_report"].trigger_at == START + D  # "overstiger ett døgn"
    assert prison["cap"].due_at == START + 7 * D
    own = keys(excl(NEW, 45 * 24, ground=G.OWN_CHOICE, minor=True))
    assert own == {"health_service", "guardian", "region_report", "kdi_report:1", "kdi_report:2"}


@given(st.integers(min_value=1, max_value=200))
def test_reform_security_cell(hours):
    """§ 38 c: health service and region at once; a new decision within 24 h and every døgn,
    by the region after 48 h; KDI after 6 døgn."""
    expected = {"health_service", "region_now"} | ({"renewal"} if hours > 24 else set())
    expected |= periodic("region_renewal", 48, 24, hours)
    expected |= {"kdi_report"} if hours > 144 else set()
    assert keys(measure(NEW, hours, MeasureKind.SECURITY_CELL)) == expected


@given(st.integers(min_value=1, max_value=200))
def test_reform_security_bed_and_minors_in_a_cell(hours):
    bed = {"health_service", "region_now"} | periodic("region_renewal", 12, 12, hours)
    bed |= {"kdi_report"} if hours > 72 else set()
    assert keys(measure(NEW, hours, MeasureKind.SECURITY_BED)) == bed
    cell = {"guardian", "health_service", "region_now"} | periodic("region_renewal", 24, 24, hours)
    cell |= {"kdi_report"} if hours > 72 else set()
    assert keys(measure(NEW, hours, MeasureKind.SECURITY_CELL, minor=True)) == cell


def test_reform_bans_bed_and_spit_hood_for_minors():
    assert NEW.measure_problem(MeasureKind.SECURITY_BED, MeasureBasis.SELF_HARM, True)
    assert NEW.measure_problem(MeasureKind.SPIT_HOOD, MeasureBasis.ATTACK, True)
    assert NEW.measure_problem(MeasureKind.SECURITY_BED, MeasureBasis.SELF_HARM, False) is None
    assert NEW.measure_problem(MeasureKind.SECURITY_BED, MeasureBasis.RIOT, False)
    assert CUR.measure_problem(MeasureKind.SPIT_HOOD, MeasureBasis.ATTACK, True) is None


# --- evaluating deadlines ---------------------------------------------------------------------


def test_states_met_late_overdue_upcoming():
    reqs = excl(CUR, 60 * 24)  # adult, full: doctor, region 14 d, KDI 42 d and 56 d
    events = [("notice:doctor", START + 2 * H), ("notice:kdi", START + 44 * D)]
    as_of = START + 50 * D
    state = {
        d.requirement.key: d.state for d in rules.evaluate(reqs, events, end_at=None, as_of=as_of)
    }
    assert state == {
        "doctor": rules.MET,
        "region_decides": rules.OVERDUE,
        "kdi_report:1": rules.LATE,  # due 43 days, told on day 44
        "kdi_report:2": rules.UPCOMING,
    }


def test_an_event_counts_once_and_a_higher_level_counts_for_a_lower():
    reqs = excl(CUR, 20 * 24, minor=True)
    events = [("review:kdi", START + 2 * D), ("notice:region", START + 10 * rules.HOUR / 60)]
    found = {
        d.requirement.key: d
        for d in rules.evaluate(reqs, events, end_at=None, as_of=START + 19 * D)
    }
    assert found["region_now"].state == rules.MET
    assert found["region_review"].met_at == START + 2 * D  # KDI's review counts for the region's
    assert found["kdi_minor"].state == rules.MET  # and as KDI told
    assert found["region_decides"].state == rules.OVERDUE  # the same review is not used twice


def test_a_cap_is_broken_by_lasting():
    reqs = excl(CUR, 30, ground=G.BREACH)
    ended = rules.evaluate(reqs, [], end_at=START + 30 * H, as_of=START + 40 * H)
    assert [(d.requirement.key, d.state) for d in ended] == [("cap", rules.LATE)]
    ongoing = rules.evaluate(excl(CUR, 30, ground=G.BREACH), [], end_at=None, as_of=START + 25 * H)
    assert ongoing[0].state == rules.OVERDUE and ongoing[0].passed


def test_next_deadline_is_the_open_one_due_first():
    reqs = excl(CUR, 60 * 24)
    found = rules.evaluate(reqs, [("notice:doctor", START)], end_at=None, as_of=START + D)
    assert rules.next_deadline(found).requirement.key == "region_decides"


# --- decisions, appeal, contact ---------------------------------------------------------------


def test_a_minors_decision_needs_the_childs_best_interest():
    assert rules.decision_problems(reasons="x", best_interest="", minor=False) == {}
    problems = rules.decision_problems(reasons=" ", best_interest="", minor=True)
    assert set(problems) == {"reasons", "best_interest"}
    assert "barnets beste" in problems["best_interest"]


def test_appeal_deadlines():
    told = datetime(2025, 3, 3, 15, 30, tzinfo=OSLO)
    assert rules.appeal_deadline(told_at=told, tz=OSLO) == datetime(
        2025, 3, 10, 23, 59, tzinfo=OSLO
    )
    assert rules.appeal_deadline(told_at=told, breach_reaction=True, tz=OSLO) == told + 48 * H
    assert rules.appeal_deadline(told_at=told, runs_from_end=True, tz=OSLO) is None
    ended = datetime(2025, 3, 20, 9, 0, tzinfo=OSLO)
    assert rules.appeal_deadline(
        told_at=told, ended_at=ended, runs_from_end=True, tz=OSLO
    ) == datetime(2025, 3, 27, 23, 59, tzinfo=OSLO)


def test_two_hours_of_contact_is_enough_now_but_not_after_the_reform():
    assert CUR.contact_shortfall(119) and not CUR.contact_shortfall(120)
    assert NEW.contact_shortfall(120) and not NEW.contact_shortfall(121)


def test_contact_is_judged_on_whole_days_only():
    start = datetime(2025, 1, 6, 20, 0, tzinfo=OSLO)  # Monday evening
    as_of = datetime(2025, 1, 9, 12, 0, tzinfo=OSLO)
    assert rules.whole_days(start, None, as_of, OSLO) == [date(2025, 1, 7), date(2025, 1, 8)]
    end = datetime(2025, 1, 8, 10, 0, tzinfo=OSLO)
    assert rules.whole_days(start, end, as_of, OSLO) == [date(2025, 1, 7)]
    days = rules.contact_days(
        [date(2025, 1, 7), date(2025, 1, 8)],
        [(date(2025, 1, 7), 150, True, True, 90), (date(2025, 1, 7), 30, True, True, 30)],
        judged={date(2025, 1, 7)},
        rules=CUR,
    )
    assert (days[0].planned_minutes, days[0].done_minutes, days[0].shortfall) == (180, 120, False)
    assert days[1].plan_short and days[1].shortfall is None


def test_week_start_is_monday():
    assert rules.week_start(date(2025, 1, 12)) == date(2025, 1, 6)
