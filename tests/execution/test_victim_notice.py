"""The victim notification hook (strgjfl § 7 b): a movement a victim asked to be told about
leaves a reminder in the journal, without the victim's name; execution asks the decisions
app only through ``decisions.queries.notices_due_for``."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.sentencing.judgments import prison_fields
from varde.decisions import rules as decision_rules
from varde.decisions.actions import do_register_victim_contact
from varde.execution import rules
from varde.execution.actions import (
    do_admit,
    do_release,
    do_start_absence,
    do_start_outside_prison,
)
from varde.journal.models import JournalEntry
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
REMINDER = "Fornærmede skal varsles"


def _at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02}:00").replace(tzinfo=OSLO)


@pytest.fixture
def stay(org, newcomer):
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields())
    return do_admit(
        newcomer,
        org.oslo,
        security_level="high",
        actor=None,
        judgment=judgment,
        at=_at("2025-03-10"),
    )


@pytest.fixture
def victim(stay):
    return do_register_victim_contact(
        stay.person,
        stay.judgment,
        name="Vera Fornærmet",
        relation="victim",
        phone="99887766",
        consent_on=date(2025, 1, 1),
        actor=None,
    )


def _reminders(person):
    return list(
        JournalEntry.objects.filter(person=person, source_action="victim_notice_due")
        .order_by("id")
        .values_list("text", flat=True)
    )


def test_escape_reminds_without_naming_the_victim(stay, victim):
    do_start_absence(stay, "escape", actor=None, at=_at("2025-04-01"))
    (text,) = _reminders(stay.person)
    assert text.startswith(f"{REMINDER} om rømning 01.04.2025 (strgjfl. § 40 siste ledd)")
    assert "Vera" not in text and "99887766" not in text


def test_ek_part_execution_and_parole_remind(org, stay, victim):
    do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-06-01"))
    do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-21"), office=org.oslo_fri)
    outside, parole = _reminders(stay.person)
    assert "om delgjennomføring med EK (§ 16 a) 01.06.2025" in outside
    assert "§ 16 a tredje ledd" in outside
    assert "om prøveløslatelse etter 2/3 21.08.2025" in parole


def test_no_reminder_without_a_victim_or_for_a_movement_the_law_does_not_name(stay, victim):
    do_start_absence(stay, "hospital", actor=None, at=_at("2025-04-01"))
    assert _reminders(stay.person) == []


def test_no_reminder_when_nobody_asked(stay):
    do_start_absence(stay, "escape", actor=None, at=_at("2025-04-01"))
    assert _reminders(stay.person) == []


def test_the_events_agree_with_the_decisions_app():
    assert rules.VICTIM_NOTICE_FOR_ABSENCE == decision_rules.NOTICE_FOR_ABSENCE
    assert rules.VICTIM_NOTICE_FOR_RELEASE == decision_rules.NOTICE_FOR_RELEASE


def test_execution_reaches_decisions_only_through_its_queries():
    """ARCHITECTURE: apps talk through actions and queries."""
    root = Path(__file__).resolve().parents[2] / "src" / "varde" / "execution"
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "varde.decisions"
            ):
                imported.add(node.module)
    assert imported == {"varde.decisions.queries"}
