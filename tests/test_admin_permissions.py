"""The admin permission matrix, generated from the admin registry: every registered model ×
every admin view × every kind of visitor, with the answer each must get.

A model registered without a row in RECORD_MAKERS fails the suite, so nothing reaches the admin
without being placed in the matrix.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from priorities import models as p
from priorities.admin_base import GlobalRecordAdmin, OrganisationScopedMixin, SuperuserOnlyMixin
from safeguarding import models as s
from tests import factories

pytestmark = pytest.mark.django_db

VIEWS = ("changelist", "add", "change", "delete", "history")
VISITORS = ("own editor", "own publisher", "own administrator", "other publisher", "anonymous")


def _status_change(organisation):
    initiative = factories.InitiativeFactory(organisation=organisation)
    return p.StatusChange.objects.create(
        initiative=initiative,
        from_status="proposed",
        to_status="awaiting_scrutiny",
        changed_at=timezone.now(),
        reason="Listed for the committee.",
    )


def _meeting(organisation):
    return factories.MeetingFactory(committee__organisation=organisation)


def _profile(organisation):
    return s.PartnershipProfile.objects.create(organisation=organisation)


#: How to make a record owned by an organisation, for every model in the admin.
RECORD_MAKERS = {
    p.Organisation: lambda org: org,
    p.PartnershipMembership: lambda org: p.PartnershipMembership.objects.create(
        partnership=org, member=factories.OrganisationFactory()
    ),
    p.OfficerMembership: lambda org: factories.OfficerMembershipFactory(organisation=org),
    p.Theme: lambda org: factories.ThemeFactory(),
    p.Plan: lambda org: factories.PlanFactory(organisation=org),
    p.Aim: lambda org: p.Aim.objects.create(
        plan=factories.PlanFactory(organisation=org), title="Start well", slug="start-well"
    ),
    p.Priority: lambda org: factories.PriorityFactory(plan__organisation=org),
    p.Initiative: lambda org: factories.InitiativeFactory(organisation=org),
    p.StatusChange: _status_change,
    p.Committee: lambda org: factories.CommitteeFactory(organisation=org),
    p.Meeting: _meeting,
    p.AgendaItem: lambda org: p.AgendaItem.objects.create(
        meeting=_meeting(org),
        title="Item",
        initiative=factories.InitiativeFactory(organisation=org),
    ),
    p.Consultation: lambda org: p.Consultation.private_objects.create(
        organisation=org, title="Families' views", slug="families-views"
    ),
    p.Subscriber: lambda org: factories.SubscriberFactory(),
    p.Notification: lambda org: p.Notification.objects.create(
        status_change=_status_change(org), subscriber=factories.SubscriberFactory()
    ),
    s.PartnershipProfile: _profile,
    s.Ambition: lambda org: factories.AmbitionFactory(partnership=_profile(org)),
    s.Indicator: lambda org: factories.IndicatorFactory(organisation=org),
    s.Measurement: lambda org: s.Measurement.objects.create(
        indicator=factories.IndicatorFactory(organisation=org),
        period_end=datetime.date(2024, 3, 31),
        value=12,
    ),
    s.Inspection: lambda org: s.Inspection.objects.create(
        organisation=org,
        inspectorate="ofsted",
        kind="focused_visit",
        title="Focused visit",
        slug="focused-visit",
        published_on=datetime.date(2021, 8, 26),
    ),
}

PORTAL_APPS = {"priorities", "safeguarding"}


def portal_admins():
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PORTAL_APPS
    }


OK, DENIED, HIDDEN, SIGN_IN = 200, 403, 404, 302
#: Another organisation's record: refused or not found, never shown.
NOT_YOURS = {DENIED, HIDDEN}


def expected(model, model_admin, view, visitor):
    """Return the status codes ``visitor`` may get from ``view`` of ``model``'s admin."""
    from priorities.admin_base import ScopedReadOnlyAdmin

    if visitor == "anonymous":
        return {SIGN_IN}
    if isinstance(model_admin, SuperuserOnlyMixin):
        return {DENIED}
    if isinstance(model_admin, GlobalRecordAdmin):
        return {OK} if view in ("changelist", "change", "history") else {DENIED}
    assert isinstance(model_admin, OrganisationScopedMixin), f"{model} is not officer-scoped"
    own = visitor.startswith("own")
    role = visitor.split()[1]
    read_only = isinstance(model_admin, ScopedReadOnlyAdmin)
    if model is p.OfficerMembership and role != "administrator":
        return {DENIED}
    if view == "changelist":
        return {OK}
    if view == "add":
        return {DENIED} if read_only or model is p.Organisation else {OK}
    if not own:
        return NOT_YOURS
    if view == "delete":
        if read_only or model is p.Organisation:
            return {DENIED}
        return {OK} if role in ("publisher", "administrator") else {DENIED}
    return {OK}


def url_for(model, view, record):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    if view in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[record.pk])


def visitor_user(visitor, own, other):
    if visitor == "anonymous":
        return None
    organisation = own if visitor.startswith("own") else other
    return factories.OfficerMembershipFactory(
        organisation=organisation, role=visitor.split()[1]
    ).user


def test_every_admin_model_is_in_the_matrix():
    missing = [model.__name__ for model in portal_admins() if model not in RECORD_MAKERS]
    assert not missing, f"add these models to RECORD_MAKERS and decide their scoping: {missing}"


MATRIX = [
    (model, view, visitor) for model in RECORD_MAKERS for view in VIEWS for visitor in VISITORS
]


@pytest.mark.parametrize(
    ("model", "view", "visitor"),
    MATRIX,
    ids=[f"{m.__name__}-{v}-{w.replace(' ', '_')}" for m, v, w in MATRIX],
)
def test_admin_permission_matrix(client, model, view, visitor):
    model_admin = portal_admins()[model]
    own = factories.OrganisationFactory(name="Telford test council", slug="telford-test")
    other = factories.OrganisationFactory(name="Wandsworth test council", slug="wandsworth-test")
    record = RECORD_MAKERS[model](own)
    user = visitor_user(visitor, own, other)
    if user is not None:
        client.force_login(user)

    response = client.get(url_for(model, view, record))

    want = expected(model, model_admin, view, visitor)
    assert response.status_code in want, (model.__name__, view, visitor, response.status_code)
    if want == {SIGN_IN}:
        assert "/admin/login/" in response["Location"]
    if response.status_code == OK and view != "add":
        assert str(record.pk) in response.content.decode() or view == "changelist"
    if view == "changelist" and want == {OK} and model is not p.Theme:
        listed = record.pk in {obj.pk for obj in response.context["cl"].result_list}
        assert listed == visitor.startswith("own"), "change list scoping"
