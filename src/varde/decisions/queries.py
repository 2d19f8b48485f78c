"""Scoped reads of applications, decisions and appeals; the worklist, the processing-time
statistics; the victims registered for a person and the notices due to them.

Views and the API reach applications only through these functions: an application is
visible when its person is (``Person.objects.visible_to``). Victim contact data is stricter:
only the case-handling roles of a unit responsible for the person (``can_handle_victims``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.decisions import rules
from varde.decisions.choices import (
    OPEN_APPEAL_STATUSES,
    OPEN_STATUSES,
    ApplicationKind,
    Level,
    NoticeEvent,
    Outcome,
)
from varde.decisions.models import (
    Appeal,
    Application,
    DeadlineSetting,
    Decision,
    Forwarding,
    VictimContact,
    VictimNotice,
)
from varde.organisation.choices import Role, Scope
from varde.organisation.models import Unit
from varde.people.models import Person
from varde.sentencing.choices import Reaction

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.sentencing.models import Judgment

# Open applications due within this many days are shown as "due soon" on the worklist.
DUE_SOON_DAYS = 7
# Victim notices: movements from this many days back (late ones still due) and ahead.
NOTICE_LOOKBACK_DAYS = 14
NOTICE_HORIZON_DAYS = 60
# Roles that handle victims' contact data (not prison officers, regions or administrators).
VICTIM_ROLES = frozenset({Role.PRISON_CASE_WORKER, Role.PROBATION_OFFICER, Role.UNIT_LEADER})


# --- applications ----------------------------------------------------------------------------


def applications_visible_to(user: User) -> QuerySet[Application]:
    """Applications of the persons ``user`` may see."""
    return Application.objects.filter(person__in=Person.objects.visible_to(user))


def _with_history(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related(
        "person", "unit", "unit__region", "target_unit", "judgment", "decision", "decision__appeal"
    ).prefetch_related(Prefetch("forwardings", queryset=Forwarding.objects.order_by("pk")))


def get_application_for_user(user: User, application_id: int) -> Application:
    """The application, if the user may see its person; 404 otherwise."""
    found = _with_history(applications_visible_to(user)).filter(pk=application_id).first()
    if found is None:
        raise Http404
    return found


def person_applications(person: Person) -> list[Application]:
    """A person's applications, newest first (the person was reached by a scoped read)."""
    return list(
        Application.objects.filter(person=person).select_related(
            "unit", "decision", "decision__appeal"
        )
    )


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    return Decision.objects.filter(application__in=applications_visible_to(user))


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    return Appeal.objects.filter(decision__application__in=applications_visible_to(user))


def deadline_versions() -> list[rules.DeadlineVersion]:
    """The stored versions of the processing-deadline table."""
    return [
        rules.DeadlineVersion(s.kind, s.days, s.valid_from, s.source)
        for s in DeadlineSetting.objects.all()
    ]


def deadline_table(day: date) -> list[tuple[str, rules.DeadlineVersion]]:
    """(kind label, version in force on ``day``) for every kind."""
    versions = deadline_versions()
    return [
        (str(label), rules.processing_days(kind, day, versions))
        for kind, label in ApplicationKind.choices
    ]


# --- routing facts ---------------------------------------------------------------------------


def handling_unit(person: Person) -> Unit | None:
    """The unit that handles the person's applications: the unit of the open stay, else the
    unit with the newest open responsibility (a probation office for those in the
    community)."""
    from varde.execution.queries import current_stay

    stay = current_stay(person)
    if stay is not None:
        return stay.unit
    responsibility = (
        person.responsibilities.filter(date_to__isnull=True)
        .select_related("unit")
        .order_by("-date_from", "-pk")
        .first()
    )
    return responsibility.unit if responsibility else None


def current_judgment(person: Person) -> Judgment | None:
    """The judgment being served: the open stay's, else the newest open judgment."""
    from varde.execution.queries import current_stay
    from varde.sentencing.choices import OPEN_STATUSES as OPEN_JUDGMENTS

    stay = current_stay(person)
    if stay is not None and stay.judgment is not None:
        return stay.judgment
    return person.judgments.filter(status__in=OPEN_JUDGMENTS).order_by("-received_on").first()


