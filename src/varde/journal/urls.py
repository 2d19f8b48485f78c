"""Journal URLs, under /personer/ next to the person's own pages."""

from django.urls import path

from varde.journal import views

app_name = "journal"
urlpatterns = [
    path("<int:person_id>/journal/", views.person_journal, name="person_journal"),
    path("<int:person_id>/journal/ny/", views.write_entry, name="write"),
    path("<int:person_id>/journal/eksport/", views.export, name="export"),
]
