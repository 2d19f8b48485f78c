from django.urls import path

from varde.security.views import affiliations, person, registers

app_name = "security"
urlpatterns = [
    path("", registers.index, name="index"),
    path("tall/", registers.counts, name="counts"),
    path("enheter/<int:unit_id>/hendelser/", registers.unit_incidents, name="incidents"),
    path("enheter/<int:unit_id>/hendelser/ny/", registers.register_incident, name="add_incident"),
    path("enheter/<int:unit_id>/beslag/", registers.unit_finds, name="finds"),
    path("enheter/<int:unit_id>/beslag/ny/", registers.register_find, name="add_find"),
    path("enheter/<int:unit_id>/rusmiddeltester/", registers.unit_tests, name="tests"),
    path("enheter/<int:unit_id>/rusmiddeltester/ny/", registers.register_test, name="add_test"),
    path("rusmiddeltester/<int:test_id>/svar/", registers.record_result, name="test_result"),
    path("hendelser/<int:incident_id>/", registers.incident_detail, name="incident"),
    path(
        "hendelser/<int:incident_id>/involvert/",
        registers.add_involvement,
        name="add_involvement",
    ),
    path(
        "hendelser/<int:incident_id>/oppfolging/",
        registers.update_follow_up,
        name="follow_up",
    ),
    path("personer/<int:person_id>/", person.person_panel, name="person"),
    path(
        "personer/<int:person_id>/adskilt/ny/",
        person.register_keep_apart,
        name="add_keep_apart",
    ),
    path(
        "personer/<int:person_id>/adskilt/<int:relation_id>/avslutt/",
        person.end_keep_apart,
        name="end_keep_apart",
    ),
    path(
        "personer/<int:person_id>/gruppetilhorighet/",
        affiliations.person_affiliations,
        name="affiliations",
    ),
    path(
        "personer/<int:person_id>/gruppetilhorighet/ny/",
        affiliations.register_affiliation,
        name="add_affiliation",
    ),
    path(
        "personer/<int:person_id>/gruppetilhorighet/<int:affiliation_id>/avslutt/",
        affiliations.end_affiliation,
        name="end_affiliation",
    ),
    path(
        "personer/<int:person_id>/gruppetilhorighet/logg/",
        affiliations.affiliation_log,
        name="affiliation_log",
    ),
    path("grupper/", affiliations.groups, name="groups"),
    path("grupper/ny/", affiliations.register_group, name="add_group"),
    path("grupper/<int:group_id>/", affiliations.group_detail, name="group"),
]
