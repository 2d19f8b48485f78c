"""Pure rules for exclusion from company and coercive measures: what the law requires by
when (the clocks), which grounds a decision may use, the appeal deadline, and the daily
minimum of meaningful human contact. Plain values in, plain values out; no ORM, no
request, no settings.

Two rule sets, selected by date (ARCHITECTURE.md convention 1):

* ``CURRENT`` — strgjfl §§ 37, 38, 39 as in force (rules.md §§ 8.1-8.2);
* ``REFORM_2026`` — lov 2026-05-12-18 (rules.md § 8.3), adopted but not in force: its
  ``in_force_from`` is None until the royal decree; an operator may pin a date
  (``rule_set_on(day, reform_from=...)``, setting ``VARDE_ISOLATION_REFORM_FROM``).

A measure follows the rule set in force when it began (its decision), for its whole life.

The clock model: a rule set turns a measure (start, ground or kind, full or partial, minor or
not) into ``Requirement``s. A requirement *applies* when the measure lasts beyond its
``trigger_at`` ("overstiger"); it is *due* at ``due_at`` (trigger + grace) and is fulfilled by
an event of the right kind (a notice to the region, a review by KDI, ...) at or after
``opens_at``. ``evaluate`` matches events to requirements in due order, each event used once
per kind of requirement, and gives each a state: met, late, overdue or upcoming.

Readings that the law leaves open (🟡, to confirm with KDI; docs/developers/safeguards.md):
"omgående/umiddelbart/straks" = within 1 hour; "uten ugrunnet opphold" = within 24 hours; a
report when an exclusion passes a threshold counted in days is due within 24 hours of it, one
counted in hours (security cell and bed) within 1 hour; a decision on continuation
("ta stilling til", "ny vurdering", "ny beslutning") is due when the threshold is reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from varde.safeguards.choices import DeviationSource, Extent, MeasureBasis, MeasureKind
from varde.safeguards.choices import ExclusionGround as G
from varde.sentencing.rules.dates import add_months

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
IMMEDIATELY = HOUR  # omgående, umiddelbart, straks
WITHOUT_UNDUE_DELAY = 24 * HOUR  # uten ugrunnet opphold
REPORT_GRACE_DAYS = 24 * HOUR  # a report once an exclusion passes N days
REPORT_GRACE_HOURS = HOUR  # a report once a security cell/bed passes N hours or døgn
APPEAL_DAYS = 7  # strgjfl § 7 e
APPEAL_HOURS_BREACH = 48  # strgjfl § 7 e: reactions to breaches (§ 40 first-sixth para)
CONTACT_MINUTES = 120  # meaningful human contact a day (Mandela rule 44; lov 2026 § 17)
DEVIATION_DUE_DAYS = 7  # an automatic deviation is to be followed up within a week

# Kinds of events that fulfil requirements: a notice to someone, a review by a level.
NOTIFY_DOCTOR = "notice:doctor"
NOTIFY_HEALTH = "notice:health_service"
NOTIFY_REGION = "notice:region"
NOTIFY_KDI = "notice:kdi"
NOTIFY_GUARDIAN = "notice:guardian"
REVIEW_UNIT = "review:unit"
REVIEW_REGION = "review:region"
REVIEW_KDI = "review:kdi"
END = "end"  # a cap: the measure must have ended
# Which recorded events count for which requirement: a higher level's review counts for a
# lower level's, and a region that reviews has been told.
ACCEPTS: dict[str, frozenset[str]] = {
    NOTIFY_DOCTOR: frozenset({NOTIFY_DOCTOR}),
    NOTIFY_HEALTH: frozenset({NOTIFY_HEALTH, NOTIFY_DOCTOR}),
    NOTIFY_REGION: frozenset({NOTIFY_REGION, REVIEW_REGION}),
    NOTIFY_KDI: frozenset({NOTIFY_KDI, REVIEW_KDI}),
    NOTIFY_GUARDIAN: frozenset({NOTIFY_GUARDIAN}),
    REVIEW_UNIT: frozenset({REVIEW_UNIT, REVIEW_REGION, REVIEW_KDI}),
    REVIEW_REGION: frozenset({REVIEW_REGION, REVIEW_KDI}),
    REVIEW_KDI: frozenset({REVIEW_KDI}),
    END: frozenset(),
}
HEALTH_ACTIONS = frozenset({NOTIFY_DOCTOR, NOTIFY_HEALTH})

MET, LATE, OVERDUE, UPCOMING = "met", "late", "overdue", "upcoming"

PREVENTIVE = frozenset(
    {G.PREVENTIVE_A, G.PREVENTIVE_B, G.PREVENTIVE_C, G.PREVENTIVE_D, G.PREVENTIVE_E}
)
INMATE_RELATED = frozenset(
    {G.INMATE_SELF_HARM, G.INMATE_HARM_OTHERS, G.INMATE_DAMAGE, G.INMATE_INFLUENCE}
)

# Labels of the requirements (Norwegian source strings; shown in worklists and deviations).
L_DOCTOR = gettext_lazy("Varsle lege")
L_DOCTOR_STATEMENT = gettext_lazy("Innhente uttalelse fra lege")
L_HEALTH = gettext_lazy("Varsle kommunal helse- og omsorgstjeneste")
L_GUARDIAN = gettext_lazy("Underrette verge")
L_REGION_NOW = gettext_lazy("Melde til regionalt nivå omgående")
L_REGION_REPORT = gettext_lazy("Melde til regionalt nivå")
L_REGION_DECIDES = gettext_lazy("Regionalt nivå tar stilling til fortsatt utelukkelse")
L_REGION_REVIEW = gettext_lazy("Regionalt nivå vurderer saken på nytt")
L_REGION_EXTENDS = gettext_lazy("Regionalt nivå tar stilling til forlengelse")
L_REGION_CONTINUES = gettext_lazy("Melde til regionalt nivå, som tar stilling til fortsettelse")
L_REGION_REASSESSES = gettext_lazy("Regionalt nivå vurderer tiltaket på nytt")
L_KDI_REPORT = gettext_lazy("Melde til Kriminalomsorgsdirektoratet")
L_KDI_DECIDES = gettext_lazy("Kriminalomsorgsdirektoratet tar stilling til fortsatt utelukkelse")
L_RENEWAL = gettext_lazy("Ny beslutning om fortsatt tiltak")
L_RENEWAL_REGION = gettext_lazy("Ny beslutning av regionalt nivå")
L_CAP = gettext_lazy("Avslutte innen lengste tillatte varighet")


@dataclass(frozen=True)
class Requirement:
    """One thing the law requires by a deadline while a measure lasts."""

    code: str
    index: int  # 0 for a one-off requirement; 1, 2, ... for repeated ones
    action: str  # the kind of event that fulfils it (``ACCEPTS``), or END for a cap
    trigger_at: datetime  # applies only if the measure lasts beyond this moment
    due_at: datetime
    opens_at: datetime  # events before this do not count
    label: str
    paragraph: str

    @property
    def key(self) -> str:
        """Stable within a measure: ``kdi_report:2`` is the second report to KDI."""
        return f"{self.code}:{self.index}" if self.index else self.code


@dataclass(frozen=True)
class Deadline:
    """A requirement and how it stands at ``as_of``."""

    requirement: Requirement
    state: str  # MET, LATE, OVERDUE, UPCOMING
    met_at: datetime | None

    @property
    def passed(self) -> bool:
        """The deadline passed without the requirement being met in time."""
        return self.state in (LATE, OVERDUE)

    @property
    def open(self) -> bool:
        """Still to be done (upcoming or overdue)."""
        return self.state in (UPCOMING, OVERDUE)


@dataclass(frozen=True)
class Spec:
    """A kind of requirement: its code, what fulfils it, its label and the grace allowed
    after the moment that triggers it."""

    code: str
    action: str
    label: Promise | str
    grace: timedelta = timedelta(0)

    def at(self, start: datetime, after: timedelta, paragraph: str) -> Requirement:
        """Once, when the measure has lasted ``after`` (0: from the start)."""
        return self._make(0, start + after, start, paragraph)

    def every(
        self, start: datetime, until: datetime, first: timedelta, period: timedelta, para: str
    ) -> list[Requirement]:
        """At ``first``, ``first + period``, ... before ``until``; each counts events from
        the previous trigger on."""
        found: list[Requirement] = []
        opens, trigger, index = start, start + first, 1
        while trigger < until:
            found.append(self._make(index, trigger, opens, para))
            opens, trigger, index = trigger, trigger + period, index + 1
        return found

    def _make(self, index: int, trigger: datetime, opens: datetime, para: str) -> Requirement:
        due = trigger + self.grace
        return Requirement(
            self.code, index, self.action, trigger, due, opens, str(self.label), para
        )


ZERO = timedelta(0)
DOCTOR = Spec("doctor", NOTIFY_DOCTOR, L_DOCTOR, WITHOUT_UNDUE_DELAY)
DOCTOR_STATEMENT = Spec("doctor", NOTIFY_DOCTOR, L_DOCTOR_STATEMENT, IMMEDIATELY)
HEALTH = Spec("health_service", NOTIFY_HEALTH, L_HEALTH, WITHOUT_UNDUE_DELAY)
HEALTH_NOW = Spec("health_service", NOTIFY_HEALTH, L_HEALTH, IMMEDIATELY)
GUARDIAN = Spec("guardian", NOTIFY_GUARDIAN, L_GUARDIAN, WITHOUT_UNDUE_DELAY)
REGION_NOW = Spec("region_now", NOTIFY_REGION, L_REGION_NOW, IMMEDIATELY)
REGION_REPORT = Spec("region_report", NOTIFY_REGION, L_REGION_REPORT, REPORT_GRACE_DAYS)
REGION_DECIDES = Spec("region_decides", REVIEW_REGION, L_REGION_DECIDES)
REGION_REVIEW = Spec("region_review", REVIEW_REGION, L_REGION_REVIEW)
REGION_EXTENDS = Spec("region_extends", REVIEW_REGION, L_REGION_EXTENDS)
# Security cell and bed: reports counted in hours, decisions on continuation.
REGION_CONTINUES = Spec("region_report", NOTIFY_REGION, L_REGION_CONTINUES, REPORT_GRACE_HOURS)
REGION_REASSESSES = Spec("region_reassesses", REVIEW_REGION, L_REGION_REASSESSES)
KDI_REPORT = Spec("kdi_report", NOTIFY_KDI, L_KDI_REPORT, REPORT_GRACE_DAYS)
KDI_REPORT_HOURS = Spec("kdi_report", NOTIFY_KDI, L_KDI_REPORT, REPORT_GRACE_HOURS)
KDI_WITH_EXTENSION = Spec("kdi_report", NOTIFY_KDI, L_KDI_REPORT, IMMEDIATELY)
KDI_MINOR = Spec("kdi_minor", NOTIFY_KDI, L_KDI_REPORT, REPORT_GRACE_DAYS)
KDI_DECIDES = Spec("kdi_decides", REVIEW_KDI, L_KDI_DECIDES)
KDI_MINOR_REPORT = Spec("kdi_minor_report", NOTIFY_KDI, L_KDI_REPORT, REPORT_GRACE_DAYS)
RENEWAL = Spec("renewal", REVIEW_UNIT, L_RENEWAL)
REGION_RENEWAL = Spec("region_renewal", REVIEW_REGION, L_RENEWAL_REGION)


def _cap(start: datetime, end_by: datetime, paragraph: str) -> Requirement:
    """The longest the measure may last: applies (and is broken) if it lasts longer."""
    return Requirement("cap", 0, END, end_by, end_by, start, str(L_CAP), paragraph)


def add_calendar_months(at: datetime, months: int) -> datetime:
    """The same local wall-clock time ``months`` later (31 Jan + 1 month = 28/29 Feb); ``at``
    carries its zone (a ZoneInfo recomputes the offset across daylight saving)."""
    day = date.fromordinal(add_months(at.date().toordinal(), months))
    return at.replace(year=day.year, month=day.month, day=day.day)


def _within(requirements: Iterable[Requirement], until: datetime) -> list[Requirement]:
    """Those that can apply to a measure lasting until ``until``."""
    return sorted(
        (r for r in requirements if r.trigger_at < until), key=lambda r: (r.due_at, r.key)
    )


# --- the rule sets ----------------------------------------------------------------------------

LETTERS: dict[str, str] = {
    G.PREVENTIVE_A: "a",
    G.PREVENTIVE_B: "b",
    G.PREVENTIVE_C: "c",
    G.PREVENTIVE_D: "d",
    G.PREVENTIVE_E: "e",
}
CURRENT_PARAGRAPHS: dict[str, str] = {
    G.COLLECTIVE: "strgjfl § 37 åttende ledd",
    G.BUILDING_STAFFING: "strgjfl § 37 niende ledd",
    G.OWN_WISH: "strgjfl § 37 niende ledd",
    G.BREACH: "strgjfl § 39",
}
REFORM_PARAGRAPHS: dict[str, str] = {
    G.PRISON_CONDITIONS: "strgjfl § 37 b",
    G.COMMITTAL: "strgjfl § 37 tredje ledd",
    G.OWN_CHOICE: "strgjfl § 37 d",
}
FIRST_PARA_BASES: tuple[str, ...] = (
    MeasureBasis.ATTACK,
    MeasureBasis.THREATS_DAMAGE,
    MeasureBasis.RIOT,
    MeasureBasis.ESCAPE,
    MeasureBasis.INTRUSION,
    MeasureBasis.BARRICADE,
)  # strgjfl § 38 first para, letters a-f
SECOND_PARA_KINDS = frozenset(
    {MeasureKind.HANDCUFFS, MeasureKind.BODY_CUFF, MeasureKind.SPIT_HOOD, MeasureKind.OTHER}
)
IMPACT_KINDS = frozenset(
    {MeasureKind.GAS, MeasureKind.BATON, MeasureKind.SHIELD, MeasureKind.OC_SPRAY}
)  # § 38 b (new): shield, baton, gas


class CurrentRules:
    """strgjfl §§ 37, 38, 39 as in force (rules.md §§ 8.1-8.2). Dated from 30 Oct 2015, when
    the under-18 rules of lov 2012-01-20-6 entered into force (except the 7-day cap, never
    put in force); the later changes (2016, § 38 in 2021, § 39 in 2024) left the clocks as
    they are."""

    version = "2015"
    in_force_from: date | None = date(2015, 10, 30)
    sources = "strgjfl §§ 6, 7, 37, 38, 39; fsg §§ 3-1 b, 3-35"
    minor_grounds = PREVENTIVE - {G.PREVENTIVE_A}
    minor_other_grounds = frozenset({G.COLLECTIVE, G.BUILDING_STAFFING, G.OWN_WISH})
    appeal_from_end = False  # the appeal period runs from notice of the decision
    min_minutes_out_of_cell: int | None = None  # no statutory daily minimum yet
    normal_minutes_out_of_cell: int | None = None

    # -- exclusion --

    def exclusion_grounds(self, minor: bool) -> tuple[str, ...]:
        if minor:
            return (*sorted(self.minor_grounds), *sorted(self.minor_other_grounds))
        return (*sorted(PREVENTIVE), G.COLLECTIVE, G.BUILDING_STAFFING, G.OWN_WISH, G.BREACH)

    def exclusion_ground_problem(self, ground: str, minor: bool) -> str | None:
        if ground in self.exclusion_grounds(minor):
            return None
        if minor and ground == G.BREACH:
            return _("Umiddelbar utelukkelse (§ 39) kan ikke brukes overfor innsatte under 18 år.")
        if minor and ground == G.PREVENTIVE_A:
            return _(
                "For innsatte under 18 år kan utelukkelse bare begrunnes i § 37 første ledd "
                "bokstav b til e (§ 37 annet ledd)."
            )
        return _("Grunnlaget gjelder ikke etter reglene som gjelder for vedtaket. Velg et annet.")

    def exclusion_paragraph(self, ground: str, minor: bool) -> str:
        if ground in LETTERS:
            extra = ", jf. annet ledd" if minor else ""
            return f"strgjfl § 37 første ledd bokstav {LETTERS[ground]}{extra}"
        if minor and ground in self.minor_other_grounds:
            return "strgjfl § 37 tiende ledd"
        return CURRENT_PARAGRAPHS.get(ground, "strgjfl § 37")

    def exclusion_requirements(
        self, *, start: datetime, until: datetime, ground: str, extent: str, minor: bool
    ) -> list[Requirement]:
        reqs: list[Requirement] = []
        if ground != G.BREACH:
            reqs.append(DOCTOR.at(start, ZERO, "strgjfl § 37 syvende ledd"))
        if minor:
            para = "strgjfl § 37 femte ledd; § 6 tredje ledd"
            reqs += [GUARDIAN.at(start, ZERO, "fsg § 3-1 b"), REGION_NOW.at(start, ZERO, para)]
        if ground == G.BREACH:
            reqs.append(_cap(start, start + DAY, "strgjfl § 39"))
        elif ground == G.COLLECTIVE and not minor:
            reqs += _extension(start, 3 * DAY, kdi=False, paragraph="strgjfl § 37 åttende ledd")
        elif ground in self.minor_other_grounds and minor:
            reqs += _extension(start, 2 * DAY, kdi=True, paragraph="strgjfl § 37 tiende ledd")
        else:
            reqs += self._preventive(start, until, ground, extent, minor)
        return _within(reqs, until)

    def _preventive(
        self, start: datetime, until: datetime, ground: str, extent: str, minor: bool
    ) -> list[Requirement]:
        """§ 37 fifth and sixth para (grounds a-e, and the ninth para for adults)."""
        fifth, sixth = "strgjfl § 37 femte ledd", "strgjfl § 37 sjette ledd"
        reqs: list[Requirement] = []
        if extent == Extent.FULL:
            reqs.append(REGION_DECIDES.at(start, 14 * DAY, fifth))
            reqs += KDI_REPORT.every(start, until, 42 * DAY, 14 * DAY, fifth)
            if minor:
                reqs.append(REGION_REVIEW.at(start, 3 * DAY, fifth))
                reqs.append(KDI_MINOR.at(start, 5 * DAY, fifth))
        else:
            reqs.append(REGION_REPORT.at(start, 30 * DAY, sixth))
            if minor:
                reqs.append(KDI_DECIDES.at(start, 7 * DAY, sixth))
                reqs += KDI_MINOR_REPORT.every(start, until, 14 * DAY, 7 * DAY, sixth)
        if ground in PREVENTIVE:
            reqs.append(_cap(start, add_calendar_months(start, 12), fifth))
        return reqs

    # -- coercive measures --

    def measure_bases(self, kind: str, minor: bool) -> tuple[str, ...]:
        if kind in SECOND_PARA_KINDS:
            return (*FIRST_PARA_BASES, MeasureBasis.OTHER_ATTACK)
        return FIRST_PARA_BASES

    def measure_problem(self, kind: str, basis: str, minor: bool) -> str | None:
        if kind not in MeasureKind.values:
            return _("Velg tvangsmiddel.")
        if basis not in self.measure_bases(kind, minor):
            return _("Formålet gir ikke hjemmel for dette tvangsmiddelet. Velg et annet.")
        return None

    def measure_paragraph(self, kind: str, basis: str) -> str:
        if basis in FIRST_PARA_BASES:
            letter = "abcdef"[FIRST_PARA_BASES.index(basis)]
            return f"strgjfl § 38 første ledd bokstav {letter}"
        return "strgjfl § 38 annet ledd"

    def measure_requirements(
        self, *, start: datetime, until: datetime, kind: str, minor: bool
    ) -> list[Requirement]:
        reqs: list[Requirement] = [GUARDIAN.at(start, ZERO, "fsg § 3-1 b")] if minor else []
        fifth, sixth = "strgjfl § 38 femte ledd", "strgjfl § 38 sjette ledd"
        if kind in (MeasureKind.SECURITY_CELL, MeasureKind.SECURITY_BED):
            para = "strgjfl § 38 fjerde ledd" if minor else "strgjfl § 38 tredje ledd"
            reqs.append(DOCTOR_STATEMENT.at(start, ZERO, para))
        if kind == MeasureKind.SECURITY_BED and minor:
            reqs.append(REGION_NOW.at(start, ZERO, fifth))
            reqs.append(KDI_REPORT_HOURS.at(start, 24 * HOUR, fifth))
        elif kind == MeasureKind.SECURITY_BED:
            reqs.append(REGION_CONTINUES.at(start, 24 * HOUR, fifth))
            reqs += REGION_REASSESSES.every(start, until, 48 * HOUR, 24 * HOUR, fifth)
            reqs.append(KDI_REPORT_HOURS.at(start, 3 * DAY, fifth))
        elif kind == MeasureKind.SECURITY_CELL:
            region_after, kdi_after = (24 * HOUR, 3 * DAY) if minor else (3 * DAY, 6 * DAY)
            reqs.append(REGION_CONTINUES.at(start, region_after, sixth))
            reqs.append(KDI_REPORT_HOURS.at(start, kdi_after, sixth))
        return _within(reqs, until)

    # -- contact --

    def contact_shortfall(self, done_minutes: int) -> bool:
        """Less than 2 hours of meaningful human contact that day (Mandela rule 44: 22 hours
        or more without it is solitary confinement)."""
        return done_minutes < CONTACT_MINUTES


class ReformRules(CurrentRules):
    """lov 2026-05-12-18 (isolation in prison; rules.md § 8.3): §§ 17, 37-37 e, 38-38 e,
    § 39 repealed. Adopted, "i kraft fra den tid Kongen bestemmer"."""

    version = "2026"
    in_force_from: date | None = None
    sources = "lov 2026-05-12-18: strgjfl §§ 7 e, 17, 37, 37 a-e, 38, 38 a-e"
    appeal_from_end = True  # § 7 e (new): exclusion and cell/bed: from when the measure ends
    min_minutes_out_of_cell: int | None = 4 * 60  # § 17: never less than four hours a day
    normal_minutes_out_of_cell: int | None = 8 * 60  # § 17: normally eight hours or more

    def exclusion_grounds(self, minor: bool) -> tuple[str, ...]:
        return (*sorted(INMATE_RELATED), G.PRISON_CONDITIONS, G.COMMITTAL, G.OWN_CHOICE)

    def exclusion_ground_problem(self, ground: str, minor: bool) -> str | None:
        if ground in self.exclusion_grounds(minor):
            return None
        return _(
            "Grunnlaget gjelder ikke etter isolasjonsreformen (lov 2026-05-12-18). "
            "Velg et grunnlag etter §§ 37, 37 a, 37 b eller 37 d."
        )

    def exclusion_paragraph(self, ground: str, minor: bool) -> str:
        base = REFORM_PARAGRAPHS.get(ground, "strgjfl § 37 a")
        return f"{base}, jf. § 37 c" if minor and ground != G.OWN_CHOICE else base

    def exclusion_requirements(
        self, *, start: datetime, until: datetime, ground: str, extent: str, minor: bool
    ) -> list[Requirement]:
        reqs = [HEALTH.at(start, ZERO, "strgjfl § 37 e")]
        excluded = ground != G.OWN_CHOICE  # choosing to stay out is registered, not decided
        if minor:
            reqs.append(GUARDIAN.at(start, ZERO, "fsg § 3-1 b"))
        if minor and excluded:
            reqs.append(REGION_NOW.at(start, ZERO, "strgjfl § 37 c"))
        cap: tuple[datetime, str] | None = None
        if ground in INMATE_RELATED:  # § 37 a
            para = "strgjfl § 37 a"
            reqs.append(RENEWAL.at(start, 7 * DAY, para))
            reqs += REGION_RENEWAL.every(start, until, 14 * DAY, 7 * DAY, para)
            reqs += KDI_REPORT.every(start, until, 30 * DAY, 14 * DAY, para)
            cap = (add_calendar_months(start, 6), para)
        elif ground == G.PRISON_CONDITIONS:  # § 37 b
            reqs.append(REGION_REPORT.at(start, DAY, "strgjfl § 37 b"))
            cap = (start + 7 * DAY, "strgjfl § 37 b")
        elif ground == G.COMMITTAL:  # § 37 third para
            cap = (start + 7 * DAY, "strgjfl § 37 tredje ledd")
        else:  # § 37 d
            reqs.append(REGION_REPORT.at(start, 14 * DAY, "strgjfl § 37 d"))
            reqs += KDI_REPORT.every(start, until, 30 * DAY, 14 * DAY, "strgjfl § 37 d")
        if minor and excluded and (cap is None or cap[0] > start + 7 * DAY):
            cap = (start + 7 * DAY, "strgjfl § 37 c")
        if cap is not None:
            reqs.append(_cap(start, *cap))
        return _within(reqs, until)

    def measure_bases(self, kind: str, minor: bool) -> tuple[str, ...]:
        b = MeasureBasis
        if kind == MeasureKind.SECURITY_CELL:  # § 38 c
            return (b.ATTACK, b.SELF_HARM, b.THREATS_DAMAGE)
        if kind == MeasureKind.SECURITY_BED:  # § 38 d
            return (b.SELF_HARM,)
        if kind in IMPACT_KINDS:  # § 38 b
            return (b.ATTACK, b.RIOT, b.ESCAPE, b.BARRICADE)
        return (b.ATTACK, b.OTHER_ATTACK, b.THREATS_DAMAGE, b.RIOT, b.ESCAPE)  # § 38 a

    def measure_problem(self, kind: str, basis: str, minor: bool) -> str | None:
        if minor and kind == MeasureKind.SECURITY_BED:
            return _("Sikkerhetsseng kan ikke brukes overfor innsatte under 18 år (§ 38 d).")
        if minor and kind == MeasureKind.SPIT_HOOD:
            return _("Spyttbeskytter kan ikke brukes overfor innsatte under 18 år (§ 38 a).")
        return super().measure_problem(kind, basis, minor)

    def measure_paragraph(self, kind: str, basis: str) -> str:
        if kind == MeasureKind.SECURITY_CELL:
            return "strgjfl § 38 c"
        if kind == MeasureKind.SECURITY_BED:
            return "strgjfl § 38 d"
        return "strgjfl § 38 b" if kind in IMPACT_KINDS else "strgjfl § 38 a"

    def measure_requirements(
        self, *, start: datetime, until: datetime, kind: str, minor: bool
    ) -> list[Requirement]:
        reqs: list[Requirement] = [GUARDIAN.at(start, ZERO, "fsg § 3-1 b")] if minor else []
        if kind not in (MeasureKind.SECURITY_CELL, MeasureKind.SECURITY_BED):
            return _within(reqs, until)
        para = self.measure_paragraph(kind, "") + (", jf. § 38 e" if minor else "")
        reqs += [HEALTH_NOW.at(start, ZERO, para), REGION_NOW.at(start, ZERO, para)]
        if kind == MeasureKind.SECURITY_BED:  # § 38 d: every 12 h, the region from 12 h
            period, region_from, kdi_after = 12 * HOUR, 12 * HOUR, 72 * HOUR
        elif minor:  # § 38 e: the region decides after 24 h; KDI after 72 h
            period, region_from, kdi_after = 24 * HOUR, 24 * HOUR, 72 * HOUR
        else:  # § 38 c: a new decision every døgn, by the region after 48 h; KDI after 6 døgn
            period, region_from, kdi_after = 24 * HOUR, 48 * HOUR, 6 * DAY
        if region_from > period:
            reqs.append(RENEWAL.at(start, period, para))
        reqs += REGION_RENEWAL.every(start, until, region_from, period, para)
        reqs.append(KDI_REPORT_HOURS.at(start, kdi_after, para))
        return _within(reqs, until)

    def contact_shortfall(self, done_minutes: int) -> bool:
        """§ 17 (new): inmates outside ordinary company are to be offered *more than* two
        hours of meaningful contact daily — exactly two hours falls short."""
        return done_minutes <= CONTACT_MINUTES


def _extension(
    start: datetime, period: timedelta, *, kdi: bool, paragraph: str
) -> list[Requirement]:
    """§ 37 eighth and tenth para: up to ``period``; the region may extend once by as much
    (and must then notify KDI at the same time, under the tenth)."""
    reqs = [REGION_EXTENDS.at(start, period, paragraph), _cap(start, start + 2 * period, paragraph)]
    if kdi:
        reqs.append(KDI_WITH_EXTENSION.at(start, period, paragraph))
    return reqs


CURRENT = CurrentRules()
REFORM_2026 = ReformRules()
RULE_SETS: tuple[CurrentRules, ...] = (CURRENT, REFORM_2026)


def rule_set_on(day: date, *, reform_from: date | None = None) -> CurrentRules:
    """The rule set in force on ``day``: the newest whose entry into force is on or before
    it. The reform has no date until the decree; ``reform_from`` pins one (the operator's
    setting). Days before the oldest set get the oldest (no earlier version is modelled)."""
    chosen = RULE_SETS[0]
    for rule_set in RULE_SETS:
        starts = reform_from if rule_set is REFORM_2026 and reform_from else rule_set.in_force_from
        if starts is not None and starts <= day:
            chosen = rule_set
    return chosen


def rule_set_named(version: str) -> CurrentRules:
    """The rule set a stored decision was made under."""
    for rule_set in RULE_SETS:
        if rule_set.version == version:
            return rule_set
    raise LookupError(f"no safeguards rule set {version!r}")


# --- evaluating requirements ------------------------------------------------------------------


def evaluate(
    requirements: Sequence[Requirement],
    events: Iterable[tuple[str, datetime]],
    *,
    end_at: datetime | None,
    as_of: datetime,
) -> list[Deadline]:
    """How each requirement stands at ``as_of``. Events are (kind, time) pairs such as
    ("notice:region", t); each is used at most once per kind of requirement, earliest first,
    for the requirement due first."""
    ordered = sorted(events, key=lambda e: e[1])
    used: dict[str, set[int]] = {}
    found: list[Deadline] = []
    for req in sorted(requirements, key=lambda r: (r.due_at, r.key)):
        if req.action == END:
            met_at = end_at
        else:
            met_at = _take(req, ordered, used.setdefault(req.action, set()))
        found.append(Deadline(req, _state(req, met_at, as_of), met_at))
    return found


def _take(req: Requirement, events: list[tuple[str, datetime]], used: set[int]) -> datetime | None:
    accepts = ACCEPTS[req.action]
    for number, (kind, at) in enumerate(events):
        if number not in used and kind in accepts and at >= req.opens_at:
            used.add(number)
            return at
    return None


def _state(req: Requirement, met_at: datetime | None, as_of: datetime) -> str:
    if met_at is not None and met_at <= as_of:
        return MET if met_at <= req.due_at else LATE
    return OVERDUE if req.due_at < as_of else UPCOMING


def next_deadline(deadlines: Iterable[Deadline]) -> Deadline | None:
    """The open deadline due first (overdue ones come first by nature)."""
    open_ones = [d for d in deadlines if d.open]
    return min(open_ones, key=lambda d: d.requirement.due_at, default=None)


def deviation_source_for(deadline: Deadline) -> str:
    """A missing doctor or health-service notice is its own kind of deviation."""
    if deadline.requirement.action in HEALTH_ACTIONS:
        return DeviationSource.DOCTOR_NOTICE_MISSING
    return DeviationSource.DEADLINE_PASSED


def deviation_due(today: date) -> date:
    return today + timedelta(days=DEVIATION_DUE_DAYS)


# --- decisions --------------------------------------------------------------------------------


def decision_problems(*, reasons: str, best_interest: str, minor: bool) -> dict[str, str]:
    """What a decision screen must have before it saves (strgjfl § 7; fvl §§ 24-25; Barne-
    konvensjonen art. 3 and Grunnloven § 104 for children): written reasons, and for a person
    under 18 at the decision date an assessment of the child's best interest."""
    problems: dict[str, str] = {}
    if not reasons.strip():
        problems["reasons"] = _(
            "Skriv begrunnelsen for vedtaket (hva som gjør tiltaket nødvendig)."
        )
    if minor and not best_interest.strip():
        problems["best_interest"] = _(
            "Personen er under 18 år. Skriv vurderingen av barnets beste før vedtaket lagres."
        )
    return problems


