"""What every decision here carries, filled and checked in one place: exclusions and coercive
measures (and their forms and API) call these, so the law's demands are never copied.

A decision needs a legal basis valid under the rule set in force when it is made, written
reasons, who authorised it, and — when the person is under 18 on the decision date — the
assessment of the child's best interest; the system adds the paragraph, whether the person
is a minor, the rule set's version and the appeal deadline. Refusals are one Norwegian
``ValidationError`` per field, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import actor_name
from varde.people.rules import is_minor_on
from varde.safeguards import rules
from varde.safeguards.choices import PLACEMENT_KINDS, Recipient
from varde.safeguards.models import CoerciveMeasure, Decision, Exclusion

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.people.models import Person

BasisCheck = Callable[[rules.CurrentRules, bool], str | None]
Paragraph = Callable[[rules.CurrentRules, bool], str]


def reform_from() -> date | None:
    """The operator's date for the isolation reform (``VARDE_ISOLATION_REFORM_FROM``), if
    set; a value that is not an ISO date stops the program rather than being ignored."""
    value = settings.VARDE_ISOLATION_REFORM_FROM
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"VARDE_ISOLATION_REFORM_FROM must be an ISO date (YYYY-MM-DD), not {value!r}"
        ) from exc


def rules_on(at: datetime) -> rules.CurrentRules:
    """The rule set in force at ``at`` (the operator may pin the reform's date)."""
    return rules.rule_set_on(timezone.localdate(at), reform_from=reform_from())


def rules_of(decision: Decision) -> rules.CurrentRules:
    """The rule set the decision was made under (kept for its whole life)."""
    return rules.rule_set_named(decision.rule_set)


def is_minor(person: Person, at: datetime) -> bool:
    """Under 18 on the (local) date of the decision."""
    return is_minor_on(person.birth_date, timezone.localdate(at))


def prepare_decision(
    decision: Decision,
    *,
    actor: User | None,
    basis_problem: BasisCheck,
    paragraph: Paragraph,
) -> rules.CurrentRules:
    """Fill in what the system knows and refuse what is missing; returns the rule set."""
    rule_set = rules_on(decision.decided_at)
    decision.minor = is_minor(decision.person, decision.decided_at)
    decision.rule_set = rule_set.version
    decision.decided_by = actor
    decision.decided_by_name = actor_name(actor)
    decision.reasons = decision.reasons.strip()
    decision.best_interest = decision.best_interest.strip()
    decision.authorised_by = decision.authorised_by.strip()
    problems = rules.decision_problems(
        reasons=decision.reasons, best_interest=decision.best_interest, minor=decision.minor
    )
    basis = basis_problem(rule_set, decision.minor)
    if basis:
        problems["legal_basis"] = basis
    if not decision.authorised_by:
        problems["authorised_by"] = _("Skriv hvem som besluttet tiltaket (navn og stilling).")
    if decision.start_at > timezone.now():
        problems["start_at"] = _("Tiltaket kan ikke starte fram i tid.")
    if problems:
        raise ValidationError(problems)
    decision.legal_basis_text = paragraph(rule_set, decision.minor)
    refresh_appeal_deadline(decision, told_at=None)
    return rule_set


def appeal_runs_from_end(decision: Decision) -> bool:
    """After the reform, for exclusions and security cell/bed (strgjfl § 7 e, new)."""
    if not rules_of(decision).appeal_from_end:
        return False
    return isinstance(decision, Exclusion) or (
        isinstance(decision, CoerciveMeasure) and decision.kind in PLACEMENT_KINDS
    )


def refresh_appeal_deadline(decision: Decision, *, told_at: datetime | None) -> None:
    """From when the inmate was told (the decision time until a notice says otherwise), or
    from the end of the measure where the reform says so."""
    decision.appeal_deadline_at = rules.appeal_deadline(
        told_at=told_at or decision.decided_at,
        ended_at=decision.end_at,
        runs_from_end=appeal_runs_from_end(decision),
        tz=timezone.get_current_timezone(),
    )


def inmate_told_at(decision: Decision) -> datetime | None:
    notices = decision.notices.filter(recipient=Recipient.INMATE)  # type: ignore[attr-defined]
    first = notices.order_by("at").first()
    return first.at if first else None