def over_ten_years(judgment: Judgment | None) -> bool:
    """strgjfl § 6 second para: "idømt fengselsstraff på mer enn ti år"."""
    if judgment is None or judgment.reaction != Reaction.PRISON:
        return False
    return (judgment.term_years, judgment.term_months, judgment.term_days) > (10, 0, 0)


def minor_children(person: Person, day: date) -> int:
    """How many of the person's registered children are under 18 on ``day``."""
    return sum(1 for r in person.relatives.all() if r.is_minor_on(day))


def is_minor(person: Person, day: date) -> bool:
    from varde.people.rules import is_minor_on

    return is_minor_on(person.birth_date, day)


def _earlier_leave_without_failure(person: Person) -> bool:
    """fsg § 2-1 second para: a superior level granted ordinary leave before and it went
    without failure (no failure to return registered since)."""
    from varde.execution.choices import AbsenceKind
    from varde.execution.models import Absence

    superior_leave = Decision.objects.filter(
        application__person=person,
        application__kind=ApplicationKind.LEAVE,
        outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED],
        level__in=[Level.REGION, Level.KDI],
    ).order_by("decided_at")
    first = superior_leave.first()
    if first is None:
        return False
    return not Absence.objects.filter(
        stay__person=person, kind=AbsenceKind.FAILURE_TO_RETURN, from_at__gte=first.decided_at
    ).exists()


def routing_facts(
    person: Person,
    *,
    kind: str,
    judgment: Judgment | None,
    unit: Unit,
    target_unit: Unit | None,
    dispensation: bool,
    day: date,
) -> rules.RoutingFacts:
    """The facts ``rules.route`` needs, read from the judgment, the stay and the history.
    A unit with particularly high security is not modelled yet (always False)."""
    from varde.execution.queries import current_stay
    from varde.organisation.choices import SecurityLevel

    long = over_ten_years(judgment)
    forvaring = judgment is not None and judgment.reaction == Reaction.PREVENTIVE_DETENTION
    stay = current_stay(person)
    lower = stay is not None and stay.security_level != SecurityLevel.HIGH
    return rules.RoutingFacts(
        kind=kind,
        over_ten_years=long,
        preventive_detention=forvaring,
        under_18=is_minor(person, day),
        transfer_to_other_region=target_unit is not None
        and target_unit.region_id != unit.region_id,
        dispensation=dispensation,
        # For over ten years every move to lower security is the region's (§ 6 second para).
        lower_security_by_superior=long and lower,
        earlier_leave_by_superior_without_failure=long
        and kind == ApplicationKind.LEAVE
        and _earlier_leave_without_failure(person),
    )


# --- worklist --------------------------------------------------------------------------------


def own_units(user: User) -> QuerySet[Unit]:
    """The user's unit and its departments."""
    return Unit.objects.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))


def acts_at(user: User, level: str, application: Application) -> bool:
    """Whether ``user`` handles cases lying at ``level`` for this application's unit: its
    own staff (local), its region's officers (region), national staff (KDI)."""
    own = rules.actor_level(user.role, user.scope)
    if level == Level.MINISTRY:  # the ministry's decision is recorded by the directorate
        return own == Level.KDI
    if own != level:
        return False
    if level == Level.LOCAL:
        return own_units(user).filter(pk=application.unit_id).exists()
    if level == Level.REGION:
        return bool(user.region_id) and user.region_id == application.unit.region_id
    return True


def _at_users_level(applications: QuerySet[Application], user: User) -> QuerySet[Application]:
    """Applications lying at the user's level and place: their unit (local), their region,
    or the directorate (national)."""
    level = rules.actor_level(user.role, user.scope)
    if level == Level.LOCAL and user.unit_id:
        return applications.filter(level=Level.LOCAL, unit__in=own_units(user))
    if level == Level.REGION and user.region_id:
        return applications.filter(level=Level.REGION, unit__region_id=user.region_id)
    if level == Level.KDI:
        return applications.filter(level__in=[Level.KDI, Level.MINISTRY])
    if user.scope == Scope.UNIT and user.unit_id:  # read-only roles see their unit's list
        return applications.filter(level=Level.LOCAL, unit__in=own_units(user))
    return applications.none()


@dataclass
class WorkRow:
    """One open application on the worklist and what needs attention."""

    application: Application
    days_left: int
    overdue: bool
    interim_reply_late: bool

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0


