"""Partner agencies (samarbeidspartnere): the agency register, and per person the referrals,
the consents to share data and every disclosure (shared or refused for want of consent)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.reintegration import actions
from varde.reintegration.forms import (
    AgencyForm,
    DisclosureConsentForm,
    DisclosureForm,
    ReferralForm,
    ReferralResponseForm,
)
from varde.reintegration.queries import (
    agencies,
    consent_is_current,
    consents_visible_to,
    disclosures_visible_to,
    referrals_visible_to,
)
from varde.reintegration.views.common import can_edit, edit, log_read, run, view


@view
def agency_list(request: AuthedRequest) -> HttpResponse:
    context: dict[str, Any] = {"agencies": agencies()}
    if can_edit(request):
        context["form"] = AgencyForm()
    return render(request, "reintegration/agencies.html", context)


@edit
def add_agency(request: AuthedRequest) -> HttpResponse:
    form = AgencyForm(request.POST)

    def do() -> object:
        return actions.do_register_agency(actor=request.user, **form.cleaned_data)

    back = reverse("reintegration:agencies")
    return run(request, form, do, _("Samarbeidspartneren er registrert."), back)


def _back(person_id: int) -> str:
    return reverse("reintegration:partners", args=[person_id])


@view
def person_partners(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    log_read(request, person)
    now = timezone.now()
    consents = list(consents_visible_to(request.user).filter(person=person))
    context: dict[str, Any] = {
        "person": person,
        "referrals": list(referrals_visible_to(request.user).filter(person=person)),
        "consents": [(c, consent_is_current(c, now)) for c in consents],
        "disclosures": list(disclosures_visible_to(request.user).filter(person=person)),
    }
    if can_edit(request):
        choices = agencies()
        context["forms"] = {
            "referral": ReferralForm(agencies=choices),
            "response": ReferralResponseForm(),
            "consent": DisclosureConsentForm(agencies=choices),
            "disclose": DisclosureForm(agencies=choices),
        }
    return render(request, "reintegration/partners.html", context)


@edit
def add_referral(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = ReferralForm(request.POST, agencies=agencies())

    def do() -> object:
        return actions.do_register_referral(person, actor=request.user, **form.cleaned_data)

    return run(request, form, do, _("Henvisningen er registrert."), _back(person.pk))


@edit
def referral_response(request: AuthedRequest, referral_id: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    referral = get_object_or_404(referrals_visible_to(request.user), pk=referral_id)
    form = ReferralResponseForm(request.POST)

    def do() -> object:
        return actions.do_record_referral_response(
            referral, actor=request.user, **form.cleaned_data
        )

    return run(request, form, do, _("Svaret er registrert."), _back(referral.person_id))


@edit
def add_consent(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = DisclosureConsentForm(request.POST, agencies=agencies())

    def do() -> object:
        return actions.do_register_consent(person, actor=request.user, **form.cleaned_data)

    return run(request, form, do, _("Samtykket er registrert."), _back(person.pk))


@edit
def withdraw_consent(request: AuthedRequest, consent_id: int) -> HttpResponse:
    from django import forms
    from django.shortcuts import get_object_or_404

    consent = get_object_or_404(consents_visible_to(request.user), pk=consent_id)

    def do() -> object:
        return actions.do_withdraw_consent(consent, actor=request.user)

    done = _("Samtykket er trukket tilbake.")
    return run(request, forms.Form({}), do, done, _back(consent.person_id))


@edit
def disclose(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = DisclosureForm(request.POST, agencies=agencies())

    def do() -> object:
        return actions.do_disclose(person, actor=request.user, **form.cleaned_data)

    return run(request, form, do, _("Opplysningene er delt."), _back(person.pk))
