"""Scoped reads of judgments, and their key dates.

Judgments are reached only through the persons the user may see (``people.queries``).

Key dates are never stored: :func:`key_dates_for` computes them from the current facts on each
read (the engine does more than 100 000 sentences a second), so they are recalculated
automatically whenever something that moves them is registered — a stay's start, an escape or
interruption (a non-counting period), a new judgment combined into the term, a changed credit.
Only manual overrides (``DateOverride``) are stored; they replace the computed date and are
marked as overridden, with the computed date and its explanation still shown beside them.

The start of execution comes from the execution app (the admission of the stay that serves the
judgment). Until a stay exists, the expected start is the later of the date the judgment became
final and the date the service received it, labelled "forventet". The execution app calls::

    key_dates_for(judgment, start=stay.admitted_on, non_counting_periods=[
        NonCountingPeriod.between(first, last, ABSENCE), ...
    ], continuous_custody_from=remand_start)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from varde.people.models import Person
from varde.people.queries import get_person_for_user
from varde.sentencing.actions import (
    execution_of,
    expected_start_of,
    frame_of,
    minimum_of,
    term_of,
)
from varde.sentencing.calc import conventions, today_in_oslo
from varde.sentencing.choices import (
    CUSTODIAL_REACTIONS,
    OPEN_STATUSES,
    PREVENTIVE_REACTIONS,
    JudgmentStatus,
    KeyDateField,
    Reaction,
)
from varde.sentencing.models import DateOverride, Judgment
from varde.sentencing.rules.dates import Term
from varde.sentencing.rules.explain import SentenceFacts, TraceEntry
from varde.sentencing.rules.merge import merged_total_days
from varde.sentencing.rules.reactions import (
    community_dates,
    explain_community,
    explain_forvaring,
    period_end,
)
from varde.sentencing.rules.recalc import NonCountingPeriod
from varde.sentencing.rules.registry import forvaring_rule, sentence_rules
from varde.sentencing.rules.sentence import ADULT_AGE, BOT_SUBSIDIAER, FENGSEL

if TYPE_CHECKING:
    from varde.organisation.models import User

RK_EXECUTION = Term(months=10)  # RK-forskriften § 8: 10 months unless the court sets longer
ENGINE_REACTION = {Reaction.PRISON: FENGSEL, Reaction.FINE_DEFAULT: BOT_SUBSIDIAER}
SENTENCE_FIELDS = (
    KeyDateField.END_OF_SENTENCE,
    KeyDateField.TWO_THIRDS,
    KeyDateField.HALF,
    KeyDateField.ONE_THIRD,
    KeyDateField.LEAVE,
    KeyDateField.EK_PARTIAL,
)


# --- scoped reads ----------------------------------------------------------------------------


def judgments_visible_to(user: User) -> QuerySet[Judgment]:
    """Judgments of the persons ``user`` may see."""
    return Judgment.objects.filter(person__in=Person.objects.visible_to(user))


def judgments_of(person: Person) -> QuerySet[Judgment]:
    """A person's judgments, newest first (the person has been reached through a scoped read)."""
    return Judgment.objects.filter(person=person).select_related("combined_with")


def get_judgment_for_user(user: User, person_id: int, judgment_id: int) -> Judgment:
    """The judgment, if the user may see its person; 404 otherwise."""
    person = get_person_for_user(user, person_id)
    judgment = (
        judgments_of(person)
        .prefetch_related(Prefetch("overrides", queryset=DateOverride.objects.order_by("field")))
        .filter(pk=judgment_id)
        .first()
    )
    if judgment is None:
        raise Http404
    return judgment


def combinable_with(judgment_or_person: Judgment | Person) -> QuerySet[Judgment]:
    """Open prison judgments of the person that another may join as principal (fsg § 3-2)."""
    if isinstance(judgment_or_person, Judgment):
        person_id = judgment_or_person.person_id
        exclude = judgment_or_person.pk
    else:
        person_id, exclude = judgment_or_person.pk, None
    found = Judgment.objects.filter(
        person_id=person_id,
        reaction=Reaction.PRISON,
        combined_with__isnull=True,
        status__in=OPEN_STATUSES,
    )
    return found.exclude(pk=exclude) if exclude else found


# --- key dates -------------------------------------------------------------------------------


