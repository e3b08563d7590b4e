"""The officer's home page: what needs their attention, each item a link to where they act.

One selector per section, each for one signed-in user and scoped to their organisations (a
superuser's cover every organisation; ``officer_scope`` finds them, once for the whole page).
Each runs a fixed number of queries whatever the amount of data (one per kind of record at
most, never one per row):

- ``reviews_waiting_for``: records in review and pending revisions in the organisations where
  the user may publish, leaving out, where the organisation asks for a second publisher, what
  the user last edited or proposed themselves (they may not approve it);
- ``sent_back_to``: drafts whose latest review step sent them back and whose content the user
  last edited, and revisions the user proposed that were sent back (not since proposed again);
- ``initiatives_to_update``: initiatives the user owns that are in an open update round without
  an update in it (``priorities.rounds.selectors``' rule), or not updated for their
  organisation's ``update_threshold_days`` (``priorities.progress.staleness``' rule);
- ``next_meetings_for``: the next scheduled meeting of each committee of the user's
  organisations, with its agenda items;
- ``recent_publications_for``: what was published in the user's organisations in the last
  fortnight.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from priorities.models import (
    AgendaItem,
    Initiative,
    InitiativeUpdate,
    Meeting,
    MeetingStatus,
    OfficerMembership,
    PublicationState,
    ReviewAction,
    ReviewEvent,
    Revision,
    RevisionKind,
    RevisionState,
    UpdateRound,
)
from priorities.models.base import PublishableModel
from priorities.permissions import EDITING_ROLES, PUBLISHING_ROLES
from priorities.progress.staleness import last_updated
from priorities.rounds.selectors import FINISHED_STATUSES, counts_in_round, round_initiatives
from priorities.services import PUBLICATION_REASON_PREFIX

#: How far back "recent publications" reach.
RECENT_PUBLICATIONS_DAYS = 14


@dataclass(frozen=True)
class Row:
    """One thing to look at: what it is, where to act on it, and what to know first."""

    title: str
    url: str
    kind: str
    organisation: str
    detail: str = ""
    when: datetime.datetime | datetime.date | None = None
    #: Further (text, url) links, such as an update round's page.
    links: tuple = ()


@dataclass(frozen=True)
class MeetingAgenda:
    """A committee's next meeting and what is on its agenda."""

    meeting: Meeting
    url: str
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class AgendaRow:
    """An agenda item: its title, and the record it is about (where the officer acts)."""

    title: str
    subject: str
    kind: str
    url: str


@dataclass(frozen=True)
class Dashboard:
    #: Whether the user may publish somewhere, and so review.
    may_review: bool
    reviews: list
    sent_back: list
    to_update: list
    next_meetings: list
    recent_publications: list


# Who the user is where --------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerScope:
    """The organisations where the user may edit and publish (``None``: all of them)."""

    user: object
    editing: frozenset | None
    publishing: frozenset | None

    @property
    def is_superuser(self):
        return self.editing is None


def officer_scope(user) -> OfficerScope:
    """Return ``user``'s organisations by what they may do there (one query)."""
    if not (user.is_authenticated and user.is_active):
        return OfficerScope(user, frozenset(), frozenset())
    if user.is_superuser:
        return OfficerScope(user, None, None)
    editing, publishing = set(), set()
    for organisation_id, role in OfficerMembership.objects.filter(user=user).values_list(
        "organisation", "role"
    ):
        if role in EDITING_ROLES:
            editing.add(organisation_id)
        if role in PUBLISHING_ROLES:
            publishing.add(organisation_id)
    return OfficerScope(user, frozenset(editing), frozenset(publishing))


def _organisation_path(queryset, field_name="pk"):
    lookup = queryset.organisation_lookup
    return f"{lookup}__{field_name}" if lookup else field_name


def _in_organisations(queryset, organisation_ids):
    """Limit ``queryset`` to records of ``organisation_ids`` (``None``: no limit)."""
    if organisation_ids is None:
        return queryset
    return queryset.filter(**{f"{_organisation_path(queryset)}__in": organisation_ids})


