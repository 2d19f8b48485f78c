from django.urls import path

from varde.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("statistikk/", views.statistics, name="statistics"),
    path("frister/", views.deadlines, name="deadlines"),
    path("varsler/", views.notices, name="notices"),
    path("<int:application_id>/", views.application_detail, name="application"),
    path("<int:application_id>/videresend/", views.forward_application, name="forward"),
    path("<int:application_id>/vedtak/", views.decide_application, name="decide"),
    path("<int:application_id>/underretning/", views.notify_decision, name="notify"),
    path("<int:application_id>/forelopig-svar/", views.interim_reply, name="interim_reply"),
    path("<int:application_id>/trekk/", views.withdraw_application, name="withdraw"),
    path("<int:application_id>/klage/", views.register_appeal, name="appeal"),
    path("<int:application_id>/klage/videresend/", views.forward_appeal, name="forward_appeal"),
    path("<int:application_id>/klage/vedtak/", views.decide_appeal, name="decide_appeal"),
    path("person/<int:person_id>/", views.person_panel, name="person"),
    path("person/<int:person_id>/ny/", views.register_application, name="register"),
    path("person/<int:person_id>/fornaermede/", views.person_victims, name="person_victims"),
    path("person/<int:person_id>/fornaermede/ny/", views.register_victim, name="register_victim"),
    path("fornaermede/<int:contact_id>/trekk/", views.withdraw_victim, name="withdraw_victim"),
    path("fornaermede/<int:contact_id>/varsel/", views.register_notice, name="register_notice"),
]
