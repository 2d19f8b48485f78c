"""Mandela-rule alerts from the time out of cell data: the pure rule (rule 44 flagged that
day, more than 15 days in a row severe, the 2026 reform's four-hour minimum), the deviation
register (one per run, never twice, never again once closed), the daily list (page, API,
worklist) and who may see it."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.regime.conftest import regime  # noqa: F401  (fixture)
from varde.audit.models import AccessLog
from varde.regime import rules as regime_rules
from varde.regime.actions import do_add_inmate_deviation
from varde.safeguards import alerts, rules
from varde.safeguards.actions import do_close_deviation
from varde.safeguards.models import Deviation
from varde.safeguards.sync import sync_deviations

D = timedelta(days=1)
DAY0 = date(2026, 3, 1)


def days(flags: list[bool | None], *, out: int = 600, minimum: int | None = None) -> list:
    return [
        rules.InmateDay(DAY0 + n * D, flag, None if flag is None else out, minimum)
        for n, flag in enumerate(flags)
    ]


# --- the pure rule ----------------------------------------------------------------------------


def test_an_isolation_day_is_flagged_that_day():
    found = rules.inmate_alerts(days([False, True, False]))
    assert [(a.kind, a.day, a.run_days) for a in found] == [("isolation", DAY0 + D, 1)]
    assert found[0].paragraph == "Mandela-regel 44"


def test_the_sixteenth_day_in_a_row_is_severe_and_the_fifteenth_is_not():
    fifteen = rules.inmate_alerts(days([True] * 15))
    assert not any(a.severe for a in fifteen)
    sixteen = rules.inmate_alerts(days([True] * 16))
    severe = [a for a in sixteen if a.severe]
    assert [(a.day, a.run_start, a.run_days) for a in severe] == [(DAY0 + 15 * D, DAY0, 16)]
    assert severe[0].paragraph == "Mandela-regel 43 og 44"


def test_a_day_without_data_or_a_missing_day_breaks_the_run():
    unknown = rules.inmate_alerts(days([True] * 10 + [None] + [True] * 10))
    assert not any(a.severe for a in unknown)
    gap = [d for d in days([True] * 21) if d.day != DAY0 + 10 * D]
    assert not any(a.severe for a in rules.inmate_alerts(gap))


def test_exactly_two_hours_of_contact_is_an_isolation_day_in_both_apps():
    """Rule 44 says 22 hours or more without contact: 2 hours of contact is isolation (regime),
    while the contact plan under current law is met by 2 hours (safeguards.contact_shortfall);
    after the reform the plan needs more than 2 hours, so the two agree again."""
    assert regime_rules.is_isolation_day(120)
    assert not regime_rules.is_isolation_day(121)
    assert not rules.CURRENT.contact_shortfall(120)
    assert rules.REFORM_2026.contact_shortfall(120)
    assert not rules.REFORM_2026.contact_shortfall(121)


def test_under_four_hours_out_is_an_alert_only_under_the_reform():
    assert not rules.inmate_alerts(days([False], out=200, minimum=None))
    found = rules.inmate_alerts(days([False, False], out=239, minimum=240))
    assert [(a.kind, a.run_days) for a in found] == [
        ("out_of_cell_floor", 1),
        ("out_of_cell_floor", 2),
    ]
    assert not rules.inmate_alerts(days([False], out=240, minimum=240))
    assert rules.REFORM_2026.min_minutes_out_of_cell == 240


@given(st.lists(st.booleans(), max_size=60))
def test_severe_alerts_are_the_days_past_fifteen_of_each_run(flags):
    found = rules.inmate_alerts(days(flags))
    isolation = [a for a in found if a.kind == "isolation"]
    assert [a.day for a in isolation] == [DAY0 + n * D for n, f in enumerate(flags) if f]
    run, expected = 0, 0
    for flag in flags:
        run = run + 1 if flag else 0
        expected += run > 15
    assert sum(a.severe for a in found) == expected
    assert all(a.run_days > 15 for a in found if a.severe)
    assert all(a.day - a.run_start == (a.run_days - 1) * D for a in found)


# --- from the regime data to the register -----------------------------------------------------


def exclude(stay, since: date, *, staff_hours: bool = False):
    """A full exclusion in the regime from ``since`` 00:00: locked all day, or 13-15 with staff."""
    return do_add_inmate_deviation(
        stay,
        kind="excluded_full",
        from_at=timezone.make_aware(timezone.datetime.combine(since, time(0))),
        windows=[(time(13), time(15), "staff")] if staff_hours else [],
        actor=None,
    )


@pytest.mark.django_db
def test_isolation_runs_raise_one_deviation_each_and_never_again(regime):  # noqa: F811
    today = timezone.localdate()
    locked, two_hours, _fine = regime.stays
    exclude(locked, today - 20 * D)
    exclude(two_hours, today - 5 * D, staff_hours=True)
    result = sync_deviations(today)
    found = {(d.person_id, d.source): d for d in Deviation.objects.all()}
    assert set(found) == {
        (locked.person_id, "mandela_breach"),
        (locked.person_id, "mandela_prolonged"),
        (two_hours.person_id, "mandela_breach"),
    }
    assert result.created == 3
    severe = found[(locked.person_id, "mandela_prolonged")]
    assert severe.key == f"mandela:prolonged_isolation:{locked.person_id}:{today - 20 * D}"
    assert severe.owner == regime.leader and severe.unit == locked.placements.get().unit
    assert "regionalt nivå" in severe.description
    assert "20 døgn" in severe.description  # today is not over: 20 whole days judged
    assert sync_deviations(today).created == 0
    do_close_deviation(severe, note="Utelukkelsen er opphevet.", actor=regime.leader)
    assert sync_deviations(today + D).created == 0  # the same run: not raised again


@pytest.mark.django_db
def test_a_run_longer_than_the_window_keeps_its_key(regime):  # noqa: F811
    today = timezone.localdate()
    exclude(regime.stays[0], today - 55 * D)
    sync_deviations(today)
    first = set(Deviation.objects.values_list("key", flat=True))
    assert sync_deviations(today + 3 * D).created == 0
    assert set(Deviation.objects.values_list("key", flat=True)) == first
    assert all(key.endswith(str(today - 55 * D)) for key in first)


@pytest.mark.django_db
def test_the_reform_adds_the_four_hour_minimum(regime, settings):  # noqa: F811
    today = timezone.localdate()
    exclude(regime.stays[1], today - 3 * D, staff_hours=True)  # 2 hours out a day
    settings.VARDE_ISOLATION_REFORM_FROM = (today - 30 * D).isoformat()
    sync_deviations(today)
    sources = set(
        Deviation.objects.filter(person_id=regime.stays[1].person_id).values_list(
            "source", flat=True
        )
    )
    assert sources == {"mandela_breach", "out_of_cell_floor"}
    # the standard regime gives everyone else at least 4 hours: nothing for them
    assert not Deviation.objects.exclude(person_id=regime.stays[1].person_id).exists()


@pytest.mark.django_db
def test_without_the_reform_nobody_is_flagged_for_hours_out(regime):  # noqa: F811
    with override_settings(VARDE_ISOLATION_REFORM_FROM=""):
        exclude(regime.stays[1], timezone.localdate() - 3 * D, staff_hours=True)
        sync_deviations(timezone.localdate())
    assert not Deviation.objects.filter(source="out_of_cell_floor").exists()


# --- the daily list: page, API, worklist ------------------------------------------------------


@pytest.mark.django_db
def test_the_unit_list_flags_the_day_and_counts_the_run(regime, org, login):  # noqa: F811
    today = timezone.localdate()
    locked, two_hours, _fine = regime.stays
    exclude(locked, today - 20 * D)
    exclude(two_hours, today - 2 * D, staff_hours=True)
    found = alerts.unit_alerts(org.oslo, today)
    rows = {r.person.pk: r for r in found.rows}
    assert set(rows) == {locked.person_id, two_hours.person_id}
    assert rows[locked.person_id].prolonged.run_days == 21
    assert rows[two_hours.person_id].prolonged is None
    assert rows[two_hours.person_id].isolation.run_days == 3
    client = login(regime.leader)
    page = client.get(reverse("safeguards:mandela"), {"enhet": org.oslo.pk})
    assert page.status_code == 200
    assert page.content.count(b"data-mandela=") == 2 and b"data-severe" in page.content
    work = client.get(reverse("safeguards:home"), {"enhet": org.oslo.pk})
    assert work.content.count(b"data-mandela=") == 2
    api = client.get("/api/mandela-alerts/", {"unit": org.oslo.pk, "day": str(today)})
    assert api.status_code == 200
    body = api.json()
    assert {r["person"] for r in body["rows"]} == set(rows)
    assert body["rule_set"] == "2015" and body["min_out_minutes"] is None
    assert AccessLog.objects.filter(actor=regime.leader, person_id=locked.person_id).exists()


@pytest.mark.django_db
def test_others_cannot_see_the_list(regime, org, personas, login):  # noqa: F811
    exclude(regime.stays[0], timezone.localdate() - 20 * D)
    bergen = login(personas.bob)
    assert bergen.get("/api/mandela-alerts/", {"unit": org.oslo.pk}).status_code == 404
    page = bergen.get(reverse("safeguards:mandela"), {"enhet": org.oslo.pk})
    assert b"data-mandela=" not in page.content
    analyst = login(personas.anna)  # counts only: no persons
    assert analyst.get(reverse("safeguards:mandela")).status_code == 403
    assert analyst.get("/api/mandela-alerts/", {"unit": org.oslo.pk}).status_code == 403


# --- deadlines on the worklist before they pass, deviations after ------------------------------


@pytest.mark.django_db
def test_a_notice_due_after_a_short_measure_is_on_the_worklist_before_it_passes(
    org, minor, personas, login
):
    """Handcuffs on a 17-year-old for half an hour: the guardian is still to be told (fsg
    § 3-1 b, within 24 hours); the unit's worklist shows it as upcoming after the measure has
    ended, and once passed it is overdue and a deviation."""
    import time_machine

    from tests.safeguards.conftest import measure
    from varde.safeguards.actions import do_end

    cuffs = measure(minor, org.oslo, "handcuffs", basis="other_attack", best_interest="Kort.")
    do_end(cuffs, end_at=timezone.now() - timedelta(minutes=30), actor=None)
    client = login(personas.carl)
    page = client.get(reverse("safeguards:home"), {"enhet": org.oslo.pk}).content.decode()
    upcoming = page.split('id="h-upcoming"')[1]
    assert 'data-work="guardian" data-state="upcoming"' in upcoming
    assert sync_deviations().created == 0
    with time_machine.travel(timezone.now() + 2 * D, tick=False):
        client = login(personas.carl)  # a new session: the idle timeout has passed
        page = client.get(reverse("safeguards:home"), {"enhet": org.oslo.pk}).content.decode()
        assert 'data-work="guardian" data-state="overdue"' in page.split('id="h-overdue"')[1]
        assert sync_deviations().created == 1
    assert Deviation.objects.get().key == f"measure:{cuffs.pk}:guardian"
