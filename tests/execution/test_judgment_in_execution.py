"""The execution moves the judgment: admission starts it, escapes shift its key dates, release
completes it. Worked example: rules.md Example 0.3-A (9 months from 10.03.2025, 20 days'
remand credit: last day 19.11.2025)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.sentencing.judgments import prison_fields
from varde.audit.models import AuditEvent
from varde.execution.actions import do_admit, do_end_absence, do_release, do_start_absence
from varde.execution.queries import execution_facts
from varde.sentencing.actions import do_override_key_date, do_register_judgment
from varde.sentencing.queries import key_dates_for

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=OSLO)


def _end(judgment, **kwargs):
    dates = {d.field: d.value for d in key_dates_for(judgment, **kwargs).dates}
    return dates["end_of_sentence_on"]


def test_admission_escape_and_release_follow_through_to_the_judgment(
    org, newcomer, personas, login
):
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields())
    assert judgment.status == "queued"

    stay = do_admit(
        newcomer,
        org.oslo,
        security_level="high",
        actor=None,
        judgment=judgment,
        at=_at("2025-03-10"),
    )
    judgment.refresh_from_db()
    assert judgment.status == "in_execution"
    start, periods = execution_facts(judgment)
    assert (start.isoformat(), periods) == ("2025-03-10", [])
    assert _end(judgment, start=start).isoformat() == "2025-11-19"

    # Escape 01.04.2025, back 06.04.2025: 01.-05.04 do not count (5 days), so the last day
    # moves from 19.11.2025 to 24.11.2025.
    do_start_absence(stay, "escape", actor=None, at=_at("2025-04-01"))
    do_end_absence(stay, actor=None, at=_at("2025-04-06"))
    start, periods = execution_facts(judgment)
    assert sum(p.days for p in periods) == 5
    assert _end(judgment, start=start, non_counting_periods=periods).isoformat() == "2025-11-24"

    # The judgment page shows the moved date (counted from the admission, not expected).
    page = reverse("sentencing:detail", args=[newcomer.pk, judgment.pk])
    assert "24.11.2025" in login(personas.ada).get(page).content.decode()

    do_release(stay, "full_term", actor=None, at=_at("2025-11-24"))
    judgment.refresh_from_db()
    assert judgment.status == "completed"
    statuses = AuditEvent.objects.filter(action="set_judgment_status").order_by("id")
    assert [e.changes["status"] for e in statuses] == [
        ["queued", "in_execution"],
        ["in_execution", "completed"],
    ]


def _admitted(org, person):
    judgment = do_register_judgment(person, actor=None, **prison_fields())
    stay = do_admit(
        person,
        org.oslo,
        security_level="high",
        actor=None,
        judgment=judgment,
        at=_at("2025-03-10"),
    )
    return judgment, stay


def test_parole_at_two_thirds_waits_for_two_thirds_moved_by_escape(org, newcomer):
    # 0.3-A: 2/3 served 20.08.2025; the escape 01.-05.04 (5 days) moves it to 25.08.2025.
    _judgment, stay = _admitted(org, newcomer)
    with pytest.raises(ValidationError, match=r"tidligst skje 21\.08\.2025 \(strgjfl § 42\)"):
        do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-03-11"))
    do_start_absence(stay, "escape", actor=None, at=_at("2025-04-01"))
    do_end_absence(stay, actor=None, at=_at("2025-04-06"))
    with pytest.raises(ValidationError, match=r"tidligst skje 26\.08\.2025"):
        do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-25"))
    stay.refresh_from_db()
    assert stay.released_at is None
    do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-26"), office=org.oslo_fri)
    stay.refresh_from_db()
    assert stay.release_type == "parole_two_thirds"


def test_parole_at_half_time_waits_for_half_and_honours_an_override(org, newcomer, personas):
    # 0.3-A: half served 05.07.2025; an override of the date takes its place.
    judgment, stay = _admitted(org, newcomer)
    with pytest.raises(ValidationError, match=r"halv tid kan tidligst skje 06\.07\.2025"):
        do_release(stay, "parole_half", actor=None, at=_at("2025-07-05"))
    do_override_key_date(
        judgment,
        "half_served_on",
        date(2025, 7, 1),
        reason="Rettet etter klage",
        actor=personas.carl,
    )
    do_release(stay, "parole_half", actor=None, at=_at("2025-07-02"), office=org.oslo_fri)
    stay.refresh_from_db()
    assert stay.release_type == "parole_half"


def test_other_parole_is_not_bound_by_the_parole_dates_but_needs_its_basis(org, newcomer):
    """strgjfl § 42 fourth para (early release for special reasons) has no date: the case
    worker writes the legal basis and the reasons, and is refused without them."""
    _judgment, stay = _admitted(org, newcomer)
    with pytest.raises(ValidationError, match="Annen prøveløslatelse krever grunnlag"):
        do_release(stay, "parole_other", actor=None, at=_at("2025-03-11"), office=org.oslo_fri)
    stay.refresh_from_db()
    assert stay.released_at is None
    basis = "strgjfl. § 42 fjerde ledd: alvorlig sykdom i nær familie"
    do_release(
        stay, "parole_other", actor=None, at=_at("2025-03-11"), note=basis, office=org.oslo_fri
    )
    stay.refresh_from_db()
    assert stay.release_type == "parole_other"
