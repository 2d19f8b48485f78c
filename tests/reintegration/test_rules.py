"""The pure rules of reintegration with worked examples: report freshness (PU-reglene § 4),
minors (strpl § 161 a) and their target, deadlines and the worklist order, the office where
the person lives, assessment scores and plan review dates; hypothesis properties where a
threshold or a clock is involved."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from varde.reintegration import rules
from varde.reintegration.rules import NEW, SUPPLEMENT, Office

D = date


# --- freshness (PU-reglene § 4; påtaleinstruksen § 14-1; strpl § 161 a) ------------------------


def test_freshness_worked_examples():
    delivered = D(2024, 3, 15)
    # Exactly one year old is not "older than one year": still current.
    assert rules.psr_freshness(delivered, D(2025, 3, 15)) == rules.CURRENT
    # One day more: a supplement.
    assert rules.psr_freshness(delivered, D(2025, 3, 16)) == SUPPLEMENT
    # Exactly three years: still a supplement; a day more: a new report.
    assert rules.psr_freshness(delivered, D(2027, 3, 15)) == SUPPLEMENT
    assert rules.psr_freshness(delivered, D(2027, 3, 16)) == NEW


def test_freshness_for_minors_is_new_after_one_year():
    delivered = D(2024, 3, 15)
    assert rules.psr_freshness(delivered, D(2025, 3, 15), minor=True) == rules.CURRENT
    assert rules.psr_freshness(delivered, D(2025, 3, 16), minor=True) == NEW


def test_freshness_from_29_february_clips_to_28th():
    # 29.02.2024 + 12 months = 28.02.2025 (month arithmetic clips, as elsewhere).
    assert rules.psr_freshness(D(2024, 2, 29), D(2025, 2, 28)) == rules.CURRENT
    assert rules.psr_freshness(D(2024, 2, 29), D(2025, 3, 1)) == SUPPLEMENT


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 1, 1)),
    st.integers(min_value=0, max_value=2000),
    st.integers(min_value=1, max_value=400),
)
def test_freshness_never_improves_with_time(delivered, days, more):
    order = {rules.CURRENT: 0, SUPPLEMENT: 1, NEW: 2}
    first = delivered + timedelta(days=days)
    later = first + timedelta(days=more)
    assert (
        order[rules.psr_freshness(delivered, later)] >= order[rules.psr_freshness(delivered, first)]
    )
    assert (
        order[rules.psr_freshness(delivered, later, minor=True)]
        >= order[rules.psr_freshness(delivered, later)]
    )


def test_retention_is_five_years():
    assert rules.retention_until(D(2025, 6, 30)) == D(2030, 6, 30)


# --- minors and deadlines --------------------------------------------------------------------


def test_minor_at_the_time_of_the_act():
    born = D(2008, 5, 10)
    # 17 at the act, 18 when the request arrives: still a report for a minor.
    assert rules.is_minor_case(born, D(2026, 5, 9), D(2026, 6, 1)) is True
    assert rules.is_minor_case(born, D(2026, 5, 10), D(2026, 6, 1)) is False
    # Without the date of the act, the age on receipt counts.
    assert rules.is_minor_case(born, None, D(2026, 5, 9)) is True
    assert rules.is_minor_case(born, None, D(2026, 5, 10)) is False
    assert rules.is_minor_case(None, None, D(2026, 5, 10)) is False


def test_deadline_worked_examples():
    received = D(2026, 3, 2)
    # Adult: the requested delivery date.
    assert rules.psr_deadline(
        received,
        requested_by=D(2026, 4, 15),
        court_date=None,
        minor=False,
        minor_target_days=28,
    ) == D(2026, 4, 15)
    # Court sits on 10.04: due the day before, which is earlier than the requested date.
    assert rules.psr_deadline(
        received,
        requested_by=D(2026, 4, 15),
        court_date=D(2026, 4, 10),
        minor=False,
        minor_target_days=28,
    ) == D(2026, 4, 9)
    # Minor: the 4-week target (28 days after receipt: 30.03) comes first.
    assert rules.psr_deadline(
        received, requested_by=D(2026, 4, 15), court_date=None, minor=True, minor_target_days=28
    ) == D(2026, 3, 30)
    # The target is a setting.
    assert rules.psr_deadline(
        received, requested_by=None, court_date=None, minor=True, minor_target_days=21
    ) == D(2026, 3, 23)
    assert (
        rules.psr_deadline(
            received, requested_by=None, court_date=None, minor=False, minor_target_days=28
        )
        is None
    )


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)),
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=1, max_value=60),
)
def test_minor_deadline_never_later_than_target_or_request(received, ask_days, target):
    requested = received + timedelta(days=ask_days)
    deadline = rules.psr_deadline(
        received, requested_by=requested, court_date=None, minor=True, minor_target_days=target
    )
    assert deadline == min(requested, received + timedelta(days=target))


def test_request_problems_in_norwegian():
    today = D(2026, 3, 2)
    ok = {"received_on": today, "today": today, "offence_on": None}
    assert (
        rules.request_problem(**ok, requested_by=today + timedelta(days=10), court_date=None)
        is None
    )
    assert "leveringsdato" in rules.request_problem(**ok, requested_by=None, court_date=None)
    assert "før" in rules.request_problem(
        **ok, requested_by=today - timedelta(days=1), court_date=None
    )
    assert "fram i tid" in rules.request_problem(
        received_on=today + timedelta(days=1),
        today=today,
        offence_on=None,
        requested_by=today + timedelta(days=9),
        court_date=None,
    )


def test_processing_days_and_overdue():
    assert rules.processing_days(D(2026, 1, 5), D(2026, 2, 7)) == 33
    assert rules.is_overdue(D(2026, 2, 1), D(2026, 2, 1)) is False  # due on the day itself
    assert rules.is_overdue(D(2026, 2, 1), D(2026, 2, 2)) is True
    assert rules.is_overdue(None, D(2026, 2, 2)) is False


def test_worklist_puts_minors_due_first_then_by_deadline():
    today = D(2026, 3, 10)
    reports = {
        "adult overdue": (D(2026, 3, 1), False),
        "adult soon": (D(2026, 3, 12), False),
        "minor in 5 days": (D(2026, 3, 15), True),
        "minor later": (D(2026, 4, 30), True),
        "adult same day as minor": (D(2026, 4, 30), False),
        "no deadline": (None, False),
    }
    order = sorted(reports, key=lambda k: rules.worklist_key(*reports[k], today))
    assert order == [
        "minor in 5 days",
        "adult overdue",
        "adult soon",
        "minor later",
        "adult same day as minor",
        "no deadline",
    ]


# --- the office where the person lives ---------------------------------------------------------

OFFICES = [
    Office(1, "oslo-friomsorgskontor", "ost", "Oslo"),
    Office(2, "akershus-friomsorgskontor", "ost", "Lillestrøm"),
    Office(3, "ostfold-friomsorgskontor", "ost", "Sarpsborg"),
    Office(4, "bergen-friomsorgskontor", "vest", "Bergen"),
    Office(5, "more-og-romsdal-friomsorgskontor", "vest", "Molde"),
]


def test_home_office_worked_examples():
    def pick(code: str, city: str) -> int | None:
        found = rules.home_office(code, city, OFFICES)
        return found.pk if found else None

    assert pick("0150", "Oslo") == 1  # same town
    assert pick("2000", "Lillestrøm") == 2
    assert pick("1606", "Fredrikstad") == 3  # Østfold by postal code
    assert pick("1383", "Asker") == 2  # Akershus by postal code
    assert pick("6002", "Ålesund") == 5  # Møre og Romsdal
    assert pick("2317", "Hamar") == 2  # Innlandet: no office of its own → the region's first
    assert pick("", "Oslo") is None  # no Norwegian postal code
    assert pick("SE-111", "Stockholm") is None


# --- needs assessment ---------------------------------------------------------------------


def test_scores_and_completion():
    assert rules.score_problem("Bolig", 2, low=0, high=3) is None
    assert rules.score_problem("Bolig", None, low=0, high=3) is None
    assert rules.score_problem("Bolig", 4, low=0, high=3) == "Bolig: bruk en verdi fra 0 til 3."
    missing = rules.missing_areas([("housing", "Bolig"), ("work", "Arbeid")], ["housing"])
    assert missing == ["Arbeid"]
    assert "Arbeid" in rules.completion_problem(missing, "Oppsummering")
    assert "klart språk" in rules.completion_problem([], "  ")
    assert rules.completion_problem([], "Du trenger bolig.") is None


def test_send_problem_lists_what_is_missing():
    problem = rules.psr_send_problem(["Bolig", "Konklusjon"], assessed_any=True, interviews=1)
    assert problem == "Fyll ut før sending: Bolig, Konklusjon."
    assert "egnethet" in rules.psr_send_problem([], assessed_any=False, interviews=1)
    assert "samtale" in rules.psr_send_problem([], assessed_any=True, interviews=0)
    assert rules.psr_send_problem([], assessed_any=True, interviews=2) is None


# --- plan reviews -------------------------------------------------------------------------


def test_review_worked_examples():
    start = D(2026, 1, 5)

    def review(last=None, release=None, started=start):
        return rules.next_review(
            started, last, interval_days=90, release_on=release, before_release_days=30
        )

    # No release date: every 90 days from the start, then from the last review.
    assert review() == rules.Review(D(2026, 4, 5), "interval")
    assert review(last=D(2026, 4, 1)) == rules.Review(D(2026, 6, 30), "interval")
    # Release 15.03: the review before release (13.02) comes before the regular one.
    assert review(release=D(2026, 3, 15)) == rules.Review(D(2026, 2, 13), "before_release")
    # Once reviewed inside the window, the next is the regular interval again.
    assert review(last=D(2026, 2, 20), release=D(2026, 3, 15)) == rules.Review(
        D(2026, 5, 21), "interval"
    )
    # A plan started inside the window is reviewed before release at once.
    assert review(release=D(2026, 1, 20)) == rules.Review(start, "before_release")
    # Release far away: the regular review.
    assert review(release=D(2027, 1, 1)).kind == "interval"


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    st.integers(min_value=7, max_value=365),
    st.one_of(st.none(), st.integers(min_value=-100, max_value=800)),
    st.integers(min_value=1, max_value=90),
)
def test_review_is_never_later_than_the_interval(start, reviewed, interval, release_in, before):
    last = start + timedelta(days=reviewed) if reviewed is not None else None
    release = start + timedelta(days=release_in) if release_in is not None else None
    review = rules.next_review(
        start, last, interval_days=interval, release_on=release, before_release_days=before
    )
    assert review.on <= (last or start) + timedelta(days=interval)
    assert review.on >= start
    if review.kind == "before_release":
        assert release is not None
        assert review.on == max(start, release - timedelta(days=before))
        assert last is None or last < release - timedelta(days=before)


def test_step_and_review_problems():
    start = D(2026, 1, 5)
    ok = {"has_staff": False, "agency": "", "due_on": None, "started_on": start}
    assert rules.step_problem(responsible_kind="person", **ok) is None
    assert "ansatt" in rules.step_problem(responsible_kind="staff", **ok)
    assert "etaten" in rules.step_problem(responsible_kind="agency", **ok)
    assert rules.step_problem(responsible_kind="agency", **(ok | {"agency": "NAV"})) is None
    assert "før planen" in rules.step_problem(
        responsible_kind="person", **(ok | {"due_on": D(2026, 1, 1)})
    )
    assert "fram i tid" in rules.review_problem(
        D(2026, 2, 2), started_on=start, today=D(2026, 2, 1)
    )
    assert "før planen" in rules.review_problem(
        D(2026, 1, 1), started_on=start, today=D(2026, 2, 1)
    )