@dataclass
class Worklist:
    overdue: list[WorkRow] = field(default_factory=list)
    due_soon: list[WorkRow] = field(default_factory=list)
    later: list[WorkRow] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)
    copies: list[Decision] = field(default_factory=list)  # under 18 (strgjfl § 6 third para)

    @property
    def open_count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.later)


def work_row(application: Application, today: date) -> WorkRow:
    return WorkRow(
        application=application,
        days_left=(application.deadline - today).days,
        overdue=application.deadline < today,
        interim_reply_late=application.interim_reply_on is None
        and application.interim_reply_due < today,
    )


def worklist(user: User, today: date | None = None) -> Worklist:
    """Open applications at the user's level, split into overdue (deadline passed), due
    within ``DUE_SOON_DAYS`` and later, soonest deadline first; open appeals lying at the
    user's level; for the region, copies of local decisions on children in the last 30 days."""
    today = today or timezone.localdate()
    visible = applications_visible_to(user)
    open_applications = (
        _at_users_level(visible.filter(status__in=OPEN_STATUSES), user)
        .select_related("person", "unit")
        .order_by("deadline", "pk")
    )
    result = Worklist()
    for application in open_applications:
        row = work_row(application, today)
        if row.overdue:
            result.overdue.append(row)
        elif row.days_left <= DUE_SOON_DAYS:
            result.due_soon.append(row)
        else:
            result.later.append(row)
    result.appeals = list(
        Appeal.objects.filter(
            decision__application__in=visible.filter(status__in=OPEN_APPEAL_STATUSES),
            outcome="",
        )
        .filter(_appeal_at_users_level(user))
        .select_related("decision__application__person", "decision__application__unit")
        .order_by("received_at")
    )
    if user.role == Role.REGIONAL_OFFICER and user.region_id:
        result.copies = list(
            decisions_visible_to(user)
            .filter(
                copy_to_region=True,
                application__unit__region_id=user.region_id,
                decided_at__date__gte=today - timedelta(days=30),
            )
            .select_related("application__person")
        )
    return result


def _appeal_at_users_level(user: User) -> Q:
    level = rules.actor_level(user.role, user.scope)
    if level == Level.LOCAL and user.unit_id:
        return Q(level=Level.LOCAL, decision__application__unit__in=own_units(user))
    if level == Level.REGION and user.region_id:
        return Q(level=Level.REGION, decision__application__unit__region_id=user.region_id)
    if level == Level.KDI:
        return Q(level__in=[Level.KDI, Level.MINISTRY])
    return Q(pk__in=[])


# --- processing-time statistics --------------------------------------------------------------


@dataclass
class StatRow:
    """Processing times of one unit and kind: decided in the period, median days from receipt
    to decision, how many within the deadline; open now and overdue now."""

    unit: str
    kind: str
    decided: int = 0
    within: int = 0
    durations: list[int] = field(default_factory=list)
    open: int = 0
    open_overdue: int = 0

    @property
    def median_days(self) -> float | None:
        return rules.median_days(self.durations)

    @property
    def share_within(self) -> float | None:
        return rules.share(self.within, self.decided)


def units_in_statistics_scope(user: User) -> QuerySet[Unit]:
    """Aggregates only: national users see every unit, regional users their region's,
    unit users their own unit (and departments)."""
    if user.scope == Scope.NATIONAL:
        return Unit.objects.all()
    if user.scope == Scope.REGION and user.region_id:
        return Unit.objects.filter(region_id=user.region_id)
    if user.scope == Scope.UNIT and user.unit_id:
        return own_units(user)
    return Unit.objects.none()


def processing_statistics(user: User, year: int, today: date | None = None) -> list[StatRow]:
    """Per unit and kind: first-instance decisions in ``year`` (median processing days and
    share within the deadline) and applications open now (and overdue now). Two queries of
    narrow rows; the median is taken in Python (SQLite has no median aggregate)."""
    today = today or timezone.localdate()
    units = units_in_statistics_scope(user)
    rows: dict[tuple[str, str], StatRow] = {}
    kinds = dict(ApplicationKind.choices)

    def row(unit_name: str, kind: str) -> StatRow:
        key = (unit_name, kind)
        if key not in rows:
            rows[key] = StatRow(unit_name, str(kinds.get(kind, kind)))
        return rows[key]

    decided = Decision.objects.filter(
        application__unit__in=units, decided_at__year=year
    ).values_list(
        "application__unit__name",
        "application__kind",
        "application__received_on",
        "application__deadline",
        "decided_at",
    )
    for unit_name, kind, received, deadline, decided_at in decided:
        day = timezone.localtime(decided_at).date()
        stat = row(unit_name, kind)
        stat.decided += 1
        stat.durations.append((day - received).days)
        stat.within += rules.within_deadline(day, deadline)
    pending = Application.objects.filter(unit__in=units, status__in=OPEN_STATUSES).values_list(
        "unit__name", "kind", "deadline"
    )
    for unit_name, kind, deadline in pending:
        stat = row(unit_name, kind)
        stat.open += 1
        stat.open_overdue += deadline < today
    return sorted(rows.values(), key=lambda r: (r.unit, r.kind))


