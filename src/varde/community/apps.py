from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "varde.community"
