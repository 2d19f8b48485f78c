from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "varde.journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from varde.journal import permissions  # noqa: F401  (registers the rules)