def _organisation_of(record):
    lookup = type(record)._default_manager.get_queryset().organisation_lookup
    owner = record
    for part in filter(None, lookup.split("__")):
        owner = getattr(owner, part)
    return owner


# Records, their admin pages and their names -----------------------------------------------


def reviewed_models():
    """The models of the admin whose records go through review, in a fixed order."""
    models = [model for model in admin.site._registry if issubclass(model, PublishableModel)]
    return sorted(models, key=lambda model: model._meta.label)


def change_url(model, pk) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[quote(pk)])


def kind_of(model) -> str:
    return str(model._meta.verbose_name).capitalize()


def person(user) -> str:
    if user is None:
        return "someone no longer here"
    return user.get_full_name() or user.get_username()


def day(moment) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return date_format(moment, "j F Y")


def _with_organisation(queryset):
    """``queryset`` with the records its rows name loaded along: the organisation (and so an
    initiative update's initiative)."""
    lookup = queryset.organisation_lookup
    return queryset.select_related(lookup) if lookup else queryset


def load_records(keys) -> dict:
    """Return ``{(model, pk): record}`` for ``keys`` (pairs of a model and a primary key), with
    one query per model."""
    wanted: dict = {}
    for model, pk in keys:
        wanted.setdefault(model, set()).add(pk)
    records = {}
    for model, pks in wanted.items():
        for record in _with_organisation(model._default_manager.filter(pk__in=pks)):
            records[(model, record.pk)] = record
    return records


def last_content_editor_id(model):
    """The id of the user who last changed a record's content, as a subquery on ``model``:
    its latest history row not written by the publication services (the rule of
    ``priorities.services.last_content_editor``)."""
    history = model.history.model
    return Subquery(
        history.objects.filter(**{model._meta.pk.attname: OuterRef("pk")})
        .exclude(history_change_reason__startswith=PUBLICATION_REASON_PREFIX)
        .order_by("-history_date", "-history_id")
        .values("history_user_id")[:1]
    )


def latest_review_step(model, column):
    """``column`` of a record's latest review step, as a subquery on ``model``."""
    meta = model._meta
    return Subquery(
        ReviewEvent.objects.filter(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id=OuterRef("pk"),
        )
        .order_by("-acted_at", "-pk")
        .values(column)[:1]
    )


def _review_steps(ids) -> dict:
    return {
        event.pk: event
        for event in ReviewEvent.objects.filter(pk__in=[pk for pk in ids if pk]).select_related(
            "acted_by"
        )
    }


def _revisions(queryset):
    """Revisions of ``queryset`` with the records they change (one query per kind of record)."""
    revisions = list(
        queryset.select_related("content_type", "organisation", "proposed_by", "decided_by")
    )
    records = load_records(
        (revision.content_type.model_class(), revision.object_id) for revision in revisions
    )
    return [
        (revision, records.get((revision.content_type.model_class(), revision.object_id)))
        for revision in revisions
    ]


def _revision_title(revision, record):
    """The record's published name; for a pending edit that renames it, "Published title →
    proposed title"."""
    if record is None:
        return f"{revision.get_kind_display()} of a deleted record"
    proposed = revision.data.get("title") if revision.kind == RevisionKind.EDIT else None
    if (
        revision.state == RevisionState.PENDING
        and isinstance(proposed, str)
        and proposed.strip()
        and proposed != getattr(record, "title", proposed)
    ):
        return f"{record} → {proposed}"
    return str(record)


def _revision_kind(revision):
    model = revision.content_type.model_class()
    if revision.kind == RevisionKind.STATUS:
        return f"{kind_of(model)}: status change"
    return f"{kind_of(model)}: change to the published version"


# Reviews waiting for the user -------------------------------------------------------------


