"""Demo applications for ``varde demo``: a handful at Oslo fengsel and Oslo friomsorgskontor
in every state — open, overdue, forwarded to the region, decided and notified, appealed and
sent to the region, withdrawn — and a victim who has asked to be told about a granted leave.
Everything goes through the actions, so the demo carries audit rows and journal events."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from varde.decisions import actions, queries, rules
from varde.decisions.models import Application
from varde.organisation.models import Unit
from varde.people.models import Person

_CHILD = (
    "Barna (under 18) har jevnlig kontakt med søkeren; avgjørelsen er vurdert med vekt på dette."
)


def _persons_at(code: str, count: int) -> list[Person]:
    """Persons the unit handles now: inmates with an open stay there (for a prison) or with
    an open responsibility (a probation office), oldest record first."""
    from varde.execution.models import Stay

    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return []
    staying = Stay.objects.filter(
        unit=unit, released_at__isnull=True, judgment__isnull=False
    ).values("person_id")
    persons = Person.objects.filter(pk__in=staying)
    if not persons.exists():
        persons = Person.objects.filter(
            responsibilities__unit=unit, responsibilities__date_to__isnull=True
        ).exclude(stays__released_at__isnull=True, stays__isnull=False)
    return list(persons.distinct().order_by("pk")[:count])


def _register(person: Person, kind: str, days_ago: int, text: str, **extra: Any) -> Application:
    received = timezone.localdate() - timedelta(days=days_ago)
    return actions.do_register_application(
        person, kind=kind, received_on=received, text=text, actor=None, **extra
    )


def _decide(application: Application, outcome: str, basis: str, reasons: str, notify: bool) -> None:
    today = timezone.localdate()
    person = application.person
    needed = rules.child_interest_required(
        minor_children=queries.minor_children(person, today),
        applicant_is_minor=queries.is_minor(person, today),
        concerns_child=application.concerns_child,
    )
    while rules.level_rank(application.level) < rules.level_rank(application.routing_level):
        actions.do_forward_application(  # a long sentence: the region decides (strgjfl § 6)
            application, recommendation="Enheten anbefaler: " + reasons, actor=None
        )
        application.refresh_from_db()
    actions.do_decide_application(
        application,
        outcome=outcome,
        legal_basis=basis,
        reasons=reasons,
        child_interest=_CHILD if needed else "",
        notified_at=timezone.now() if notify else None,
        channel="in_person",
        notified_to="Søkeren" + (" og vergen" if queries.is_minor(person, today) else ""),
        guardian_informed=queries.is_minor(person, today),
        actor=None,
    )


def create_demo_applications(rng: random.Random) -> None:
    """About ten applications in different states, and one victim registration."""
    inmates = _persons_at("oslo-fengsel", 8)
    clients = _persons_at("oslo-friomsorgskontor", 1)
    bergen = Unit.objects.filter(code="bergen-fengsel").first()
    if len(inmates) < 8:
        return
    steps = [
        lambda: _register(inmates[0], "leave", 40, "Permisjon for å besøke mor, som er syk."),
        lambda: _register(inmates[1], "day_release", 5, "Frigang til arbeid hos snekker."),
        lambda: _forwarded(inmates[2], bergen),
        lambda: _decide(
            _register(inmates[3], "child_visit", 12, "Besøk av datter (8) hver uke."),
            "granted",
            "strgjfl-31",
            "Besøk er til barnets beste, og sikkerhetsmessige hensyn taler ikke mot.",
            notify=True,
        ),
        lambda: _appealed(inmates[4]),
        lambda: _decide(
            _register(inmates[5], "interruption", 6, "Avbrudd for operasjon på sykehus."),
            "granted",
            "strgjfl-35",
            "Legeerklæring viser behov for behandling som ikke kan gis under gjennomføringen.",
            notify=True,
        ),
        lambda: actions.do_withdraw_application(
            _register(inmates[6], "study", 9, "Studier i matematikk."),
            day=timezone.localdate(),
            actor=None,
        ),
        lambda: _leave_with_victim(inmates[7], rng),
    ]
    if clients:
        steps.append(lambda: _register(clients[0], "study", 3, "Vil ta fagbrev på kveldstid."))
    for step in steps:
        try:
            step()
        except ValidationError:
            continue  # e.g. a demo person without a unit or judgment that fits: skipped


def _forwarded(person: Person, bergen: Unit | None) -> None:
    """A transfer to another region: routed to the region and sent there."""
    application = _register(
        person, "transfer", 15, "Overføring til Bergen for å være nær barna.", target_unit=bergen
    )
    actions.do_forward_application(
        application,
        recommendation="Enheten anbefaler overføring; søkeren har barn i Bergen.",
        actor=None,
    )


def _appealed(person: Person) -> None:
    """A refused leave, notified, appealed and sent to the region (the appeals body)."""
    application = _register(person, "leave", 20, "Permisjon til konfirmasjon i familien.")
    _decide(
        application,
        "refused",
        "strgjfl-33",
        "Permisjonstiden er ikke nådd (fsg § 3-30), og det er ikke særlige og vektige "
        "grunner for fremskutt permisjonstid (fsg § 3-31).",
        notify=True,
    )
    appeal = actions.do_register_appeal(
        application.decision,
        received_at=timezone.now(),
        text="Konfirmasjonen skjer bare én gang. Jeg ber om at saken vurderes på nytt.",
        actor=None,
    )
    actions.do_forward_appeal(appeal, recommendation="Enheten mener vedtaket bør stå.", actor=None)


def _leave_with_victim(person: Person, rng: random.Random) -> None:
    """A granted leave in a week; the victim has asked to be told."""
    leave_day = timezone.localdate() + timedelta(days=7)
    application = _register(
        person,
        "leave",
        8,
        "Ordinær permisjon hos søster.",
        requested_from=leave_day,
        requested_to=leave_day + timedelta(days=2),
    )
    _decide(
        application,
        "granted",
        "strgjfl-33",
        "Permisjonstiden er nådd og sikkerhetsmessige hensyn taler ikke mot (strgjfl. § 33).",
        notify=True,
    )
    if application.judgment is None:
        return
    actions.do_register_victim_contact(
        person,
        application.judgment,
        name=rng.choice(["Vera", "Hanne", "Tor"]) + " Fornærmet",
        relation="victim",
        phone="99 88 77 66",
        consent_on=timezone.localdate() - timedelta(days=60),
        actor=None,
    )