def appeal_deadline(
    *,
    told_at: datetime,
    ended_at: datetime | None = None,
    runs_from_end: bool = False,
    breach_reaction: bool = False,
    tz: tzinfo,
) -> datetime | None:
    """strgjfl § 7 e: 7 days (48 hours for reactions to breaches, § 40 first-sixth para),
    counted from when the inmate was told. A period in days ends at the end of its last day
    (domstolloven § 148; holidays are not moved over). After the 2026 reform the period for
    exclusion and security cell/bed runs from when the measure ends: None while it lasts."""
    if breach_reaction:
        return told_at + timedelta(hours=APPEAL_HOURS_BREACH)
    start = told_at
    if runs_from_end:
        if ended_at is None:
            return None
        start = ended_at
    last_day = start.astimezone(tz).date() + timedelta(days=APPEAL_DAYS)
    return datetime.combine(last_day, time(23, 59), tzinfo=tz)


# --- meaningful human contact (isolation-reducing measures) -----------------------------------


def week_start(day: date) -> date:
    """Monday of the week ``day`` is in (plans are weekly)."""
    return day - timedelta(days=day.weekday())


def whole_days(start: datetime, end: datetime | None, as_of: datetime, tz: tzinfo) -> list[date]:
    """The local days wholly inside the exclusion and over by ``as_of``: the days whose
    contact can be judged (a day that began in company is not an isolation day)."""
    stop = min(end, as_of) if end is not None else as_of
    local_start = start.astimezone(tz)
    day = local_start.date()
    if local_start.timetz().replace(tzinfo=None) != time(0):
        day += timedelta(days=1)
    days: list[date] = []
    while datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz) <= stop:
        days.append(day)
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class ContactDay:
    """One day of the contact plan: what was planned, offered, accepted and done."""

    day: date
    planned_minutes: int
    offered: int
    accepted: int
    done_minutes: int
    plan_short: bool  # the plan itself gives too little contact
    shortfall: bool | None  # None while the day cannot be judged yet