def reviews_waiting_for(user, scope=None) -> list[Row]:
    """Return the records in review and the pending revisions ``user`` may approve, those
    waiting longest first."""
    scope = scope or officer_scope(user)
    if scope.publishing == frozenset():
        return []
    rows = []
    records = []
    for model in reviewed_models():
        queryset = _in_organisations(
            model._default_manager.filter(publication_state=PublicationState.IN_REVIEW),
            scope.publishing,
        ).annotate(latest_review_id=latest_review_step(model, "pk"))
        if not scope.is_superuser:
            # A second publisher must approve what the user last edited: not theirs to review.
            queryset = queryset.annotate(last_editor_id=last_content_editor_id(model)).filter(
                Q(**{_organisation_path(queryset, "second_publisher_required"): False})
                | Q(last_editor_id__isnull=True)
                | ~Q(last_editor_id=user.pk)
            )
        records += list(_with_organisation(queryset))
    steps = _review_steps(record.latest_review_id for record in records)
    for record in records:
        step = steps.get(record.latest_review_id)
        submitted = f"Submitted by {person(step.acted_by)}" if step else "In review"
        when = step.acted_at if step else record.updated_at
        rows.append(
            Row(
                title=str(record),
                url=change_url(type(record), record.pk),
                kind=kind_of(type(record)),
                organisation=str(_organisation_of(record)),
                detail=f"{submitted} on {day(when)}." if step else f"{submitted}.",
                when=when,
            )
        )

    pending = _in_organisations(Revision.objects.pending(), scope.publishing)
    if not scope.is_superuser:
        pending = pending.exclude(organisation__second_publisher_required=True, proposed_by=user)
    for revision, record in _revisions(pending):
        rows.append(
            Row(
                title=_revision_title(revision, record),
                url=change_url(revision.content_type.model_class(), revision.object_id),
                kind=_revision_kind(revision),
                organisation=str(revision.organisation),
                detail=f"Proposed by {person(revision.proposed_by)} on {day(revision.created_at)}.",
                when=revision.created_at,
            )
        )
    return sorted(rows, key=lambda row: row.when)


# Records sent back to the user ------------------------------------------------------------


def sent_back_to(user, scope=None) -> list[Row]:
    """Return the drafts sent back whose content ``user`` last edited, and the revisions they
    proposed that were sent back (and not proposed again since), with the publisher's comment;
    the latest first."""
    scope = scope or officer_scope(user)
    if scope.editing == frozenset():
        return []
    records = []
    for model in reviewed_models():
        queryset = (
            _in_organisations(
                model._default_manager.filter(publication_state=PublicationState.DRAFT),
                scope.editing,
            )
            .annotate(
                latest_review_action=latest_review_step(model, "action"),
                latest_review_id=latest_review_step(model, "pk"),
                last_editor_id=last_content_editor_id(model),
            )
            .filter(latest_review_action=ReviewAction.SENT_BACK, last_editor_id=user.pk)
        )
        records += list(_with_organisation(queryset))
    steps = _review_steps(record.latest_review_id for record in records)
    rows = []
    for record in records:
        step = steps[record.latest_review_id]
        rows.append(
            Row(
                title=str(record),
                url=change_url(type(record), record.pk),
                kind=kind_of(type(record)),
                organisation=str(_organisation_of(record)),
                detail=_sent_back_detail(step.acted_by, step.acted_at, step.comment),
                when=step.acted_at,
            )
        )

    proposed_again = Revision.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        kind=OuterRef("kind"),
        created_at__gt=OuterRef("created_at"),
    )
    sent_back = _in_organisations(
        Revision.objects.filter(state=RevisionState.SENT_BACK, proposed_by=user),
        scope.editing,
    ).exclude(Exists(proposed_again))
    for revision, record in _revisions(sent_back):
        when = revision.decided_at or revision.updated_at
        rows.append(
            Row(
                title=_revision_title(revision, record),
                url=change_url(revision.content_type.model_class(), revision.object_id),
                kind=_revision_kind(revision),
                organisation=str(revision.organisation),
                detail=_sent_back_detail(revision.decided_by, when, revision.comment),
                when=when,
            )
        )
    return sorted(rows, key=lambda row: row.when, reverse=True)


def _sent_back_detail(who, when, comment):
    said = f": “{comment}”" if comment else "."
    return f"Sent back by {person(who)} on {day(when)}{said}"


# Initiatives the user owns that need an update --------------------------------------------


