"""/api/v1/: the endpoints, the OpenAPI schema and the documentation page."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import docs, views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("aims", views.AimViewSet, basename="aim")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("status-changes", views.StatusChangeViewSet, basename="status-change")
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agenda-items", views.AgendaItemViewSet, basename="agenda-item")
router.register("consultations", views.ConsultationViewSet, basename="consultation")
router.register("ambitions", views.AmbitionViewSet, basename="ambition")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("inspections", views.InspectionViewSet, basename="inspection")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/", docs.index, name="index"),
    path("v1/schema/", docs.SchemaView.as_view(), name="schema"),
    path("v1/docs/", docs.docs_page, name="docs"),
]
