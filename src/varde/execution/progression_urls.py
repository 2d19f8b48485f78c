"""Pages of progression and placement support, mounted at the site root (their paths start
with ``enheter/`` and ``personer/``, not with the stays' ``opphold/``)."""

from django.urls import path

from varde.execution import progression_views

app_name = "progression"
urlpatterns = [
    path("enheter/<int:unit_id>/progresjon/", progression_views.worklist, name="worklist"),
    path("personer/<int:person_id>/plassering/", progression_views.placement, name="placement"),
]
