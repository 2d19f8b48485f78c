from django.urls import path

from varde.safeguards import views

app_name = "safeguards"
urlpatterns = [
    path("", views.home, name="home"),
    path("oversikt/", views.overview, name="overview"),
    path("statistikk/", views.statistics, name="statistics"),
    path("isolasjon/", views.mandela, name="mandela"),
    path("person/<int:person_id>/", views.person_panel, name="person"),
    path("person/<int:person_id>/utelukkelse/", views.decide_exclusion, name="decide_exclusion"),
    path("person/<int:person_id>/tvangsmiddel/", views.decide_measure, name="decide_measure"),
    path("utelukkelse/<int:exclusion_id>/", views.exclusion_detail, name="exclusion"),
    path("tvangsmiddel/<int:measure_id>/", views.measure_detail, name="measure"),
    path("<str:kind>/<int:pk>/underretning/", views.add_notice, name="add_notice"),
    path("<str:kind>/<int:pk>/vurdering/", views.add_review, name="add_review"),
    path("<str:kind>/<int:pk>/avslutt/", views.end, name="end"),
    path("tvangsmiddel/<int:pk>/tilsyn/", views.add_supervision, name="add_supervision"),
    path("utelukkelse/<int:pk>/kontakt/", views.plan_contact, name="plan_contact"),
    path(
        "utelukkelse/<int:pk>/kontakt/<int:activity_id>/",
        views.register_contact,
        name="register_contact",
    ),
    path("avvik/", views.deviation_list, name="deviations"),
    path("avvik/ny/", views.deviation_new, name="deviation_new"),
    path("avvik/<int:deviation_id>/", views.deviation_detail, name="deviation"),
    path("avvik/<int:deviation_id>/ansvar/", views.assign_deviation, name="assign_deviation"),
    path("avvik/<int:deviation_id>/lukk/", views.close_deviation, name="close_deviation"),
]
