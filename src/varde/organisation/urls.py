from django.urls import path

from varde.organisation import views

app_name = "organisation"
urlpatterns = [path("", views.unit_overview, name="units")]
