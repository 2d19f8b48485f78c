"""Pure rules for reintegration: pre-sentence report deadlines, minors, freshness and
retention; the office where the person lives; needs-assessment scores; plan review dates.
Plain values in, plain values out; no ORM, no request, no settings (callers pass them in).

Each ``*_problem`` function returns ``None`` when the step is allowed, or the reason it is
refused, in Norwegian, saying what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from varde.execution.progression_rules import region_for_postal_code
from varde.people.rules import age_on, is_minor_on
from varde.reintegration.choices import ReviewKind
from varde.sentencing.rules.dates import add_months

SUPPLEMENT_AFTER_MONTHS = 12  # PU-reglene § 4; påtaleinstruksen § 14-1
NEW_AFTER_MONTHS = 36  # PU-reglene § 4
RETENTION_YEARS = 5  # PU-reglene § 15
DUE_SOON_DAYS = 7  # the worklist puts minors due within a week first


def _plus_months(day: date, months: int) -> date:
    return date.fromordinal(add_months(day.toordinal(), months))


# --- pre-sentence reports: minors, deadlines, processing time -------------------------------


def is_minor_case(birth_date: date | None, offence_on: date | None, received_on: date) -> bool:
    """strpl § 161 a: a report for minors (PUM) when the accused was under 18 at the time of
    the act. Without a date of the act, the age on the day the request was received counts
    (the office corrects it when the date of the act is known)."""
    return is_minor_on(birth_date, offence_on or received_on)


def psr_deadline(
    received_on: date,
    *,
    requested_by: date | None,
    court_date: date | None,
    minor: bool,
    minor_target_days: int,
) -> date | None:
    """When the report must be delivered: the earliest of the delivery date the requester
    asked for, the day before the court sits, and — for minors — the target of
    ``minor_target_days`` after receipt. No statute sets a completion deadline (påtaleinstruksen
    § 14-2: "as quickly as possible"); the 4-week target for minors comes from the 2018
    hearing draft and is a setting (rules.md § 11, Appendix D point 6)."""
    candidates = [d for d in (requested_by, court_date and court_date - timedelta(days=1)) if d]
    if minor:
        candidates.append(received_on + timedelta(days=minor_target_days))
    return min(candidates) if candidates else None


def request_problem(
    *,
    received_on: date,
    today: date,
    requested_by: date | None,
    court_date: date | None,
    offence_on: date | None,
) -> str | None:
    """A request needs a delivery date or a court date, and its dates must make sense."""
    if received_on > today:
        return _("Mottatt-datoen kan ikke være fram i tid.")
    if requested_by is None and court_date is None:
        return _("Oppgi ønsket leveringsdato eller dato for rettsmøtet, så fristen kan beregnes.")
    if requested_by is not None and requested_by < received_on:
        return _("Ønsket leveringsdato kan ikke være før bestillingen ble mottatt.")
    if court_date is not None and court_date <= received_on:
        return _("Rettsmøtet må være etter at bestillingen ble mottatt.")
    if offence_on is not None and offence_on > received_on:
        return _("Tidspunktet for handlingen kan ikke være etter at bestillingen ble mottatt.")
    return None


def processing_days(received_on: date, delivered_on: date) -> int:
    """Processing time of a report: calendar days from receipt of the request to delivery."""
    return (delivered_on - received_on).days


def is_overdue(deadline: date | None, today: date) -> bool:
    """An open report whose deadline has passed (due on the deadline itself, late after)."""
    return deadline is not None and today > deadline


def worklist_key(
    deadline: date | None, minor: bool, today: date, due_soon_days: int = DUE_SOON_DAYS
) -> tuple[int, date, int]:
    """Sort key of the office's worklist: minors whose deadline has passed or falls within
    ``due_soon_days`` come first (strpl § 161 a: minors have priority), then every report by
    deadline, minors before adults on the same day; reports without a deadline last."""
    on = deadline or date.max
    due = deadline is not None and (deadline - today).days <= due_soon_days
    return (0 if minor and due else 1, on, 0 if minor else 1)


def psr_send_problem(missing: Sequence[str], *, assessed_any: bool, interviews: int) -> str | None:
    """What is missing before a report can be sent: every section, the assessment and the
    conclusion written (PU-reglene § 7), suitability assessed for at least one reaction, and
    at least one conversation with the person (PU-reglene § 6)."""
    if missing:
        return _("Fyll ut før sending: %(sections)s.") % {"sections": ", ".join(missing)}
    if not assessed_any:
        return _("Vurder egnethet for minst én reaksjon (samfunnsstraff, EK eller program).")
    if interviews == 0:
        return _("Registrer minst én samtale med personen før sending.")
    return None


# --- freshness and retention ---------------------------------------------------------------

CURRENT = "current"
SUPPLEMENT = "supplement"
NEW = "new"


def psr_freshness(delivered_on: date, on: date, *, minor: bool = False) -> str:
    """Whether an earlier report can be used on ``on``. PU-reglene § 4 and påtaleinstruksen
    § 14-1: older than 1 year → a supplement (supplerende opplysninger); older than 3 years →
    a new report. For minors (strpl § 161 a; strgjfl § 10 last para) a report older than
    1 year must be done anew. "Older than" is strict: exactly one year old is still current."""
    if on <= _plus_months(delivered_on, SUPPLEMENT_AFTER_MONTHS):
        return CURRENT
    if minor or on > _plus_months(delivered_on, NEW_AFTER_MONTHS):
        return NEW
    return SUPPLEMENT


def freshness_label(freshness: str) -> str:
    return {
        CURRENT: _("Gyldig (under 1 år)"),
        SUPPLEMENT: _("Eldre enn 1 år: tilleggsundersøkelse"),
        NEW: _("Må gjøres på nytt"),
    }[freshness]


def retention_until(delivered_on: date) -> date:
    """PU-reglene § 15: the material is destroyed after 5 years unless the court ordered
    supervision or a new assignment came in."""
    return _plus_months(delivered_on, 12 * RETENTION_YEARS)


# --- the office where the person lives -----------------------------------------------------


@dataclass(frozen=True)
class Office:
    pk: int
    code: str
    region: str
    city: str


# Which probation office covers which postal-code prefixes (first two digits), by county as
# Posten's ranges follow them; an approximation, like ``region_for_postal_code``, until the
# postal-code register is loaded. Prefixes without an office fall back to the region's.
OFFICE_PREFIXES: dict[str, tuple[range, ...]] = {
    "oslo-friomsorgskontor": (range(0, 13),),
    "akershus-friomsorgskontor": (range(13, 15), range(19, 22)),
    "ostfold-friomsorgskontor": (range(15, 19),),
    "buskerud-friomsorgskontor": (range(30, 31), range(33, 37)),
    "vestfold-friomsorgskontor": (range(31, 33),),
    "telemark-friomsorgskontor": (range(37, 40),),
    "rogaland-friomsorgskontor": (range(40, 45), range(55, 56)),
    "agder-friomsorgskontor": (range(45, 50),),
    "bergen-friomsorgskontor": (range(50, 55), range(56, 59)),
    "sogn-og-fjordane-friomsorgskontor": (range(59, 60), range(67, 70)),
    "more-og-romsdal-friomsorgskontor": (range(60, 67),),
    "trondelag-friomsorgskontor": (range(70, 80),),
    "troms-friomsorgskontor": (range(90, 95),),
    "finnmark-friomsorgskontor": (range(95, 100),),
}


def home_office(postal_code: str, city: str, offices: Sequence[Office]) -> Office | None:
    """PU-reglene §§ 2–3, påtaleinstruksen § 14-3: the report is made by the probation office
    where the accused lives. The home region from the postal code (as placement support
    does), then within it the office in the person's town, else the office covering the
    postal code, else the region's first office; None without a Norwegian postal code."""
    region = region_for_postal_code(postal_code)
    if region is None:
        return None
    in_region = sorted((o for o in offices if o.region == region), key=lambda o: o.code)
    town = city.strip().casefold()
    for office in in_region:
        if town and office.city.strip().casefold() == town:
            return office
    prefix = int(postal_code.strip()[:2])
    for office in in_region:
        if any(prefix in span for span in OFFICE_PREFIXES.get(office.code, ())):
            return office
    return in_region[0] if in_region else None