def initiatives_to_update(user, today=None, scope=None) -> list[Row]:
    """Return the initiatives ``user`` owns that an open round asks them to update, or that
    have gone their organisation's threshold without an update: round deadlines first, then
    the longest without an update."""
    today = today or timezone.localdate()
    scope = scope or officer_scope(user)
    if scope.editing == frozenset():
        return []
    last_published = (
        InitiativeUpdate.private_objects.filter(
            initiative=OuterRef("pk"), publication_state=PublicationState.PUBLISHED
        )
        .order_by("-as_of")
        .values("as_of")[:1]
    )
    owned = (
        _in_organisations(Initiative.private_objects.filter(owners=user), scope.editing)
        .exclude(status__in=FINISHED_STATUSES)
        .exclude(publication_state=PublicationState.ARCHIVED)
    )
    initiatives = {
        initiative.pk: initiative
        for initiative in owned.select_related("organisation").annotate(
            last_update_as_of=Subquery(last_published)
        )
    }
    outstanding = _outstanding_in_open_rounds(owned, scope)

    rows = []
    currency = {
        pk: last_updated(initiative, latest_update_on=initiative.last_update_as_of, today=today)
        for pk, initiative in initiatives.items()
    }
    for initiative in sorted(initiatives.values(), key=lambda item: currency[item.pk].on):
        rounds = outstanding.get(initiative.pk, [])
        current = currency[initiative.pk]
        if not (rounds or current.stale):
            continue
        details = [
            f"{update_round.name}: update due by {day(update_round.due_on)}."
            for update_round in rounds
        ]
        if current.stale:
            details.append(f"Not updated since {day(current.on)}.")
        rows.append(
            Row(
                title=str(initiative),
                url=_post_update_url(initiative, rounds[0] if rounds else None),
                kind="Initiative",
                organisation=str(initiative.organisation),
                detail=" ".join(details),
                when=rounds[0].due_on if rounds else current.on,
                links=tuple(
                    (f"{update_round.name} round", change_url(UpdateRound, update_round.pk))
                    for update_round in rounds
                ),
            )
        )
    in_rounds = [row for row in rows if row.links]
    return sorted(in_rounds, key=lambda row: row.when) + [row for row in rows if not row.links]


def _outstanding_in_open_rounds(owned, scope) -> dict:
    """Return ``{initiative id: [open rounds]}``: the open rounds that cover each of ``owned``
    without an update in them published or in review (two queries, three with any round)."""
    rounds = {
        update_round.pk: update_round
        for update_round in _in_organisations(UpdateRound.objects.open(), scope.editing)
    }
    if not rounds:
        return {}
    covered = None
    for update_round in rounds.values():
        in_round = (
            round_initiatives(update_round)
            .filter(pk__in=owned.values("pk"))
            .order_by()
            .annotate(round_id=Value(update_round.pk, output_field=IntegerField()))
            .values_list("pk", "round_id")
        )
        covered = in_round if covered is None else covered.union(in_round)
    done_queries = [
        InitiativeUpdate.private_objects.filter(
            counts_in_round(update_round),
            initiative__in=owned.values("pk"),
            publication_state__in=[PublicationState.IN_REVIEW, PublicationState.PUBLISHED],
        )
        .order_by()
        .annotate(counted_in=Value(update_round.pk, output_field=IntegerField()))
        .values_list("initiative", "counted_in")
        for update_round in rounds.values()
    ]
    done = set(done_queries[0].union(*done_queries[1:]))
    outstanding: dict = {}
    for initiative_id, round_id in covered:
        if (initiative_id, round_id) not in done:
            outstanding.setdefault(initiative_id, []).append(rounds[round_id])
    for initiative_rounds in outstanding.values():
        initiative_rounds.sort(key=lambda update_round: update_round.due_on)
    return outstanding


def _post_update_url(initiative, update_round):
    """Where the owner posts an update: the progress update form, filled in for the round."""
    query = {"initiative": initiative.pk}
    if update_round is not None:
        query["round"] = update_round.pk
    return f"{reverse('admin:priorities_initiativeupdate_add')}?{urlencode(query)}"


