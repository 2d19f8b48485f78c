from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    """Legal safeguards in prison: exclusion from company, coercive measures, their clocks,
    and the deviation register (internal control) that the clocks feed."""

    name = "varde.safeguards"

    def ready(self) -> None:
        from varde.safeguards import permissions  # noqa: F401  (registers the rules)