# --- needs assessment (kartlegging) --------------------------------------------------------


def score_problem(area: str, value: int | None, *, low: int, high: int) -> str | None:
    """A need or resource score is a whole number on the configured scale (or not given yet)."""
    if value is not None and not low <= value <= high:
        return _("%(area)s: bruk en verdi fra %(low)s til %(high)s.") % {
            "area": area,
            "low": low,
            "high": high,
        }
    return None


def missing_areas(areas: Iterable[tuple[str, str]], scored: Iterable[str]) -> list[str]:
    """Labels of the configured areas (code, label) that have no need score yet."""
    done = set(scored)
    return [label for code, label in areas if code not in done]


def completion_problem(missing: Sequence[str], summary: str) -> str | None:
    """An assessment is complete when every area is scored and the person has a summary."""
    if missing:
        return _("Disse områdene mangler vurdering: %(areas)s.") % {"areas": ", ".join(missing)}
    if not summary.strip():
        return _("Skriv en oppsummering i klart språk til personen.")
    return None


# --- personal follow-up plan: reviews ------------------------------------------------------


@dataclass(frozen=True)
class Review:
    on: date
    kind: str  # ReviewKind


def next_review(
    started_on: date,
    last_review_on: date | None,
    *,
    interval_days: int,
    release_on: date | None,
    before_release_days: int,
) -> Review:
    """When the plan is next reviewed: ``interval_days`` after the last review (or the
    start), or the review before release (strgjfl §§ 41–42 release planning) if that comes
    first and no review has been held since it fell due: ``before_release_days`` before the
    expected release date, or at once for a plan started inside that window."""
    regular = Review(
        (last_review_on or started_on) + timedelta(days=interval_days), ReviewKind.INTERVAL
    )
    if release_on is None:
        return regular
    before_release = release_on - timedelta(days=before_release_days)
    held = last_review_on is not None and last_review_on >= before_release
    if not held and before_release < regular.on:
        return Review(max(before_release, started_on), ReviewKind.BEFORE_RELEASE)
    return regular


