"""The API router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from varde.community.api import CommunityCaseViewSet
from varde.execution.api import (
    CallInViewSet,
    QueueViewSet,
    RemandBookingViewSet,
    StayViewSet,
)
from varde.execution.progression_api import PlacementOptionsViewSet, ProgressionViewSet
from varde.journal.api import JournalEntryViewSet
from varde.organisation.api import UnitViewSet
from varde.people.api import PersonViewSet
from varde.sentencing.api import JudgmentViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("units", UnitViewSet, basename="unit")
router.register("journal", JournalEntryViewSet, basename="journal-entry")
router.register("judgments", JudgmentViewSet, basename="judgment")
router.register("stays", StayViewSet, basename="stay")
router.register("queue", QueueViewSet, basename="queue")
router.register("callins", CallInViewSet, basename="callin")
router.register("remand-bookings", RemandBookingViewSet, basename="remand-booking")
router.register("community-cases", CommunityCaseViewSet, basename="community-case")
router.register("progression", ProgressionViewSet, basename="progression")
router.register("placement-options", PlacementOptionsViewSet, basename="placement-options")
