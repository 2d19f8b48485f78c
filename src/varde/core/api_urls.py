"""The API router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from varde.organisation.api import UnitViewSet
from varde.people.api import PersonViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("units", UnitViewSet, basename="unit")
