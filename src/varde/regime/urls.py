"""Daily-regime URLs, under /dagligliv/."""

from django.urls import path

from varde.regime import views

app_name = "regime"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("enheter/<int:unit_id>/", views.unit_page, name="unit"),
    path("enheter/<int:unit_id>/oppmote/", views.grid, name="grid"),
    path("enheter/<int:unit_id>/tid-utenfor-celle/", views.cell_time, name="cell_time"),
    path("enheter/<int:unit_id>/regime/", views.settings_page, name="settings"),
    path("enheter/<int:unit_id>/regime/<int:owner_id>/", views.schedule, name="schedule"),
    path("enheter/<int:unit_id>/avvik/", views.add_department_deviation, name="add_deviation"),
    path(
        "enheter/<int:unit_id>/individuelle-avvik/",
        views.add_inmate_deviation,
        name="add_inmate_deviation",
    ),
    path("enheter/<int:unit_id>/aktiviteter/", views.create_offer, name="create_offer"),
    path("aktiviteter/<int:offer_id>/", views.offer_page, name="offer"),
    path("aktiviteter/<int:offer_id>/innskriv/", views.enrol, name="enrol"),
    path("aktiviteter/<int:offer_id>/avslutt/", views.end_offer, name="end_offer"),
    path("innskrivninger/<int:enrolment_id>/avslutt/", views.end_enrolment, name="end_enrolment"),
    path(
        "avvik/<int:deviation_id>/trekk-tilbake/",
        views.cancel_department_deviation,
        name="cancel_deviation",
    ),
    path(
        "individuelle-avvik/<int:deviation_id>/avslutt/",
        views.end_inmate_deviation,
        name="end_inmate_deviation",
    ),
    path("personer/<int:person_id>/", views.person_panel, name="person"),
]
