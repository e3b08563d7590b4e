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
from priorities.admin.scoping import GlobalRecordAdmin, OrganisationScopedMixin, SuperuserOnlyMixin
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
    p.InitiativeUpdate: lambda org: p.InitiativeUpdate.private_objects.create(
        initiative=factories.InitiativeFactory(organisation=org),
        as_of=datetime.date(2026, 3, 3),
        narrative="Two family hubs opened.",
        rag="green",
    ),
    p.UpdateRound: lambda org: p.UpdateRound.objects.create(
        organisation=org, name="Quarter 3 2026–27", due_on=datetime.date(2027, 1, 15)
    ),
    p.Committee: lambda org: factories.CommitteeFactory(organisation=org),
    p.WordReportTemplate: lambda org: p.WordReportTemplate.objects.create(
        organisation=org, file_name="committee-report.docx", content=b"not read here"
    ),
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
    from priorities.admin.scoping import ScopedReadOnlyAdmin

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
        # Another organisation's membership answers as an unknown id (see below).
        return {DENIED} if own or view in ("changelist", "add") else NOT_YOURS
    if view == "changelist":
        return {OK}
    if view == "add":
        if model is p.UpdateRound and role == "editor":
            return {DENIED}  # publishers prepare rounds; editors only look
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


# Another organisation's record answers exactly as a record that does not exist ----------------

OTHER_VISITORS = ("other editor", "other publisher", "other administrator")


def object_urls(model, model_admin, pk, version_id):
    """Return every URL of ``model_admin`` (and the portal's preview and view-on-site
    shortcut) that names one record by ``pk``."""
    from django.contrib.contenttypes.models import ContentType

    from portal.preview import preview_url

    urls = []
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        if not pattern.name or not ("object_id" in route or route.startswith("^([^/]+)")):
            continue
        args = [pk]
        if "history/([^/]+)" in route:
            args.append(version_id)
        if "file_format" in route:
            args.append("csv")
        if "<slug:step>" in route:
            args.append("publish")
        urls.append(reverse(f"admin:{pattern.name}", args=args))
    if hasattr(model, "public_objects"):
        urls.append(preview_url(model(pk=pk)))
    drafts_or_no_page = hasattr(model, "publication_state") or not hasattr(
        model, "get_absolute_url"
    )
    if drafts_or_no_page:
        content_type = ContentType.objects.get_for_model(model)
        urls.append(reverse("admin:view_on_site", args=[content_type.pk, pk]))
    return urls


SECRECY = [(model, visitor) for model in RECORD_MAKERS for visitor in OTHER_VISITORS]


@pytest.mark.parametrize(
    ("model", "visitor"),
    SECRECY,
    ids=[f"{m.__name__}-{w.replace(' ', '_')}" for m, w in SECRECY],
)
def test_another_organisations_record_looks_like_no_record(client, model, visitor):
    """Every URL naming a record answers another organisation's officer as it answers for an id
    that no record has: they cannot learn that the record exists."""
    if model in (p.Organisation, p.Theme):
        pytest.skip("organisations and themes are public: every officer may know they exist")
    model_admin = portal_admins()[model]
    own = factories.OrganisationFactory(name="Telford test council", slug="telford-test")
    other = factories.OrganisationFactory(name="Wandsworth test council", slug="wandsworth-test")
    record = RECORD_MAKERS[model](own)
    if hasattr(record, "publication_state"):
        model._base_manager.filter(pk=record.pk).update(publication_state="draft")
    history = getattr(record, "history", None)
    version_id = history.first().history_id if history is not None and history.exists() else 1
    unknown = model._base_manager.order_by("-pk").values_list("pk", flat=True).first() + 1000
    client.force_login(visitor_user(visitor, own, other))

    theirs = object_urls(model, model_admin, record.pk, version_id)
    nobodys = object_urls(model, model_admin, unknown, version_id)
    assert theirs
    for method in ("get", "post"):
        for url, unknown_url in zip(theirs, nobodys, strict=True):
            answer = getattr(client, method)(url)
            expected_answer = getattr(client, method)(unknown_url)
            assert answer.status_code == expected_answer.status_code, (method, url)
            assert answer.status_code in (403, 404), (method, url, answer.status_code)