@dataclass
class KeyDate:
    """One key date: the computed value, and the override that replaces it (if any)."""

    field: str
    label: str
    computed: date | None
    trace: list[TraceEntry]
    override: DateOverride | None = None

    @property
    def value(self) -> date | None:
        return self.override.date if self.override else self.computed

    @property
    def overridden(self) -> bool:
        return self.override is not None


@dataclass
class KeyDates:
    """Key dates of a judgment (of its whole term when combined), with the Norwegian trace."""

    start: date
    start_expected: bool
    dates: list[KeyDate] = field(default_factory=list)
    facts: list[TraceEntry] = field(default_factory=list)  # term, EK and other entries
    total_days: int | None = None
    parole_ordinary: bool | None = None
    ek_full_possible: bool | None = None
    combined: list[Judgment] = field(default_factory=list)
    problem: str = ""

    @property
    def start_label(self) -> str:
        return _("forventet") if self.start_expected else _("faktisk")

    def get(self, name: str) -> KeyDate | None:
        return next((d for d in self.dates if d.field == name), None)


def _group(judgment: Judgment) -> list[Judgment]:
    """The judgments served in the judgment's term: its principal first, then the others."""
    if judgment.reaction != Reaction.PRISON:
        return [judgment]
    principal = judgment.combined_with or judgment
    if "combined_members" in getattr(principal, "_prefetched_objects_cache", {}):
        # Prefetched by a list (execution.progression): no query per judgment.
        found = [
            j for j in principal.combined_members.all() if j.status != JudgmentStatus.CANCELLED
        ]
        return [principal, *sorted(found, key=lambda j: (j.received_on, j.pk))]
    members = Judgment.objects.filter(combined_with_id=principal.pk).exclude(
        status=JudgmentStatus.CANCELLED
    )
    return [principal, *members.order_by("received_on", "pk")]


def _age_on(person: Person, day: date) -> int | None:
    born = person.birth_date
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _sentence_dates(
    judgment: Judgment,
    start: date,
    periods: Sequence[NonCountingPeriod],
    custody_from: date | None,
    result: KeyDates,
) -> dict[str, tuple[date | None, list[TraceEntry]]]:
    """fsg §§ 3-2, 3-3; strgjfl §§ 16 a, 42: the prison-term engine over the judgment's term."""
    conv = conventions()
    rules = sentence_rules(today_in_oslo())
    group = _group(judgment)
    if len(group) > 1:
        result.combined = group
    terms = [term_of(j) for j in group]
    credited = sum(j.credited_days for j in group)
    offences = tuple(code for j in group for code in [j.main_offence, *j.other_offences])
    age = _age_on(judgment.person, start)
    under_18 = age is not None and age < ADULT_AGE
    reaction = ENGINE_REACTION[Reaction(judgment.reaction)]
    begin = start.toordinal()
    total = merged_total_days(begin, terms, conv)
    if credited >= total:
        result.problem = _(
            "Varetektsfradraget dekker hele straffen: personen skal løslates (fsg § 4-4)."
        )
        return {}
    custody = custody_from.toordinal() if custody_from else begin
    common = (custody, reaction, under_18, offences, conv)
    broken = None
    if periods:
        dates, shifts, restarted = rules.recalculate(begin, total, credited, periods, *common)
        broken = restarted if restarted != custody else None
    else:
        dates = rules.compute(begin, total, credited, 0, *common)
        shifts = {}
    facts = SentenceFacts(
        begin, terms, credited, custody, reaction, under_18, offences, shifts, broken
    )
    trace = rules.explain(facts, dates, conv)
    result.total_days = dates.total_days
    result.parole_ordinary = dates.parole_ordinary
    result.ek_full_possible = dates.ek_full_possible
    result.facts = [e for e in trace if e["field"] not in SENTENCE_FIELDS]
    ordinals = {
        KeyDateField.END_OF_SENTENCE: dates.end_of_sentence,
        KeyDateField.TWO_THIRDS: dates.two_thirds,
        KeyDateField.HALF: dates.half,
        KeyDateField.ONE_THIRD: dates.one_third,
        KeyDateField.LEAVE: dates.leave_eligible_from,
        KeyDateField.EK_PARTIAL: dates.ek_partial_from,
    }
    return {
        name: (
            None if value is None else date.fromordinal(value),
            [e for e in trace if e["field"] == name],
        )
        for name, value in ordinals.items()
    }