def statistics_totals(rows: list[StatRow]) -> StatRow:
    total = StatRow("", "")
    for r in rows:
        total.decided += r.decided
        total.within += r.within
        total.durations.extend(r.durations)
        total.open += r.open
        total.open_overdue += r.open_overdue
    return total


# --- victims and notices ---------------------------------------------------------------------


def can_handle_victims(user: User) -> bool:
    """Victim contact data is for the case handlers of the responsible unit: case-handling
    roles with unit scope (the person must also be visible to them)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in VICTIM_ROLES
        and user.scope == Scope.UNIT
        and user.unit_id
    )


def victim_persons_for(user: User) -> QuerySet[Person]:
    """Persons the user handles victims for (none unless ``can_handle_victims``)."""
    if not can_handle_victims(user):
        return Person.objects.none()
    return Person.objects.visible_to(user)


def victim_contacts_visible_to(user: User) -> QuerySet[VictimContact]:
    return VictimContact.objects.filter(person__in=victim_persons_for(user))


def get_victim_contact_for_user(user: User, contact_id: int) -> VictimContact:
    found = (
        victim_contacts_visible_to(user)
        .select_related("person", "judgment")
        .filter(pk=contact_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def victim_notices_visible_to(user: User) -> QuerySet[VictimNotice]:
    return VictimNotice.objects.filter(contact__in=victim_contacts_visible_to(user))


def person_victim_contacts(person: Person) -> list[VictimContact]:
    """The person's victim registrations with their notices (caller checked access)."""
    return list(
        VictimContact.objects.filter(person=person)
        .select_related("judgment")
        .prefetch_related(Prefetch("notices", queryset=VictimNotice.objects.order_by("-sent_at")))
    )


def active_contacts(person: Person, day: date) -> list[VictimContact]:
    return [
        c
        for c in VictimContact.objects.filter(person=person).select_related("judgment")
        if rules.contact_active(c.consent_on, c.withdrawn_on, day)
    ]


@dataclass(frozen=True)
class Movement:
    """A movement of the convicted person that victims may have to be told about."""

    event: str
    day: date
    source: str

    @property
    def label(self) -> str:
        return str(NoticeEvent(self.event).label)


@dataclass
class DueNotice:
    """A notice to send: to whom, about what, by when, on which paragraph."""

    contact: VictimContact
    movement: Movement
    rule: rules.NoticeRule
    overdue: bool

    @property
    def person(self) -> Person:
        return self.contact.person


def _already_sent(contacts: list[VictimContact]) -> set[tuple[int, str, date]]:
    return set(
        VictimNotice.objects.filter(contact__in=contacts).values_list(
            "contact_id", "event", "event_day"
        )
    )


def notices_due_for(person: Person, event_kind: str, when: date | datetime) -> list[DueNotice]:
    """The hook for movements: who must be told about ``event_kind`` (a ``NoticeEvent``
    code) happening ``when``, and has not been told yet. Empty when the law names no notice
    for the event or nobody has asked. Reads only; marking a notice sent is
    ``actions.do_register_victim_notice``. Call it from any action that moves a person (leave,
    day release, execution outside prison, parole, release, escape)."""
    rule = rules.notice_rule(event_kind)
    if rule is None:
        return []
    day = timezone.localtime(when).date() if isinstance(when, datetime) else when
    contacts = active_contacts(person, day)
    sent = _already_sent(contacts)
    today = timezone.localdate()
    movement = Movement(event_kind, day, "")
    return [
        DueNotice(c, movement, rule, rules.notice_overdue(rule, day, today))
        for c in contacts
        if (c.pk, event_kind, day) not in sent
    ]