def review_problem(reviewed_on: date, *, started_on: date, today: date) -> str | None:
    if reviewed_on > today:
        return _("Evalueringen kan ikke dateres fram i tid.")
    if reviewed_on < started_on:
        return _("Evalueringen kan ikke være før planen ble opprettet.")
    return None


def step_problem(
    *, responsible_kind: str, has_staff: bool, agency: str, due_on: date | None, started_on: date
) -> str | None:
    """A step names who answers for it: a member of staff, the person, or an agency."""
    if responsible_kind == "staff" and not has_staff:
        return _("Velg hvilken ansatt som har ansvaret.")
    if responsible_kind == "agency" and not agency.strip():
        return _("Skriv navnet på etaten eller organisasjonen som har ansvaret.")
    if due_on is not None and due_on < started_on:
        return _("Fristen kan ikke være før planen ble opprettet.")
    return None


# --- partner agencies: consent to each disclosure ----------------------------------------------


def consent_in_force(
    *, given_on: date, valid_until: date | None, withdrawn_at: datetime | None, at: datetime
) -> bool:
    """Consent to share (samtykke, forvaltningsloven § 13 a nr. 1; personvernforordningen
    art. 7 (3)): in force from the day it was given up to and including ``valid_until``;
    a withdrawal ends it from that moment (sharing at or after the withdrawal is refused)."""
    day = at.date()
    if day < given_on:
        return False
    if valid_until is not None and day > valid_until:
        return False
    return withdrawn_at is None or at < withdrawn_at


def uncovered_categories(requested: Iterable[str], covered: Iterable[str]) -> list[str]:
    """The requested data categories no consent in force covers (empty: may share)."""
    have = set(covered)
    return sorted({c for c in requested if c not in have})


