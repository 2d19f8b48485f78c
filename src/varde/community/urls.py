from django.urls import path

from varde.community import views

app_name = "community"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("sak/<int:case_id>/", views.case_detail, name="case"),
    path("sak/<int:case_id>/timer/", views.log_hours, name="log_hours"),
    path("sak/<int:case_id>/oppmote/", views.register_reporting, name="register_reporting"),
    path("sak/<int:case_id>/brudd/", views.register_breach, name="register_breach"),
    path("sak/<int:case_id>/avslutt/", views.close_case, name="close_case"),
    path("sak/<int:case_id>/fase/", views.change_nd_phase, name="change_nd_phase"),
    path("sak/<int:case_id>/utstyr/", views.register_equipment, name="register_equipment"),
    path("sak/<int:case_id>/timeplan/", views.add_schedule_entry, name="add_schedule_entry"),
    path(
        "sak/<int:case_id>/timeplan/<int:entry_id>/",
        views.change_schedule_entry,
        name="change_schedule_entry",
    ),
    path(
        "sak/<int:case_id>/timeplan/<int:entry_id>/fjern/",
        views.remove_schedule_entry,
        name="remove_schedule_entry",
    ),
    path("person/<int:person_id>/", views.person_panel, name="person"),
    path("person/<int:person_id>/ny/", views.open_case, name="open_case"),
]
