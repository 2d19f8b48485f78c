from django.urls import path

from varde.execution import views

app_name = "execution"
urlpatterns = [
    path("varetekt/", views.remand_list, name="remand_list"),
    path("<int:person_id>/skjema/<slug:name>/", views.stay_form, name="stay_form"),
    path("<int:person_id>/innsett/", views.admit, name="admit"),
    path("<int:person_id>/gjeninnsett/", views.recall, name="recall"),
    path("<int:person_id>/overfor/", views.transfer, name="transfer"),
    path("<int:person_id>/fravaer/", views.start_absence, name="start_absence"),
    path("<int:person_id>/retur/", views.end_absence, name="end_absence"),
    path(
        "<int:person_id>/utenfor-fengsel/",
        views.start_outside_prison,
        name="start_outside_prison",
    ),
    path("<int:person_id>/tilbake-i-fengsel/", views.return_to_prison, name="return_to_prison"),
    path("<int:person_id>/loslat/", views.release, name="release"),
    path("<int:person_id>/varetekt/bestill/", views.book_remand, name="book_remand"),
    path("<int:person_id>/varetekt/tilby/", views.offer_remand, name="offer_remand"),
    path("<int:person_id>/varetekt/avbestill/", views.cancel_remand, name="cancel_remand"),
    path("<int:person_id>/varetekt/restriksjon/", views.add_restriction, name="add_restriction"),
    path(
        "<int:person_id>/varetekt/til-soning/",
        views.remand_to_execution,
        name="remand_to_execution",
    ),
    path(
        "<int:person_id>/dommer/<int:judgment_id>/innkall/",
        views.send_callin,
        name="send_callin",
    ),
    path(
        "<int:person_id>/dommer/<int:judgment_id>/innkalling/<int:callin_id>/trekk/",
        views.cancel_callin,
        name="cancel_callin",
    ),
    path(
        "<int:person_id>/dommer/<int:judgment_id>/utsettelse/",
        views.postponements,
        name="postponements",
    ),
    path(
        "<int:person_id>/dommer/<int:judgment_id>/utsettelse/sok/",
        views.request_postponement,
        name="request_postponement",
    ),
    path(
        "<int:person_id>/dommer/<int:judgment_id>/utsettelse/<int:request_id>/avgjor/",
        views.decide_postponement,
        name="decide_postponement",
    ),
]

# Mounted at /ko/ (soningskø) by the project's urls.
queue_patterns = ([path("", views.queue, name="list")], "queue")
