from django.urls import path

from varde.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("ny/", views.register, name="register"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/endre/", views.edit, name="edit"),
    path("<int:person_id>/logg/", views.person_audit_log, name="log"),
]
