"""The API router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from varde.community.api import CommunityCaseViewSet
from varde.decisions import api as decisions_api
from varde.execution.api import (
    CallInViewSet,
    PostponementViewSet,
    QueueViewSet,
    RemandBookingViewSet,
    StayViewSet,
)
from varde.execution.progression_api import PlacementOptionsViewSet, ProgressionViewSet
from varde.journal.api import JournalEntryViewSet
from varde.organisation.api import UnitViewSet
from varde.people.api import PersonViewSet
from varde.regime import api as regime_api
from varde.reintegration import api as reintegration_api
from varde.safeguards import api as safeguards_api
from varde.security.api import (
    AffiliationReadViewSet,
    AffiliationViewSet,
    ContrabandFindViewSet,
    CriminalGroupViewSet,
    DrugTestViewSet,
    IncidentViewSet,
    KeepApartViewSet,
    SecurityCountsViewSet,
)
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
router.register("postponements", PostponementViewSet, basename="postponement")
router.register("community-cases", CommunityCaseViewSet, basename="community-case")
router.register("pre-sentence-reports", reintegration_api.PreSentenceReportViewSet, basename="psr")
router.register("needs-assessments", reintegration_api.NeedsAssessmentViewSet, basename="needs")
router.register("follow-up-plans", reintegration_api.FollowUpPlanViewSet, basename="plan")
router.register("partner-agencies", reintegration_api.PartnerAgencyViewSet, basename="agency")
router.register("referrals", reintegration_api.ReferralViewSet, basename="referral")
router.register(
    "disclosure-consents", reintegration_api.DisclosureConsentViewSet, basename="dconsent"
)
router.register("disclosures", reintegration_api.DisclosureViewSet, basename="disclosure")
router.register("release-checklists", reintegration_api.ReleaseChecklistViewSet, basename="rcheck")
router.register("nav-release-notices", reintegration_api.NavReleaseNoticeViewSet, basename="nav")
router.register("applications", decisions_api.ApplicationViewSet, basename="application")
router.register("decisions", decisions_api.DecisionViewSet, basename="decision")
router.register("appeals", decisions_api.AppealViewSet, basename="appeal")
router.register("victim-contacts", decisions_api.VictimContactViewSet, basename="victim-contact")
router.register("victim-notices", decisions_api.VictimNoticeViewSet, basename="victim-notice")
router.register("progression", ProgressionViewSet, basename="progression")
router.register("placement-options", PlacementOptionsViewSet, basename="placement-options")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("contraband-finds", ContrabandFindViewSet, basename="contraband-find")
router.register("drug-tests", DrugTestViewSet, basename="drug-test")
router.register("keep-apart", KeepApartViewSet, basename="keep-apart")
router.register("groups", CriminalGroupViewSet, basename="criminal-group")
router.register("affiliations", AffiliationViewSet, basename="affiliation")
router.register("affiliation-reads", AffiliationReadViewSet, basename="affiliation-read")
router.register("security-counts", SecurityCountsViewSet, basename="security-counts")
router.register("regime/offers", regime_api.OfferViewSet, basename="regime-offer")
router.register("regime/enrolments", regime_api.EnrolmentViewSet, basename="regime-enrolment")
router.register("regime/attendance", regime_api.AttendanceViewSet, basename="regime-attendance")
router.register("regime/daily-figures", regime_api.DailyFiguresViewSet, basename="regime-figures")
router.register("regime/activity-share", regime_api.ActivityShareViewSet, basename="regime-share")
router.register("regime/person-days", regime_api.PersonDaysViewSet, basename="regime-person-days")
router.register("exclusions", safeguards_api.ExclusionViewSet, basename="exclusion")
router.register("coercive-measures", safeguards_api.CoerciveMeasureViewSet, basename="measure")
router.register("deviations", safeguards_api.DeviationViewSet, basename="deviation")
router.register("mandela-alerts", safeguards_api.MandelaAlertViewSet, basename="mandela-alert")
