from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "varde.journal"
    verbose_name = "Journal"