def contact_days(
    days: Sequence[date],
    activities: Iterable[tuple[date, int, bool, bool, int]],
    *,
    judged: set[date],
    rules: CurrentRules,
) -> list[ContactDay]:
    """Sum (day, planned minutes, offered, accepted, done minutes) per day of ``days``."""
    sums = {day: [0, 0, 0, 0] for day in days}
    for day, planned, offered, accepted, done in activities:
        if day in sums:
            row = sums[day]
            row[0] += planned
            row[1] += int(offered)
            row[2] += int(accepted)
            row[3] += done
    return [
        ContactDay(
            day=day,
            planned_minutes=planned,
            offered=offered,
            accepted=accepted,
            done_minutes=done,
            plan_short=rules.contact_shortfall(planned),
            shortfall=rules.contact_shortfall(done) if day in judged else None,
        )
        for day, (planned, offered, accepted, done) in sums.items()
    ]


# --- Mandela rules and the daily minimum out of cell -----------------------------------------
# The time out of cell data (``varde.regime``) says, per inmate-day, whether the day had 22
# hours or more without meaningful human contact (regime.rules.is_isolation_day, Mandela rule
# 44: exactly 2 hours of contact is such a day) and the minutes out of cell. The alerts below
# are what those days mean for internal control; one definition of an isolation day, the
# regime app's, is used everywhere.

