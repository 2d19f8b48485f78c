from django.urls import path

from varde.execution import views

app_name = "execution"
urlpatterns = [
    path("<int:person_id>/innsett/", views.admit, name="admit"),
    path("<int:person_id>/gjeninnsett/", views.recall, name="recall"),
    path("<int:person_id>/overfor/", views.transfer, name="transfer"),
    path("<int:person_id>/fravaer/", views.start_absence, name="start_absence"),
    path("<int:person_id>/retur/", views.end_absence, name="end_absence"),
    path("<int:person_id>/loslat/", views.release, name="release"),
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
]

# Mounted at /ko/ (soningskø) by the project's urls.
queue_patterns = ([path("", views.queue, name="list")], "queue")
