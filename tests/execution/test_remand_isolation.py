"""Full isolation in remand (strpl § 186 a): two weeks per ruling, four for an adult's
extension when a review after two would be pointless, and the caps on continuous isolation
(6 weeks, 12 weeks when the charge carries more than 6 years; beyond only for weighty
reasons). Worked examples, a property over sequences of rulings, the action and the form."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from varde.audit.models import AuditEvent
from varde.execution import rules
from varde.execution.actions import do_add_restriction, do_admit
from varde.execution.models import RemandRestriction
from varde.journal.models import JournalEntry

FULL = "full_isolation"
UP_TO_6 = rules.PENALTY_UP_TO_6_YEARS
SEVERAL = rules.PENALTY_SEVERAL_OVER_6_YEARS
OVER_6 = rules.PENALTY_OVER_6_YEARS
MARCH_1 = date(2025, 3, 1)


def d(text: str) -> date:
    return date.fromisoformat(text)


def problem(valid_from: str, valid_until: str, earlier=(), **kwargs):
    return rules.restriction_problem(
        FULL,
        under_18=kwargs.pop("under_18", False),
        valid_from=d(valid_from),
        valid_until=d(valid_until),
        is_remand_stay=True,
        earlier_isolation=[(d(a), d(b)) for a, b in earlier],
        **kwargs,
    )


TWO_WEEK_CHAIN = [("2025-03-01", "2025-03-15"), ("2025-03-15", "2025-03-29")]


# --- worked examples --------------------------------------------------------------------------


def test_six_weeks_of_two_week_rulings_then_refused():
    """From 01.03.2025: 6 weeks end on the same weekday, 12.04.2025 (domstolloven § 148)."""
    assert rules.isolation_cap_until(MARCH_1, UP_TO_6) == d("2025-04-12")
    assert problem("2025-03-29", "2025-04-12", TWO_WEEK_CHAIN) is None
    chain = [*TWO_WEEK_CHAIN, ("2025-03-29", "2025-04-12")]
    found = problem("2025-04-12", "2025-04-26", chain)
    assert "6 uker" in found and "01.03.2025" in found and "12.04.2025" in found
    assert "flere handlinger" in found  # says what would allow more
    assert "til og med 13.04.2025" not in (problem("2025-04-12", "2025-04-13", chain) or "")
    assert problem("2025-04-12", "2025-04-13", chain) is not None  # one day over is over


def test_twelve_weeks_when_the_charge_carries_more_than_six_years():
    """01.03.2025 + 12 weeks = 24.05.2025."""
    assert rules.isolation_cap_until(MARCH_1, OVER_6) == d("2025-05-24")
    chain = [(f"{a}", f"{b}") for a, b in _chain(MARCH_1, 6, 14)]
    assert chain[-1] == ("2025-05-10", "2025-05-24")
    assert problem(*chain[-1], chain[:-1], penalty_scale=OVER_6) is None
    over = problem("2025-05-24", "2025-06-07", chain, penalty_scale=OVER_6)
    assert "12 uker" in over and "24.05.2025" in over and "tungtveiende" in over
    assert problem("2025-05-24", "2025-06-07", chain, penalty_scale=UP_TO_6) is not None


def test_beyond_the_cap_only_for_weighty_reasons_and_not_on_a_short_charge():
    chain = [*TWO_WEEK_CHAIN, ("2025-03-29", "2025-04-12")]
    extended = ("2025-04-12", "2025-04-26")
    reasons = "Fare for bevisforspillelse i omfattende sak"
    assert problem(*extended, chain, penalty_scale=SEVERAL) is not None
    assert problem(*extended, chain, penalty_scale=SEVERAL, weighty_reasons=reasons) is None
    assert problem(*extended, chain, penalty_scale=UP_TO_6, weighty_reasons=reasons) is not None
    assert problem(*extended, chain, penalty_scale=SEVERAL, weighty_reasons="  ") is not None


def test_a_day_without_isolation_ends_the_continuous_period():
    # 16.03 is free: the run starts again 17.03, its cap is 28.04.
    chain = [("2025-03-01", "2025-03-15"), ("2025-03-17", "2025-03-31")]
    assert problem("2025-03-31", "2025-04-14", chain) is None
    assert rules.isolation_runs([(d(a), d(b)) for a, b in chain]) == [
        (d("2025-03-01"), d("2025-03-15")),
        (d("2025-03-17"), d("2025-03-31")),
    ]
    # Following on the next day is continuous.
    assert rules.isolation_runs(
        [(d("2025-03-01"), d("2025-03-15")), (d("2025-03-16"), d("2025-03-30"))]
    ) == [(d("2025-03-01"), d("2025-03-30"))]


def test_an_adults_extension_may_be_four_weeks_when_review_is_pointless():
    first = [("2025-03-01", "2025-03-15")]
    assert problem("2025-03-15", "2025-04-12", first, review_pointless=True) is None
    assert "høyst to uker" in problem("2025-03-15", "2025-04-12", first)
    too_long = problem("2025-03-15", "2025-04-13", first, review_pointless=True)
    assert "fire uker" in too_long and "12.04.2025" in too_long
    # The first ruling is never more than two weeks.
    assert "høyst to uker" in problem("2025-03-01", "2025-03-29", review_pointless=True)


def test_never_for_a_child_and_the_scale_must_be_known():
    assert "under 18" in problem("2025-03-01", "2025-03-05", under_18=True)
    assert "strafferammen" in problem("2025-03-01", "2025-03-05", penalty_scale="ten_years")


def test_other_restrictions_have_no_cap():
    assert (
        rules.restriction_problem(
            "letter_control",
            under_18=False,
            valid_from=MARCH_1,
            valid_until=d("2025-09-01"),
            is_remand_stay=True,
            earlier_isolation=[(MARCH_1, d("2025-04-12"))],
        )
        is None
    )


# --- property: a chain of rulings is accepted exactly up to the cap -------------------------


def _chain(start: date, count: int, days: int, gap: int = 0):
    rulings, first = [], start
    for _ in range(count):
        rulings.append((first.isoformat(), (first + timedelta(days=days)).isoformat()))
        first = first + timedelta(days=days + gap)
    return rulings


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    lengths=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=12),
    gaps=st.lists(st.integers(min_value=0, max_value=1), min_size=12, max_size=12),
    scale=st.sampled_from([UP_TO_6, SEVERAL, OVER_6]),
)
def test_property_rulings_accepted_exactly_up_to_the_cap(start, lengths, gaps, scale):
    """Rulings of at most two weeks, each starting on the day the previous ends or the day
    after (continuous): each is accepted exactly when the run so far ends by the cap."""
    earlier: list[tuple[date, date]] = []
    cap = rules.isolation_cap_until(start, scale)
    first = start
    for length, gap in zip(lengths, gaps, strict=False):
        last = first + timedelta(days=length)
        found = rules.restriction_problem(
            FULL,
            under_18=False,
            valid_from=first,
            valid_until=last,
            is_remand_stay=True,
            earlier_isolation=earlier,
            penalty_scale=scale,
        )
        assert (found is None) == (last <= cap), (first, last, cap, found)
        if found is not None:
            break
        earlier.append((first, last))
        first = last + timedelta(days=gap)


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    extra=st.integers(min_value=1, max_value=14),
)
def test_property_weighty_reasons_open_the_cap_only_above_six_years(start, extra):
    cap = rules.isolation_cap_until(start, UP_TO_6)
    earlier = [(start, cap)]
    common = {
        "under_18": False,
        "valid_from": cap,
        "valid_until": cap + timedelta(days=extra),
        "is_remand_stay": True,
        "earlier_isolation": earlier,
        "weighty_reasons": "Tungtveiende",
    }
    assert rules.restriction_problem(FULL, penalty_scale=UP_TO_6, **common) is not None
    assert rules.restriction_problem(FULL, penalty_scale=SEVERAL, **common) is None


# --- the action -----------------------------------------------------------------------------

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def remand(org, newcomer):
    at = datetime(2025, 3, 1, 10, 0, tzinfo=OSLO)
    return do_admit(newcomer, org.oslo, security_level="high", kind="remand", actor=None, at=at)


def _add(stay, valid_from, valid_until, **kwargs):
    return do_add_restriction(
        stay,
        FULL,
        ruling_reference=kwargs.pop("ruling", "25-1MED-OTIR"),
        valid_from=d(valid_from),
        valid_until=d(valid_until),
        actor=kwargs.pop("actor", None),
        **kwargs,
    )


def test_the_action_uses_the_stays_earlier_rulings(remand):
    for first, last in _chain(MARCH_1, 3, 14):
        _add(remand, first, last)
    before = (RemandRestriction.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="6 uker"):
        _add(remand, "2025-04-12", "2025-04-26")
    assert (RemandRestriction.objects.count(), AuditEvent.objects.count()) == before
    restriction = _add(
        remand,
        "2025-04-12",
        "2025-04-26",
        penalty_scale=SEVERAL,
        weighty_reasons="Omfattende sak med flere medsiktede",
    )
    restriction.refresh_from_db()
    assert (restriction.penalty_scale, restriction.review_pointless, restriction.note) == (
        SEVERAL,
        False,
        "",
    )
    assert restriction.weighty_reasons == "Omfattende sak med flere medsiktede"
    text = JournalEntry.objects.filter(source_action="add_restriction").order_by("-id")[0].text
    assert "Sammenhengende full isolasjon fra 01.03.2025 til og med 26.04.2025" in text
    assert "Tungtveiende hensyn: Omfattende sak" in text


def test_partial_isolation_does_not_count_toward_the_cap(remand):
    do_add_restriction(
        remand,
        "partial_isolation",
        ruling_reference="K",
        valid_from=MARCH_1,
        valid_until=d("2025-06-01"),
        actor=None,
    )
    assert _add(remand, "2025-05-01", "2025-05-15").pk


def test_long_weighty_reasons_are_kept_whole_beside_the_note(remand):
    """The reasons are a field of their own: a long reasoning no longer crowds the note."""
    restriction = _add(
        remand, "2025-03-01", "2025-03-15", weighty_reasons="x" * 600, note="y" * 300
    )
    restriction.refresh_from_db()
    assert (len(restriction.weighty_reasons), len(restriction.note)) == (600, 300)


def test_the_four_week_extension_is_stored(remand):
    _add(remand, "2025-03-01", "2025-03-15")
    extension = _add(remand, "2025-03-16", "2025-04-12", review_pointless=True)
    extension.refresh_from_db()
    assert extension.review_pointless and extension.penalty_scale == UP_TO_6
    text = JournalEntry.objects.filter(source_action="add_restriction").order_by("-id")[0].text
    assert "Ny prøving etter to uker uten betydning." in text


def test_other_restrictions_store_no_ruling_facts(remand):
    restriction = do_add_restriction(
        remand,
        "letter_control",
        ruling_reference="K",
        valid_from=MARCH_1,
        valid_until=d("2025-06-01"),
        actor=None,
        penalty_scale=OVER_6,
        review_pointless=True,
        weighty_reasons="x",
    )
    restriction.refresh_from_db()
    assert (restriction.penalty_scale, restriction.review_pointless) == ("", False)
    assert restriction.weighty_reasons == ""


# --- the form on the person page --------------------------------------------------------------


def test_the_form_carries_the_scale_and_shows_the_cap_in_norwegian(login, org, personas, people):
    person = people.oslo_inmate
    at = datetime(2025, 3, 1, 10, 0, tzinfo=OSLO)
    stay = do_admit(person, org.oslo, security_level="high", kind="remand", actor=None, at=at)
    for first, last in _chain(MARCH_1, 3, 14):
        _add(stay, first, last)
    client = login(personas.carl)
    form_url = reverse("execution:stay_form", args=[person.pk, "restriction"])
    page = client.get(form_url).content.decode()  # the form, loaded when opened
    assert "Strafferamme for siktelsen" in page and "Tungtveiende hensyn" in page
    url = reverse("execution:add_restriction", args=[person.pk])
    data = {
        "restriction-kind": FULL,
        "restriction-ruling_reference": "25-9MED-OTIR",
        "restriction-valid_from": "2025-04-12",
        "restriction-valid_until": "2025-04-26",
        "restriction-penalty_scale": OVER_6,
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "Restriksjonen er registrert." in page
    data |= {"restriction-valid_from": "2025-04-26", "restriction-valid_until": "2025-05-28"}
    page = client.post(url, data, follow=True).content.decode()
    assert "høyst to uker om gangen" in page
    assert RemandRestriction.objects.filter(stay=stay).count() == 4


def test_the_ruling_facts_show_on_the_remand_page_and_the_person_page(login, org, personas, people):
    person = people.oslo_inmate
    today = timezone.localdate()
    at = timezone.now() - timedelta(days=3)
    stay = do_admit(person, org.oslo, security_level="high", kind="remand", actor=None, at=at)
    _add(
        stay,
        today.isoformat(),
        (today + timedelta(days=13)).isoformat(),
        penalty_scale=OVER_6,
        weighty_reasons="Fare for bevisforspillelse",
    )
    client = login(personas.carl)
    for url in (
        reverse("execution:remand_list"),
        reverse("people:detail", args=[person.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Strafferamme: Over 6 år (grense 12 uker)" in page, url
        assert "tungtveiende hensyn: Fare for bevisforspillelse" in page, url
