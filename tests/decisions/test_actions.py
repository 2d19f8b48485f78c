"""The actions: registration (deadline, routing), forwarding, decisions with basis, reasons
and the child's best interest, notification and the appeal deadline, appeals to the next
level; every write with its audit row; a refusal saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import _user, make_person
from tests.decisions.conftest import REASONS, apply, decide, judgment_for, today
from varde.audit.models import AuditEvent
from varde.decisions import actions, rules
from varde.decisions.models import Appeal, Application, DeadlineSetting, Decision, Forwarding
from varde.journal.models import JournalEntry
from varde.organisation.choices import Role, Scope
from varde.people.actions import do_add_relative, do_open_responsibility

pytestmark = pytest.mark.django_db


def _audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- registration ----------------------------------------------------------------------------


def test_register_sets_deadline_routing_audit_and_journal(people, org):
    application = apply(people.oslo_inmate, days_ago=3)
    received = today() - timedelta(days=3)
    assert application.unit == org.oslo  # the unit responsible for the person
    assert application.deadline_days == 21
    assert application.deadline == rules.deadline_in_days(received, 21)
    assert application.interim_reply_due == rules.interim_reply_due(received)
    assert (application.routing_level, application.level) == ("local", "local")
    assert application.routing_basis == "strgjfl. § 6 første ledd"
    assert _audited("register_application") == 1
    entry = JournalEntry.objects.get(source_action="register_application")
    assert "Søknad registrert: permisjon" in entry.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "  "}, "Skriv hva søknaden gjelder"),
        ({"days_ago": -1}, "kan ikke være fram i tid"),
        ({"kind": "transfer"}, "Velg enheten søkeren vil overføres til"),
        ({"kind": "parole"}, "Velg hva det søkes om"),
    ],
)
def test_register_refusals_save_nothing(people, fields, message):
    kind = fields.pop("kind", "leave")
    with pytest.raises(ValidationError) as error:
        apply(people.oslo_inmate, kind, **fields)
    assert message in str(error.value)
    assert not Application.objects.exists()
    assert _audited("register_application") == 0


def test_register_needs_an_editor_who_sees_the_person(people, personas):
    with pytest.raises(PermissionDenied):
        actions.do_register_application(
            people.oslo_inmate,
            kind="leave",
            received_on=today(),
            text="x",
            actor=personas.alice,  # prison officer: reads only
        )
    with pytest.raises(PermissionDenied):
        actions.do_register_application(
            people.oslo_inmate, kind="leave", received_on=today(), text="x", actor=personas.frida
        )
    application = actions.do_register_application(
        people.oslo_inmate, kind="leave", received_on=today(), text="x", actor=personas.carl
    )
    assert application.registered_by_name == "carl"


def test_processing_deadline_follows_the_stored_version(people, personas):
    with pytest.raises(PermissionDenied):
        actions.do_set_processing_deadline(
            kind="leave", days=10, valid_from=today(), source="x", actor=personas.carl
        )
    actions.do_set_processing_deadline(
        kind="leave", days=10, valid_from=today() - timedelta(days=1), source="KDI", actor=None
    )
    with pytest.raises(ValidationError):  # the same day twice
        actions.do_set_processing_deadline(
            kind="leave", days=12, valid_from=today() - timedelta(days=1), source="KDI", actor=None
        )
    assert DeadlineSetting.objects.count() == 1
    older = apply(people.oslo_inmate, days_ago=5)  # received before the version
    newer = apply(people.oslo_inmate, days_ago=0)
    assert (older.deadline_days, newer.deadline_days) == (21, 10)
    assert newer.deadline_source == "KDI"


# --- routing and forwarding ------------------------------------------------------------------


def test_long_sentence_goes_to_region_local_may_refuse_not_grant(people, personas):
    judgment_for(people.oslo_inmate, term_years=12)
    application = apply(people.oslo_inmate)
    assert application.routing_level == "region" and application.refusal_level == "local"
    with pytest.raises(ValidationError) as error:
        actions.do_decide_application(
            application,
            outcome="granted",
            legal_basis="strgjfl-33",
            reasons=REASONS,
            actor=personas.carl,
        )
    assert "avgjøres av regionalt nivå" in str(error.value)
    assert not Decision.objects.exists()
    refusal = actions.do_decide_application(
        application,
        outcome="refused",
        legal_basis="strgjfl-33",
        reasons="Sikkerheten taler mot permisjon nå.",
        actor=personas.carl,
    )
    assert refusal.level == "local"


def test_forward_to_region_and_region_decides(people, personas):
    judgment_for(people.oslo_inmate, term_years=12)
    application = apply(people.oslo_inmate)
    with pytest.raises(ValidationError):
        actions.do_forward_application(application, recommendation=" ", actor=personas.carl)
    forwarding = actions.do_forward_application(
        application, recommendation="Enheten anbefaler innvilgelse.", actor=personas.carl
    )
    assert (forwarding.from_level, forwarding.to_level) == ("local", "region")
    application.refresh_from_db()
    assert (application.status, application.level) == ("forwarded", "region")
    assert _audited("forward_application") == 2  # the forwarding and the status change
    # It now lies at the region: the unit cannot decide, the region can.
    with pytest.raises(ValidationError) as error:
        decide_as(application, personas.carl)
    assert "ligger hos regionalt nivå" in str(error.value)
    decision = decide_as(application, personas.rune)
    assert decision.level == "region"
    assert decision.decided_by_name == "rune"


def decide_as(application, actor, outcome="granted"):
    return actions.do_decide_application(
        application, outcome=outcome, legal_basis="strgjfl-33", reasons=REASONS, actor=actor
    )


def test_local_matters_are_not_forwarded(people, personas):
    application = apply(people.oslo_inmate)
    with pytest.raises(ValidationError) as error:
        actions.do_forward_application(application, recommendation="x", actor=personas.carl)
    assert "skal ikke sendes videre" in str(error.value)
    assert not Forwarding.objects.exists()


def test_other_regions_officer_cannot_decide(people, personas, org):
    judgment_for(people.oslo_inmate, term_years=12)
    application = apply(people.oslo_inmate)
    actions.do_forward_application(application, recommendation="Anbefales.", actor=None)
    west = _user("vera", Role.REGIONAL_OFFICER, Scope.REGION, region=org.vest)
    with pytest.raises(PermissionDenied):  # does not even see the person
        decide_as(application, west)


def test_transfer_to_another_region_is_routed_to_region(people, org):
    application = apply(
        people.oslo_inmate, "transfer", target_unit=org.bergen, text="Nær familien i Bergen."
    )
    assert application.routing_level == "region"
    within = apply(people.oslo_inmate, "transfer", target_unit=org.ila, text="Ila.")
    assert within.routing_level == "local"


def test_minor_applicant_copy_to_region_and_guardian(org, personas):
    born = today().replace(year=today().year - 16)
    child = make_person("Lise", "Ung", born, sex="female", seed=77)
    do_open_responsibility(child, org.oslo, date_from=today(), reason="stay", actor=None)
    application = apply(child, "leave")
    decision = decide(application, child_interest="Søkeren er 16 år; kontakt med familien ...")
    assert decision.copy_to_region
    with pytest.raises(ValidationError) as error:
        actions.do_notify_decision(
            decision,
            notified_at=timezone.now(),
            channel="in_person",
            notified_to="Lise",
            actor=None,
        )
    assert "vergen skal informeres" in str(error.value)
    actions.do_notify_decision(
        decision,
        notified_at=timezone.now(),
        channel="in_person",
        notified_to="Lise og vergen",
        guardian_informed=True,
        actor=None,
    )


# --- the decision ----------------------------------------------------------------------------


def test_refusal_without_reasons_is_refused_and_nothing_saved(people):
    application = apply(people.oslo_inmate)
    with pytest.raises(ValidationError) as error:
        decide(application, "refused", reasons="")
    assert "Et avslag må begrunnes" in str(error.value)
    with pytest.raises(ValidationError) as error:
        decide(application, "refused", legal_basis="")
    assert "Velg hjemmel" in str(error.value)
    application.refresh_from_db()
    assert application.status == "registered"
    assert not Decision.objects.exists()
    assert _audited("decide_application") == 0


def test_child_interest_required_when_the_applicant_has_children(people):
    do_add_relative(
        people.oslo_inmate,
        actor=None,
        relation="child",
        name="Emma Nordmann",
        birth_date=today() - timedelta(days=365 * 9),
    )
    application = apply(people.oslo_inmate)
    with pytest.raises(ValidationError) as error:
        decide(application, "refused")
    assert "barnets beste" in str(error.value)
    decision = decide(application, "refused", child_interest="Emma (9) ønsker besøk ...")
    assert decision.child_interest_required


def test_grown_children_do_not_require_it(people):
    do_add_relative(
        people.oslo_inmate,
        actor=None,
        relation="child",
        name="Voksen",
        birth_date=date(1995, 1, 1),
    )
    assert not decide(apply(people.oslo_inmate)).child_interest_required


def test_child_visit_always_concerns_a_child(people):
    application = apply(people.oslo_inmate, "child_visit", text="Besøk av datter.")
    assert application.concerns_child
    with pytest.raises(ValidationError):
        decide(application, legal_basis="strgjfl-31")


def test_no_interruption_for_forvaring(people):
    judgment_for(people.oslo_inmate, reaction="preventive_detention")
    application = apply(people.oslo_inmate, "interruption", text="Syk mor.")
    actions.do_forward_application(application, recommendation="x", actor=None)
    with pytest.raises(ValidationError) as error:
        decide(application, legal_basis="strgjfl-35")
    assert "forvaringsforskriften § 11" in str(error.value)


def test_decision_writes_audit_journal_and_notification(people):
    application = apply(people.oslo_inmate)
    notified = timezone.now() - timedelta(minutes=5)
    decision = decide(
        application,
        notified_at=notified,
        channel="in_person",
        notified_to="Søkeren",
    )
    assert decision.notified_at == notified
    expected = rules.appeal_deadline(notified).ends_at
    assert decision.appeal_deadline == expected
    assert _audited("decide_application") == 2  # decision + status
    assert _audited("notify_decision") == 1
    texts = list(JournalEntry.objects.values_list("text", flat=True))
    assert any(t.startswith("Vedtak: søknad om permisjon innvilget") for t in texts)
    assert any("Klagefrist:" in t for t in texts)


def test_notification_cannot_be_before_the_decision_or_twice(people):
    decision = decide(apply(people.oslo_inmate))
    with pytest.raises(ValidationError):
        actions.do_notify_decision(
            decision,
            notified_at=decision.decided_at - timedelta(hours=1),
            channel="letter",
            notified_to="Søkeren",
            actor=None,
        )
    actions.do_notify_decision(
        decision, notified_at=timezone.now(), channel="letter", notified_to="Søkeren", actor=None
    )
    with pytest.raises(ValidationError):
        actions.do_notify_decision(
            decision, notified_at=timezone.now(), channel="letter", notified_to="x", actor=None
        )


# --- appeals ---------------------------------------------------------------------------------


def _notified_decision(people, outcome="refused", *, notified_days_ago=2):
    application = apply(people.oslo_inmate, days_ago=10)
    decision = decide(application, outcome, reasons="Sikkerheten taler mot.")
    Decision.objects.filter(pk=decision.pk).update(
        decided_at=timezone.now() - timedelta(days=notified_days_ago + 1)
    )
    decision.refresh_from_db()
    return actions.do_notify_decision(
        decision,
        notified_at=timezone.now() - timedelta(days=notified_days_ago),
        channel="in_person",
        notified_to="Søkeren",
        actor=None,
    )


def test_appeal_forwarded_to_region_and_decided_there(people, personas):
    decision = _notified_decision(people)
    appeal = actions.do_register_appeal(
        decision, received_at=timezone.now(), text="Jeg er uenig.", actor=personas.carl
    )
    assert appeal.in_time and appeal.level == "local"
    # The first instance cannot uphold its own decision: it forwards.
    with pytest.raises(ValidationError) as error:
        actions.do_decide_appeal(appeal, outcome="upheld", reasons="x", actor=personas.carl)
    assert "klageinstansen" in str(error.value)
    actions.do_forward_appeal(appeal, recommendation="Vedtaket bør stå.", actor=personas.carl)
    appeal.refresh_from_db()
    assert appeal.level == "region"
    assert Application.objects.get().status == "appeal_forwarded"
    with pytest.raises(ValidationError):
        actions.do_decide_appeal(appeal, outcome="upheld", reasons="x", actor=personas.carl)
    with pytest.raises(ValidationError) as error:
        actions.do_decide_appeal(appeal, outcome="upheld", reasons=" ", actor=personas.rune)
    assert "begrunnes" in str(error.value)
    decided = actions.do_decide_appeal(
        appeal, outcome="upheld", reasons="Regionen er enig i vurderingen.", actor=personas.rune
    )
    assert (decided.outcome, decided.decided_level) == ("upheld", "region")
    assert Application.objects.get().status == "appeal_decided"
    assert _audited("decide_appeal") == 2


def test_first_instance_may_reverse_its_own_decision(people, personas):
    decision = _notified_decision(people)
    appeal = actions.do_register_appeal(
        decision, received_at=timezone.now(), text="Nye opplysninger.", actor=None
    )
    reversed_ = actions.do_decide_appeal(
        appeal, outcome="reversed", reasons="Nye opplysninger om arbeid.", actor=personas.carl
    )
    assert reversed_.decided_level == "local"


def test_late_appeal_is_marked(people):
    decision = _notified_decision(people, notified_days_ago=20)
    appeal = actions.do_register_appeal(
        decision, received_at=timezone.now(), text="For sent.", actor=None
    )
    assert not appeal.in_time
    assert JournalEntry.objects.filter(text__contains="etter klagefristen").exists()


def test_one_appeal_per_decision(people):
    decision = _notified_decision(people)
    actions.do_register_appeal(decision, received_at=timezone.now(), text="a", actor=None)
    with pytest.raises(ValidationError):
        actions.do_register_appeal(decision, received_at=timezone.now(), text="b", actor=None)
    assert Appeal.objects.count() == 1


def test_appeal_against_a_region_decision_goes_to_kdi(people, personas):
    judgment_for(people.oslo_inmate, term_years=12)
    application = apply(people.oslo_inmate)
    actions.do_forward_application(application, recommendation="x", actor=None)
    decision = decide_as(application, personas.rune, outcome="refused")
    appeal = actions.do_register_appeal(
        decision, received_at=timezone.now(), text="Klage", actor=None
    )
    assert appeal.level == "region"
    actions.do_forward_appeal(appeal, recommendation="Bør stå.", actor=personas.rune)
    appeal.refresh_from_db()
    assert appeal.level == "kdi"
    with pytest.raises(ValidationError):
        actions.do_decide_appeal(appeal, outcome="upheld", reasons="x", actor=personas.rune)
    done = actions.do_decide_appeal(
        appeal, outcome="upheld", reasons="KDI er enig.", actor=personas.ada
    )
    assert done.decided_level == "kdi"


# --- interim reply and withdrawal ------------------------------------------------------------


def test_interim_reply_and_withdrawal(people):
    application = apply(people.oslo_inmate, days_ago=40)
    with pytest.raises(ValidationError):
        actions.do_register_interim_reply(application, day=today() + timedelta(days=1), actor=None)
    actions.do_register_interim_reply(application, day=today(), actor=None)
    actions.do_withdraw_application(application, day=today(), actor=None)
    application.refresh_from_db()
    assert (application.interim_reply_on, application.status) == (today(), "withdrawn")
    with pytest.raises(ValidationError):
        decide(application)


def test_probation_client_applies_at_the_office(people, org, personas):
    application = actions.do_register_application(
        people.probation_client,
        kind="study",
        received_on=today(),
        text="Studier ved universitetet.",
        actor=personas.frida,
    )
    assert application.unit == org.oslo_fri
    decision = actions.do_decide_application(
        application,
        outcome="granted",
        legal_basis="strgjfl-18",
        reasons="Studiene støtter tilbakeføringen.",
        actor=personas.frida,
    )
    assert decision.level == "local"


def test_no_responsible_unit_is_refused(org):
    stranger = make_person("Ingen", "Enhet", date(1980, 1, 1), seed=99)
    with pytest.raises(ValidationError) as error:
        apply(stranger)
    assert "ingen enhet med ansvar" in str(error.value)
