from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "varde.reintegration"