ALERT_ISOLATION = "isolation"  # Mandela rule 44: a day of solitary confinement
ALERT_PROLONGED = "prolonged_isolation"  # Mandela rules 43-44: more than 15 days in a row
ALERT_OUT_OF_CELL = "out_of_cell_floor"  # lov 2026-05-12-18, strgjfl § 17: under 4 hours out
PROLONGED_AFTER_DAYS = 15  # "for a time period in excess of 15 consecutive days"

ALERT_PARAGRAPHS: dict[str, str] = {
    ALERT_ISOLATION: "Mandela-regel 44",
    ALERT_PROLONGED: "Mandela-regel 43 og 44",
    ALERT_OUT_OF_CELL: "strgjfl. § 17 (lov 2026-05-12-18)",
}


@dataclass(frozen=True)
class InmateDay:
    """One inmate-day as the alerts read it. ``isolated`` None: no regime registered (the
    day breaks runs and raises nothing); ``min_out_minutes``: the daily minimum out of cell
    of the rule set in force that day (None before the 2026 reform)."""

    day: date
    isolated: bool | None
    out_minutes: int | None
    min_out_minutes: int | None = None


@dataclass(frozen=True)
class Alert:
    """An alert on ``day``: the kind, and the run of consecutive days it belongs to
    (``run_start``, ``run_days`` counting ``day``). Severe alerts go to the unit leader and
    the region."""

    kind: str
    day: date
    run_start: date
    run_days: int

    @property
    def severe(self) -> bool:
        return self.kind == ALERT_PROLONGED

    @property
    def paragraph(self) -> str:
        return ALERT_PARAGRAPHS[self.kind]