def _forvaring_dates(
    judgment: Judgment, start: date
) -> dict[str, tuple[date | None, list[TraceEntry]]]:
    """strl §§ 43-44; forvaringsforskriften §§ 5, 9, 11."""
    conv = conventions()
    begin = start.toordinal()
    frame, minimum = frame_of(judgment), minimum_of(judgment)
    dates = forvaring_rule(today_in_oslo())(begin, frame, minimum, judgment.credited_days, conv)
    trace = explain_forvaring(begin, frame, minimum, judgment.credited_days, dates, conv)
    return {
        name: (
            None if value is None else date.fromordinal(value),
            [e for e in trace if e["field"] == name],
        )
        for name, value in dates._asdict().items()
    }


def _community_dates(
    judgment: Judgment, start: date
) -> dict[str, tuple[date | None, list[TraceEntry]]]:
    """strl §§ 49, 52, 83."""
    conv = conventions()
    begin = start.toordinal()
    execution = execution_of(judgment)
    dates = community_dates(
        begin, term_of(judgment), judgment.hours, execution, judgment.credited_days, conv
    )
    trace = explain_community(
        begin, term_of(judgment), judgment.hours, execution, judgment.credited_days, dates
    )
    return {
        KeyDateField.EXECUTION_END: (
            date.fromordinal(dates.execution_period_ends_on),
            trace[:1],
        ),
        KeyDateField.CONVERSION_DEADLINE: (date.fromordinal(dates.conversion_deadline), trace[1:]),
    }


def _period_dates(
    judgment: Judgment, start: date
) -> dict[str, tuple[date | None, list[TraceEntry]]]:
    """RK, ND, fine service, youth sentence: the end of the execution or probation period."""
    begin = start.toordinal()
    found: dict[str, tuple[date | None, list[TraceEntry]]] = {}
    execution = execution_of(judgment)
    if execution is None and judgment.reaction == Reaction.RK_PROGRAMME:
        execution = RK_EXECUTION
    if execution is not None:
        ends, entry = period_end(
            begin,
            execution,
            KeyDateField.EXECUTION_END,
            "RK-forskriften § 8; strgjfl § 16 b; strl § 52 b",
            _("Gjennomføringstiden"),
            conventions(),
        )
        found[KeyDateField.EXECUTION_END] = (date.fromordinal(ends), [entry])
    if judgment.probation_years:
        ends, entry = period_end(
            begin,
            Term(years=judgment.probation_years),
            KeyDateField.PROBATION_END,
            "strl § 34",
            _("Prøvetiden"),
            conventions(),
        )
        found[KeyDateField.PROBATION_END] = (date.fromordinal(ends), [entry])
    return found


def expected_start(judgment: Judgment) -> date:
    """The expected start of a judgment not yet started (of its principal when combined)."""
    return expected_start_of(judgment.combined_with or judgment)


def key_dates_for(
    judgment: Judgment,
    *,
    non_counting_periods: Sequence[NonCountingPeriod] = (),
    start: date | None = None,
    continuous_custody_from: date | None = None,
) -> KeyDates:
    """The judgment's key dates from the rules engine, with overrides applied and marked.

    ``start``: the first day of execution (the admission of the stay); without it the expected
    start (see the module docstring). ``non_counting_periods``: time that does not count as
    sentence time (fsg § 3-3). ``continuous_custody_from``: custody leading into the sentence
    (remand), for the leave date (fsg § 3-30 fifth para).
    """
    result = KeyDates(start=start or expected_start(judgment), start_expected=start is None)
    reaction = judgment.reaction
    if reaction in CUSTODIAL_REACTIONS:
        computed = _sentence_dates(
            judgment, result.start, non_counting_periods, continuous_custody_from, result
        )
    elif reaction in PREVENTIVE_REACTIONS:
        computed = _forvaring_dates(judgment, result.start)
    elif reaction == Reaction.COMMUNITY_SENTENCE:
        computed = _community_dates(judgment, result.start)
    else:
        computed = _period_dates(judgment, result.start)
    overrides = {o.field: o for o in judgment.overrides.all()}
    labels = dict(KeyDateField.choices)
    for name, (value, trace) in computed.items():
        result.dates.append(
            KeyDate(str(name), str(labels[name]), value, trace, overrides.pop(str(name), None))
        )
    for name, override in overrides.items():  # an override of a date the engine gives none
        result.dates.append(KeyDate(name, str(labels.get(name, name)), None, [], override))
    return result
