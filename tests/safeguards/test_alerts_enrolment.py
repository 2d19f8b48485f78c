"""Activity enrolment warns of conflicts (issue 5 item 6): keep-apart relations and shared
group affiliation with those already enrolled, counted, never naming anyone; group names only
for users with the affiliation permission, and then logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.regime.conftest import regime  # noqa: F401  (fixture)
from tests.security.conftest import REASON, cleared, gang  # noqa: F401  (fixtures)
from varde.regime.models import Enrolment
from varde.security.actions import do_register_affiliation, do_register_keep_apart
from varde.security.models import AffiliationRead

pytestmark = pytest.mark.django_db


def conflicts(regime, gang):  # noqa: F811
    newcomer, (kept, fellow) = regime.stays[2].person, (s.person for s in regime.stays[:2])
    do_register_keep_apart(newcomer, kept, scope="department", reason=REASON, actor=None)
    for person in (newcomer, fellow):
        do_register_affiliation(
            person,
            gang,
            date_from=timezone.localdate(),
            source="police",
            confidence="confirmed",
            reason=REASON,
            actor=None,
        )
    return newcomer, kept, fellow


def enrol(client, regime):  # noqa: F811
    url = reverse("regime:enrol", args=[regime.workshop.pk])
    data = {"stay": str(regime.stays[2].pk), "date_from": str(timezone.localdate())}
    return client.post(url, data, follow=True).content.decode()


def test_enrolment_warns_with_counts_and_no_names(regime, gang, cleared, login):  # noqa: F811
    conflicts(regime, gang)
    page = enrol(login(cleared.ulf), regime)  # unit leader, not security-cleared
    assert Enrolment.objects.filter(stay=regime.stays[2], offer=regime.workshop).exists()
    assert "Advarsel om konflikt i aktiviteten" in page
    assert "Innskrevne som skal holdes adskilt fra den innsatte: 1." in page
    assert "Innskrevne med samme registrerte gruppetilhørighet: 1." in page
    assert "Nordre gjeng" not in page
    assert not AffiliationRead.objects.exists()


def test_group_names_only_with_the_affiliation_permission(regime, gang, cleared, login):  # noqa: F811
    newcomer, _kept, _fellow = conflicts(regime, gang)
    page = enrol(login(cleared.siri), regime)
    assert "Gruppe: Nordre gjeng." in page
    assert AffiliationRead.objects.filter(
        actor=cleared.siri, person_id=newcomer.pk, purpose="activity_enrolment"
    ).exists()


def test_no_warning_without_conflicts(regime, cleared, login):  # noqa: F811
    page = enrol(login(cleared.ulf), regime)
    assert "Den innsatte er skrevet inn." in page
    assert "Advarsel om konflikt" not in page
