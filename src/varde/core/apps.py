from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces: the page shell, permissions, API errors, platform commands."""

    name = "varde.core"

    def ready(self) -> None:
        from varde.core import permissions  # noqa: F401  (registers the rules)
