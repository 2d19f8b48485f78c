"""The bridge between stored decisions and the pure clocks in ``rules.py``: turn an exclusion
or a coercive measure, with its notices and reviews, into deadlines at a moment.

Callers prefetch ``notices`` and ``reviews`` (``queries.with_events``) when they evaluate
many decisions, so a worklist costs a fixed number of queries.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from varde.safeguards import rules
from varde.safeguards.decisions import rules_of
from varde.safeguards.models import CoerciveMeasure, Decision, Exclusion

# How far ahead an open measure's coming deadlines are listed (the worklist's horizon).
LOOKAHEAD = timedelta(days=14)


def events_of(decision: Decision) -> list[tuple[str, datetime]]:
    """Notices and reviews as (kind, time) pairs; a doctor's statement sought when a
    coercive measure was decided counts as the doctor told at the decision."""
    events = [(f"notice:{n.recipient}", n.at) for n in decision.notices.all()]  # type: ignore[attr-defined]
    events += [(f"review:{r.level}", r.at) for r in decision.reviews.all()]  # type: ignore[attr-defined]
    if isinstance(decision, CoerciveMeasure) and decision.doctor_statement_sought:
        events.append((rules.NOTIFY_DOCTOR, decision.decided_at))
    return events


def requirements_of(decision: Decision, until: datetime) -> list[rules.Requirement]:
    rule_set = rules_of(decision)
    start = timezone.localtime(decision.start_at)
    if isinstance(decision, Exclusion):
        return rule_set.exclusion_requirements(
            start=start,
            until=until,
            ground=decision.legal_basis,
            extent=decision.extent,
            minor=decision.minor,
        )
    assert isinstance(decision, CoerciveMeasure)
    return rule_set.measure_requirements(
        start=start, until=until, kind=decision.kind, minor=decision.minor
    )


def deadlines(decision: Decision, as_of: datetime | None = None) -> list[rules.Deadline]:
    """Every deadline of the decision that applies, or may still apply, at ``as_of``: for an
    ended measure those it lasted into; for an open one also those due in ``LOOKAHEAD``."""
    as_of = as_of or timezone.now()
    until = decision.end_at or as_of + LOOKAHEAD
    return rules.evaluate(
        requirements_of(decision, until),
        events_of(decision),
        end_at=decision.end_at,
        as_of=as_of,
    )


def next_deadline(decision: Decision, as_of: datetime | None = None) -> rules.Deadline | None:
    return rules.next_deadline(deadlines(decision, as_of))