def disclosure_problem(requested: Sequence[str], uncovered: Sequence[str]) -> str | None:
    """Refuse a disclosure that names nothing, or that a consent does not cover."""
    if not requested:
        return _("Velg hvilke opplysninger som skal deles.")
    if uncovered:
        return _(
            "Stoppet: personen har ikke gitt samtykke som gjelder i dag til å dele "
            "%(what)s med denne samarbeidspartneren. Registrer samtykket først."
        ) % {"what": ", ".join(uncovered)}
    return None


def consent_problem(
    categories: Sequence[str], *, given_on: date, valid_until: date | None, today: date
) -> str | None:
    """A consent names what it covers and cannot be dated in the future or end before it
    starts."""
    if not categories:
        return _("Velg hvilke opplysninger samtykket gjelder.")
    if given_on > today:
        return _("Samtykket kan ikke dateres fram i tid.")
    if valid_until is not None and valid_until < given_on:
        return _("Samtykket kan ikke gjelde til en dato før det ble gitt.")
    return None


# --- release planning (strgjfl § 41) ----------------------------------------------------------

RELEASE_HORIZON_DAYS = 90  # releases in the next 90 days get a checklist
COORDINATION_AGE = 25  # strgjfl § 41 third sentence (lov 2024-11-29-73)
# The items that count as settled (a checklist is complete when every item is).
SETTLED_ITEM_STATUSES = frozenset({"done", "not_needed"})


def releases_within(release_on: date | None, today: date, days: int = RELEASE_HORIZON_DAYS) -> bool:
    """Whether a release falls from today up to and including ``days`` ahead."""
    return release_on is not None and today <= release_on <= today + timedelta(days=days)


def coordination_duty_applies(birth_date: date | None, today: date) -> bool:
    """strgjfl § 41: "Dersom innsatte er under 25 år og samtykker til det, skal
    kriminalomsorgen alltid etablere slik kontakt, og i tillegg koordinere planlegging og
    tilrettelegging av tiltak ved løslatelse." The age is the one on the day the release is
    planned (today): the duty is on the planning, which happens before release. Unknown
    birth date: the duty is flagged (the person must be asked rather than missed)."""
    if birth_date is None:
        return True
    return age_on(birth_date, today) < COORDINATION_AGE


def coordination_problem(*, duty: bool, consent: str, coordinator: str) -> str | None:
    """Under 25 the checklist is not complete until the person has been asked about
    coordination (§ 41) and, if they consent, the coordinator is recorded."""
    if not duty:
        return None
    if consent == "not_asked":
        return _("Under 25 år: spør personen om samtykke til koordinering (strgjfl § 41).")
    if consent == "consented" and not coordinator.strip():
        return _("Under 25 år: registrer hvem som koordinerer tiltakene (strgjfl § 41).")
    return None


def open_items(statuses: Iterable[tuple[str, str]]) -> list[str]:
    """Labels of the checklist items not yet settled, from (label, status) pairs."""
    return [label for label, status in statuses if status not in SETTLED_ITEM_STATUSES]


def checklist_complete(statuses: Iterable[tuple[str, str]], coordination: str | None) -> bool:
    return not open_items(statuses) and coordination is None


# Release notice to NAV: no provision in strgjfl or its regulations lets the service give NAV
# the release date without consent (strgjfl § 4 asks for cooperation but lifts no duty of
# confidentiality; forvaltningsloven § 13 applies, cf. strgjfl § 7 first para). So the notice
# is a disclosure like any other: it needs consent covering the release date and contact
# details for the NAV office, in force on the day it is created.
NAV_NOTICE_CATEGORIES = ("release_date", "contact")
NAV_NOTICE_REQUIRES_CONSENT = True


def nav_notice_problem(*, release_on: date | None, today: date, already: bool) -> str | None:
    """A notice is produced before the release, once per release."""
    if release_on is None:
        return _("Personen har ingen forventet løslatelsesdato.")
    if release_on < today:
        return _("Meldingen til NAV skal lages før løslatelsen.")
    if already:
        return _("Melding om løslatelse er allerede laget for denne løslatelsen.")
    return None
