"""The clocks feed the deviation register: one deviation per passed deadline, never two.

``sync_deviations(today)`` looks at every exclusion and coercive measure that is open or
ended in the last weeks, evaluates its deadlines as of now (or the end of ``today`` if that
is earlier), and registers a deviation for each deadline passed without the requirement met
in time — overdue, or met too late. Each gets a key (``exclusion:12:kdi_report:2``); a key
that exists (open or closed) is never registered again, so the function may run as often as
wanted: from ``varde safeguards-check`` (cron), from tests, after a batch import. The
Mandela-rule alerts from the time out of cell data are a second source (``alerts.py``),
registered in the same run with keys of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.organisation.choices import Role
from varde.organisation.models import Unit, User
from varde.safeguards import alerts as _alerts
from varde.safeguards import clocks, rules
from varde.safeguards.actions import do_register_deviation
from varde.safeguards.models import CoerciveMeasure, Deviation, Exclusion
from varde.safeguards.queries import decisions_of, live, with_events


@dataclass
class SyncResult:
    checked: int  # decisions evaluated
    created: int  # deviations registered now


def decision_prefix(decision: Exclusion | CoerciveMeasure) -> str:
    """``exclusion:12``: the start of the keys of a decision's deviations."""
    return f"{decisions_of(decision)}:{decision.pk}"


def deviation_key(decision: Exclusion | CoerciveMeasure, requirement: rules.Requirement) -> str:
    return f"{decision_prefix(decision)}:{requirement.key}"


def sync_deviations(today: date | None = None) -> SyncResult:
    """Register a deviation for each passed deadline not yet registered (idempotent)."""
    now = timezone.now()
    as_of = now
    if today is not None:
        end_of_today = datetime.combine(
            today + timedelta(days=1), time(0), tzinfo=timezone.get_current_timezone()
        )
        as_of = min(now, end_of_today)
    decisions: list[Exclusion | CoerciveMeasure] = [
        *with_events(live(Exclusion.objects.all(), as_of)),
        *with_events(live(CoerciveMeasure.objects.all(), as_of)),
    ]
    existing = _existing_keys(decisions)
    created = _alerts.sync_alerts(as_of)  # the Mandela-rule alerts (alerts.py)
    owners: dict[int, User | None] = {}
    for decision in decisions:
        for deadline in clocks.deadlines(decision, as_of):
            key = deviation_key(decision, deadline.requirement)
            if not deadline.passed or key in existing:
                continue
            if decision.unit_id not in owners:
                owners[decision.unit_id] = unit_leader(decision.unit)
            if _register(decision, deadline, key, owners[decision.unit_id], as_of):
                created += 1
            existing.add(key)
    return SyncResult(checked=len(decisions), created=created)


def _existing_keys(decisions: list[Exclusion | CoerciveMeasure]) -> set[str]:
    exclusions = [d.pk for d in decisions if isinstance(d, Exclusion)]
    measures = [d.pk for d in decisions if isinstance(d, CoerciveMeasure)]
    rows = Deviation.objects.exclude(key="").filter(
        exclusion_id__in=exclusions
    ) | Deviation.objects.exclude(key="").filter(measure_id__in=measures)
    return set(rows.values_list("key", flat=True))


def unit_leader(unit: Unit) -> User | None:
    """Who owns automatic deviations: the unit's leader (or its prison's, for a department)."""
    leaders = User.objects.filter(role=Role.UNIT_LEADER, is_active=True).order_by("pk")
    found = leaders.filter(unit=unit).first()
    if found is None and unit.parent_id:
        found = leaders.filter(unit_id=unit.parent_id).first()
    return found


def _register(
    decision: Exclusion | CoerciveMeasure,
    deadline: rules.Deadline,
    key: str,
    owner: User | None,
    as_of: datetime,
) -> bool:
    req = deadline.requirement
    what = (
        _("utelukkelse fra %(start)s")
        if isinstance(decision, Exclusion)
        else _("%(kind)s fra %(start)s")
    ) % {
        "start": f"{timezone.localtime(decision.start_at):%d.%m.%Y %H:%M}",
        "kind": decision.get_kind_display() if isinstance(decision, CoerciveMeasure) else "",
    }
    if deadline.met_at is not None:
        outcome = _("Registrert for sent: %(at)s.") % {
            "at": f"{timezone.localtime(deadline.met_at):%d.%m.%Y %H:%M}"
        }
    elif req.action == rules.END:
        outcome = _("Tiltaket varer fortsatt.")
    else:
        outcome = _("Ikke registrert.")
    description = _(
        "%(what)s: «%(label)s» (%(paragraph)s) skulle vært gjort innen %(due)s. %(outcome)s"
    ) % {
        "what": what[:1].upper() + what[1:],
        "label": req.label,
        "paragraph": req.paragraph,
        "due": f"{timezone.localtime(req.due_at):%d.%m.%Y %H:%M}",
        "outcome": outcome,
    }
    try:
        with transaction.atomic():
            do_register_deviation(
                decision.unit,
                title=_("Ikke gjort i tide: %(label)s (%(paragraph)s)")
                % {"label": req.label, "paragraph": req.paragraph},
                description=description,
                due_on=rules.deviation_due(timezone.localdate(as_of)),
                person=decision.person,
                owner=owner,
                source=rules.deviation_source_for(deadline),
                key=key,
                exclusion=decision if isinstance(decision, Exclusion) else None,
                measure=decision if isinstance(decision, CoerciveMeasure) else None,
                actor=None,
            )
    except IntegrityError:  # registered by a run in parallel
        return False
    return True
