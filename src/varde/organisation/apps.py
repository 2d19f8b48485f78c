from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "varde.organisation"
    verbose_name = "Organisasjon"