def below_out_of_cell_floor(out_minutes: int | None, min_out_minutes: int | None) -> bool:
    """Lov 2026-05-12-18, strgjfl § 17 (new): time out of cell is never under 4 hours a day
    (the rule set's ``min_minutes_out_of_cell``). No minimum in force, or no data: False."""
    if out_minutes is None or min_out_minutes is None:
        return False
    return out_minutes < min_out_minutes


def inmate_alerts(days: Sequence[InmateDay]) -> list[Alert]:
    """Every alert of one inmate's days (in date order; a missing date breaks runs):

    * Mandela rule 44 — a day with 22 hours or more without meaningful human contact is
      flagged (``isolation``) that day;
    * Mandela rules 43-44 — from the 16th consecutive such day, also ``prolonged_isolation``
      (more than 15 consecutive days is prolonged solitary confinement: a severe alert);
    * strgjfl § 17 (2026 reform) — a day under the rule set's minimum out of cell
      (``out_of_cell_floor``), only where that rule set is in force.
    """
    alerts: list[Alert] = []
    runs: dict[str, tuple[date, int]] = {}  # kind → (start, length) of the running run
    previous: date | None = None
    for d in sorted(days, key=lambda d: d.day):
        if previous is None or d.day - previous != DAY:
            runs = {}
        previous = d.day
        flags = {
            ALERT_ISOLATION: bool(d.isolated),
            ALERT_OUT_OF_CELL: below_out_of_cell_floor(d.out_minutes, d.min_out_minutes),
        }
        for kind, flagged in flags.items():
            if not flagged:
                runs.pop(kind, None)
                continue
            start, length = runs.get(kind, (d.day, 0))
            runs[kind] = (start, length + 1)
            alerts.append(Alert(kind, d.day, start, length + 1))
            if kind == ALERT_ISOLATION and length + 1 > PROLONGED_AFTER_DAYS:
                alerts.append(Alert(ALERT_PROLONGED, d.day, start, length + 1))
    return alerts
