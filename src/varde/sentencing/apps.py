from django.apps import AppConfig


class SentencingConfig(AppConfig):
    name = "varde.sentencing"
