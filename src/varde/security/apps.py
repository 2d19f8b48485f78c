from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "varde.security"
    verbose_name = "Sikkerhet"

    def ready(self) -> None:
        from varde.security import permissions  # noqa: F401  (registers the rules)
