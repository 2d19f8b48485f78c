from django.urls import path

from varde.reintegration.views import assessment, person, plan, psr, worklist

app_name = "reintegration"
urlpatterns = [
    path("", worklist.index, name="index"),
    path("enhet/<int:unit_id>/", worklist.worklist, name="worklist"),
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
]
