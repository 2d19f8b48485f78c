from django.urls import path

from varde.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("ny/", views.register, name="register"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/endre/", views.edit, name="edit"),
    path("<int:person_id>/logg/", views.person_audit_log, name="log"),
    path("<int:person_id>/navn/", views.add_alias, name="add_alias"),
    path("<int:person_id>/navn/<int:alias_id>/fjern/", views.remove_alias, name="remove_alias"),
    path("<int:person_id>/parorende/", views.add_relative, name="add_relative"),
    path(
        "<int:person_id>/parorende/<int:relative_id>/fjern/",
        views.remove_relative,
        name="remove_relative",
    ),
]
