from django.apps import AppConfig


class RegimeConfig(AppConfig):
    """The daily regime in prison: activities and attendance, time out of cell."""

    name = "varde.regime"
    verbose_name = "Dagligliv"

    def ready(self) -> None:
        from varde.regime import permissions  # noqa: F401  (registers the rules)