def _local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


def movements_of(person: Person, first: date, last: date) -> list[Movement]:
    """Movements between ``first`` and ``last`` read from the execution data (absences,
    releases, expected full-term release of the open stay), from granted applications (with
    the day applied for) and from community cases (EK, § 16, parole). One per event and
    day: the granted leave and the absence it becomes are the same movement."""
    from varde.execution.models import Absence, Stay

    found: dict[tuple[str, date], Movement] = {}

    def add(event: str | None, day: date | None, source: str) -> None:
        if event and day and first <= day <= last:
            found.setdefault((event, day), Movement(event, day, source))

    for absence in Absence.objects.filter(
        stay__person=person, kind__in=list(rules.NOTICE_FOR_ABSENCE)
    ).order_by("from_at"):
        add(
            rules.NOTICE_FOR_ABSENCE[absence.kind],
            _local_day(absence.from_at),
            str(absence.get_kind_display()),
        )
    for stay in Stay.objects.filter(person=person, release_type__in=list(rules.NOTICE_FOR_RELEASE)):
        if stay.released_at is not None:
            add(
                rules.NOTICE_FOR_RELEASE[stay.release_type],
                _local_day(stay.released_at),
                str(stay.get_release_type_display()),
            )
    for application in Application.objects.filter(
        person=person,
        kind__in=list(rules.NOTICE_FOR_APPLICATION),
        decision__outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED],
    ):
        add(
            rules.NOTICE_FOR_APPLICATION[application.kind],
            application.requested_from,
            f"{application.get_kind_display()} ({_('innvilget søknad')})",
        )
    _community_movements(person, add)
    _expected_release(person, add)
    return sorted(found.values(), key=lambda m: (m.day, m.event))


AddMovement = Callable[[str | None, date | None, str], None]


def _community_movements(person: Person, add: AddMovement) -> None:
    from varde.community.queries import person_cases

    for case in person_cases(person):
        event = rules.NOTICE_FOR_COMMUNITY_CASE.get(case.kind)
        add(event, case.start, str(case.get_kind_display()))


def _expected_release(person: Person, add: AddMovement) -> None:
    """The open sentence stay's end of sentence (full-term release), from the key dates."""
    from varde.execution.queries import current_stay, execution_facts
    from varde.sentencing.choices import KeyDateField
    from varde.sentencing.queries import key_dates_for

    stay = current_stay(person)
    if stay is None or stay.judgment is None or stay.judgment.reaction != Reaction.PRISON:
        return
    start, periods = execution_facts(stay.judgment)
    dates = key_dates_for(stay.judgment, start=start, non_counting_periods=periods)
    end = dates.get(KeyDateField.END_OF_SENTENCE)
    if end is not None and end.value is not None:
        add(rules.NOTICE_FOR_RELEASE["full_term"], end.value, _("Endt tid (beregnet)"))


def notice_worklist(user: User, today: date | None = None) -> list[DueNotice]:
    """Notices to send for the persons whose victims the user handles: every movement from
    ``NOTICE_LOOKBACK_DAYS`` back to ``NOTICE_HORIZON_DAYS`` ahead that an active registration
    has not been told about; late ones first, then by day."""
    today = today or timezone.localdate()
    first, last = (
        today - timedelta(days=NOTICE_LOOKBACK_DAYS),
        today + timedelta(days=NOTICE_HORIZON_DAYS),
    )
    contacts = list(
        victim_contacts_visible_to(user)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
        .select_related("person", "judgment")
    )
    by_person: dict[int, list[VictimContact]] = defaultdict(list)
    for contact in contacts:
        by_person[contact.person_id].append(contact)
    sent = _already_sent(contacts)
    due: list[DueNotice] = []
    for person_contacts in by_person.values():
        person = person_contacts[0].person
        for movement in movements_of(person, first, last):
            rule = rules.notice_rule(movement.event)
            if rule is None:
                continue
            for contact in person_contacts:
                if (contact.pk, movement.event, movement.day) in sent:
                    continue
                if not rules.contact_active(contact.consent_on, contact.withdrawn_on, today):
                    continue
                due.append(
                    DueNotice(
                        contact, movement, rule, rules.notice_overdue(rule, movement.day, today)
                    )
                )
    return sorted(due, key=lambda d: (not d.overdue, d.movement.day, d.contact.name))