# The next meetings ------------------------------------------------------------------------


def next_meetings_for(user, now=None, scope=None) -> list[MeetingAgenda]:
    """Return the next scheduled meeting of each committee of ``user``'s organisations, with
    its agenda items, soonest first (two queries)."""
    now = now or timezone.now()
    scope = scope or officer_scope(user)
    if scope.editing == frozenset():
        return []
    next_of_committee = (
        Meeting.objects.filter(committee=OuterRef("committee"), status=MeetingStatus.SCHEDULED)
        .upcoming(now)
        .values("pk")[:1]
    )
    meetings = (
        _in_organisations(Meeting.objects.filter(pk=Subquery(next_of_committee)), scope.editing)
        .select_related("committee__organisation")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("initiative", "plan").order_by(
                    "order", "item_number", "pk"
                ),
            )
        )
        .order_by("starts_at", "committee__name")
    )
    return [
        MeetingAgenda(
            meeting=meeting,
            url=change_url(Meeting, meeting.pk),
            items=[
                AgendaRow(
                    title=str(item),
                    subject=str(item.subject),
                    kind=kind_of(type(item.subject)),
                    url=change_url(type(item.subject), item.subject.pk),
                )
                for item in meeting.agenda_items.all()
            ],
        )
        for meeting in meetings
    ]


# Recent publications ----------------------------------------------------------------------


def recent_publications_for(user, now=None, scope=None) -> list[Row]:
    """Return what was published in ``user``'s organisations in the last fortnight, latest
    first: records published, and changes to published records and status changes approved
    (two queries, and one per kind of record published or changed)."""
    now = now or timezone.now()
    scope = scope or officer_scope(user)
    if scope.editing == frozenset():
        return []
    since = now - datetime.timedelta(days=RECENT_PUBLICATIONS_DAYS)
    events = ReviewEvent.objects.filter(action=ReviewAction.PUBLISHED, acted_at__gte=since)
    if not scope.is_superuser:
        in_organisations = Q(pk__in=[])
        for model in reviewed_models():
            meta = model._meta
            in_organisations |= Q(
                content_type__app_label=meta.app_label,
                content_type__model=meta.model_name,
                object_id__in=_in_organisations(model._default_manager.all(), scope.editing)
                .order_by()
                .values("pk"),
            )
        events = events.filter(in_organisations)
    events = list(events.select_related("content_type", "acted_by").order_by("-acted_at", "-pk"))
    records = load_records((event.content_type.model_class(), event.object_id) for event in events)
    rows = []
    for event in events:
        model = event.content_type.model_class()
        record = records.get((model, event.object_id))
        if record is None:
            continue
        rows.append(
            Row(
                title=str(record),
                url=change_url(model, record.pk),
                kind=kind_of(model),
                organisation=str(_organisation_of(record)),
                detail=f"Published by {person(event.acted_by)} on {day(event.acted_at)}.",
                when=event.acted_at,
            )
        )
    approved = _in_organisations(
        Revision.objects.filter(state=RevisionState.APPROVED, decided_at__gte=since),
        scope.editing,
    ).order_by("-decided_at", "-pk")
    for revision, record in _revisions(approved):
        if record is None:
            continue
        rows.append(
            Row(
                title=str(record),
                url=change_url(revision.content_type.model_class(), record.pk),
                kind=_revision_kind(revision),
                organisation=str(revision.organisation),
                detail=f"Approved by {person(revision.decided_by)} on {day(revision.decided_at)}.",
                when=revision.decided_at,
            )
        )
    return sorted(rows, key=lambda row: row.when, reverse=True)


def officer_dashboard(user) -> Dashboard:
    """Return every section of ``user``'s home page."""
    scope = officer_scope(user)
    return Dashboard(
        may_review=scope.is_superuser or bool(scope.publishing),
        reviews=reviews_waiting_for(user, scope=scope),
        sent_back=sent_back_to(user, scope=scope),
        to_update=initiatives_to_update(user, scope=scope),
        next_meetings=next_meetings_for(user, scope=scope),
        recent_publications=recent_publications_for(user, scope=scope),
    )
