"""Judgment pages, under a person: /personer/<person_id>/dommer/..."""

from django.urls import path

from varde.sentencing import views

app_name = "sentencing"
urlpatterns = [
    path("ny/", views.register, name="register"),
    path("<int:judgment_id>/", views.detail, name="detail"),
    path("<int:judgment_id>/overstyr/", views.override, name="override"),
    path(
        "<int:judgment_id>/overstyr/<int:override_id>/fjern/",
        views.remove_override,
        name="remove_override",
    ),
    path("<int:judgment_id>/sammenslaa/", views.combine, name="combine"),
]
