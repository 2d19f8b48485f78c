from django.urls import path

from varde.reintegration.views import assessment, partners, person, plan, psr, release, worklist

app_name = "reintegration"
urlpatterns = [
    path("", worklist.index, name="index"),
    path("enhet/<int:unit_id>/", worklist.worklist, name="worklist"),
    path("enhet/<int:unit_id>/loslatelser/", release.worklist, name="releases"),
    path("person/<int:person_id>/", person.panel, name="person"),
    # pre-sentence reports (personundersøkelser)
    path("person/<int:person_id>/personundersokelse/", psr.register, name="register_psr"),
    path("personundersokelse/<int:report_id>/", psr.detail, name="psr"),
    path("personundersokelse/<int:report_id>/tildel/", psr.assign, name="assign_psr"),
    path("personundersokelse/<int:report_id>/samtale/", psr.interview, name="psr_interview"),
    path("personundersokelse/<int:report_id>/rapport/", psr.write, name="write_psr"),
    path("personundersokelse/<int:report_id>/send/", psr.send, name="send_psr"),
    path("personundersokelse/<int:report_id>/trekk/", psr.withdraw, name="withdraw_psr"),
    path("personundersokelse/<int:report_id>/dokument/", psr.document, name="psr_document"),
    path("personundersokelse/<int:report_id>/pdf/", psr.pdf, name="psr_pdf"),
    # needs assessments (kartlegging)
    path("person/<int:person_id>/kartlegging/", assessment.offer, name="offer_assessment"),
    path("kartlegging/<int:assessment_id>/", assessment.detail, name="assessment"),
    path("kartlegging/<int:assessment_id>/svar/", assessment.consent, name="consent"),
    path("kartlegging/<int:assessment_id>/vurdering/", assessment.score, name="score"),
    path("kartlegging/<int:assessment_id>/fullfor/", assessment.complete, name="complete"),
    # personal follow-up plans (oppfølgingsplaner)
    path("person/<int:person_id>/plan/", plan.create, name="create_plan"),
    path("plan/<int:plan_id>/", plan.detail, name="plan"),
    path("plan/<int:plan_id>/mal/", plan.add_goal, name="add_goal"),
    path("plan/<int:plan_id>/mal/<int:goal_id>/status/", plan.goal_status, name="goal_status"),
    path("plan/<int:plan_id>/tiltak/", plan.add_step, name="add_step"),
    path("plan/<int:plan_id>/tiltak/<int:step_id>/status/", plan.step_status, name="step_status"),
    path("plan/<int:plan_id>/evaluering/", plan.review, name="review_plan"),
    path("plan/<int:plan_id>/avslutt/", plan.close, name="close_plan"),
    path("plan/<int:plan_id>/utskrift/", plan.printable, name="plan_print"),
    path("plan/<int:plan_id>/pdf/", plan.pdf, name="plan_pdf"),
    # partner agencies, consent and disclosures (samarbeidspartnere, samtykke)
    path("samarbeidspartnere/", partners.agency_list, name="agencies"),
    path("samarbeidspartnere/ny/", partners.add_agency, name="add_agency"),
    path("person/<int:person_id>/samarbeid/", partners.person_partners, name="partners"),
    path("person/<int:person_id>/henvisning/", partners.add_referral, name="add_referral"),
    path(
        "henvisning/<int:referral_id>/svar/", partners.referral_response, name="referral_response"
    ),
    path("person/<int:person_id>/samtykke/", partners.add_consent, name="add_consent"),
    path("samtykke/<int:consent_id>/trekk/", partners.withdraw_consent, name="withdraw_consent"),
    path("person/<int:person_id>/del/", partners.disclose, name="disclose"),
    # release planning (løslatelsesplanlegging)
    path("person/<int:person_id>/loslatelse/", release.person_release, name="release"),
    path("person/<int:person_id>/loslatelse/ny/", release.open_checklist, name="open_checklist"),
    path(
        "loslatelse/<int:checklist_id>/punkt/<int:item_id>/",
        release.update_item,
        name="checklist_item",
    ),
    path("loslatelse/<int:checklist_id>/koordinering/", release.coordination, name="coordination"),
    path("loslatelse/<int:checklist_id>/nav/", release.nav_notice, name="nav_notice"),
]
