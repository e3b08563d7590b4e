"""Load the demo data (``demo.data``, one module per seed document) into the priorities app.

Loading is idempotent: records are found by their natural keys (slugs) and saved only when a
value actually differs, and an initiative's status journey is applied only while it has no
status changes yet, so a second run writes nothing at all, not even history.

Every fact the seed documents do not give (exact meeting dates and times, committee outcomes,
progress, RAG ratings, milestones, targets' current values) is marked as illustrative where it
is shown: status change reasons end with ``ILLUSTRATIVE``, meeting and initiative descriptions
say which parts are invented.

This module and ``demo.data`` must never import from ``safeguarding``; ``demo.safeguarding_demo``
builds on them.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models

from demo.data import (
    COMMITTEE_MEMBERS,
    COMMITTEES,
    CONSULTATIONS,
    INITIATIVES,
    INITIATIVES_PUBLISHED_AT,
    MEETINGS,
    ORGANISATIONS,
    PARTNERSHIP_MEMBERSHIPS,
    PLAN_AGENDA_ITEMS,
    PLANS,
)
from demo.data.common import JOURNEY_NOTE, S
from demo.data.officers import (
    DEMO_ADMIN_USERNAME,
    DEMO_OFFICERS,
    DEMO_PASSWORD,
    OFFICER_PERMISSIONS,
    OFFICERS_GROUP,
)
from demo.data.themes import THEMES
from priorities.models import (
    AgendaItem,
    AgendaOutcome,
    Aim,
    Committee,
    CommitteeMember,
    Consultation,
    Initiative,
    Meeting,
    Milestone,
    OfficerMembership,
    OfficerRole,
    Organisation,
    PartnershipMembership,
    Plan,
    Priority,
    PublicationState,
    StatusChange,
    Target,
    Theme,
)
from priorities.services import initiative_change_status

LONDON = ZoneInfo("Europe/London")

#: The outcome recorded on the agenda item when a step of a journey happens at a meeting.
#: Steps to "awaiting scrutiny" put nothing before the committee yet, so make no agenda item.
AGENDA_OUTCOMES = {
    S.UNDER_SCRUTINY: AgendaOutcome.NOTED,
    S.ADOPTED: AgendaOutcome.APPROVED,
    S.IN_DELIVERY: AgendaOutcome.NOTED,
    S.COMPLETED: AgendaOutcome.NOTED,
    S.DEFERRED: AgendaOutcome.DEFERRED,
    S.REFERRED_BACK: AgendaOutcome.REFERRED_BACK,
    S.CALLED_IN: AgendaOutcome.CALLED_IN,
}


@dataclass
class Tally:
    """What a load wrote: records created and records whose values changed."""

    created: int = 0
    updated: int = 0


def london(value: str | None) -> datetime | None:
    """Return "YYYY-MM-DD HH:MM" as an aware datetime in Europe/London."""
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=LONDON)


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _differs(obj, name, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def upsert(manager, tally: Tally, *, lookup: dict, values: dict | None = None, m2m=None):
    """Find the record by its natural key ``lookup``; create it, or save only what differs.

    ``m2m`` maps a many-to-many field to the complete list of records it should hold; the
    relation is written only when it differs, so an unchanged record gains no history.
    """
    values = values or {}
    obj = manager.filter(**lookup).first()
    created = obj is None
    # Field values are checked here (lengths, choices, links) so bad data fails the same way on
    # SQLite as on PostgreSQL; uniqueness and check constraints are left to the database.
    if created:
        obj = manager.model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        tally.created += 1
    else:
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            tally.updated += 1
    for name, records in (m2m or {}).items():
        related = getattr(obj, name)
        if set(related.values_list("pk", flat=True)) != {record.pk for record in records}:
            related.set(records)
            if not created:
                tally.updated += 1
    return obj


def publication(draft: bool, published_at: str) -> dict:
    if draft:
        return {"publication_state": PublicationState.DRAFT, "published_at": None}
    return {"publication_state": PublicationState.PUBLISHED, "published_at": london(published_at)}


#: Organisations already looked up in this load, by slug; emptied by ``start_load``.
_organisations: dict[str, Organisation] = {}


def start_load():
    """Forget lookups from an earlier load: its transaction may have been rolled back."""
    _organisations.clear()


def organisation(slug: str) -> Organisation:
    if slug not in _organisations:
        _organisations[slug] = Organisation.objects.get(slug=slug)
    return _organisations[slug]


def committee(ref: str) -> Committee:
    organisation_slug, slug = ref.split("/")
    return Committee.objects.get(organisation__slug=organisation_slug, slug=slug)


def meeting(ref: str | None) -> Meeting | None:
    if ref is None:
        return None
    organisation_slug, committee_slug, slug = ref.split("/")
    return Meeting.objects.get(
        committee__organisation__slug=organisation_slug, committee__slug=committee_slug, slug=slug
    )


def plan(ref: str) -> Plan:
    organisation_slug, slug = ref.split("/")
    return Plan.private_objects.get(organisation__slug=organisation_slug, slug=slug)


def priority(ref: str) -> Priority:
    """Return the priority "organisation/plan/priority" (any publication state)."""
    organisation_slug, plan_slug, slug = ref.split("/")
    return Priority.private_objects.get(
        plan__organisation__slug=organisation_slug, plan__slug=plan_slug, slug=slug
    )


def initiative(ref: str) -> Initiative:
    organisation_slug, slug = ref.split("/")
    return Initiative.private_objects.get(organisation__slug=organisation_slug, slug=slug)


def load_themes(tally):
    for theme in THEMES:
        upsert(
            Theme.objects,
            tally,
            lookup={"slug": theme["slug"]},
            values={"name": theme["name"], "description": theme["description"]},
        )


def load_organisations(tally):
    for data in ORGANISATIONS:
        values = {key: value for key, value in data.items() if key != "slug"}
        upsert(Organisation.objects, tally, lookup={"slug": data["slug"]}, values=values)
    for order, (partnership, member, is_lead, role) in enumerate(PARTNERSHIP_MEMBERSHIPS, 1):
        upsert(
            PartnershipMembership.objects,
            tally,
            lookup={"partnership": organisation(partnership), "member": organisation(member)},
            values={"is_lead_partner": is_lead, "role": role, "order": order},
        )


def load_committees(tally):
    for data in COMMITTEES:
        upsert(
            Committee.objects,
            tally,
            lookup={"organisation": organisation(data["organisation"]), "slug": data["slug"]},
            values={"name": data["name"], "kind": data["kind"], "description": data["description"]},
        )
    for ref, name, role, portfolio in COMMITTEE_MEMBERS:
        upsert(
            CommitteeMember.objects,
            tally,
            lookup={"committee": committee(ref), "name": name},
            values={"role": role, "portfolio": portfolio},
        )
    for data in MEETINGS:
        starts_at = london(data["starts_at"])
        upsert(
            Meeting.objects,
            tally,
            lookup={"committee": committee(data["committee"]), "slug": f"{starts_at:%Y-%m-%d}"},
            values={
                "starts_at": starts_at,
                "status": data["status"],
                "location": data["location"],
                "description": data["description"],
            },
        )


def load_plans(tally):
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for data in PLANS:
        owner = organisation(data["organisation"])
        the_plan = upsert(
            Plan.private_objects,
            tally,
            lookup={"organisation": owner, "slug": data["slug"]},
            values={
                "title": data["title"],
                "summary": data["summary"],
                "status": data["status"],
                "period_start": day(data["period_start"]),
                "period_end": day(data["period_end"]),
                "source_title": data["source_title"],
                "source_date": day(data["source_date"]),
                "adopted_at_meeting": meeting(data["adopted_at_meeting"]),
                "overseen_by": committee(data["overseen_by"]) if data["overseen_by"] else None,
                **publication(False, data["published_at"]),
            },
        )
        aims = {}
        for order, aim in enumerate(data["aims"], 1):
            aims[aim["slug"]] = upsert(
                Aim.objects,
                tally,
                lookup={"plan": the_plan, "slug": aim["slug"]},
                values={"title": aim["title"], "description": aim["description"], "order": order},
            )
        for order, item in enumerate(data["priorities"], 1):
            lead_member, portfolio = item["lead"]
            upsert(
                Priority.private_objects,
                tally,
                lookup={"plan": the_plan, "slug": item["slug"]},
                values={
                    "aim": aims[item["aim"]] if item.get("aim") else None,
                    "title": item["title"],
                    "summary": item["summary"],
                    "young_people_summary": item["young_people_summary"],
                    "lead_member": lead_member,
                    "portfolio": portfolio,
                    "lead_organisation": owner,
                    "order": order,
                    **publication(item.get("draft", False), data["published_at"]),
                },
                m2m={
                    "themes": [themes[slug] for slug in item["themes"]],
                    "contributing_organisations": [
                        organisation(slug) for slug in item["contributors"]
                    ],
                },
            )


def load_initiatives(tally):
    for data in INITIATIVES:
        owner = organisation(data["organisation"])
        draft = data.get("draft", False)
        item = upsert(
            Initiative.private_objects,
            tally,
            lookup={"organisation": owner, "slug": data["slug"]},
            values={
                "title": data["title"],
                "summary": data["summary"] if draft else f"{data['summary']}\n\n{JOURNEY_NOTE}",
                "rag": data["rag"],
                "progress": data["progress"],
                "start_date": day(data["start_date"]),
                "end_date": day(data["end_date"]),
                **publication(draft, INITIATIVES_PUBLISHED_AT[data["organisation"]]),
            },
            m2m={
                "priorities": [priority(ref) for ref in data["priorities"]],
                "partner_organisations": [organisation(slug) for slug in data["partners"]],
            },
        )
        for order, (title, due, completed) in enumerate(data["milestones"], 1):
            upsert(
                Milestone.objects,
                tally,
                lookup={"initiative": item, "title": title},
                values={"due_date": day(due), "completed_on": day(completed), "order": order},
            )
        for target in data["targets"]:
            upsert(
                Target.objects,
                tally,
                lookup={"initiative": item, "description": target["description"]},
                values={
                    "unit": target["unit"],
                    "baseline_value": decimal(target["baseline_value"]),
                    "baseline_date": day(target["baseline_date"]),
                    "target_value": decimal(target["target_value"]),
                    "target_date": day(target["target_date"]),
                    "current_value": decimal(target["current_value"]),
                    "current_value_date": day(target["current_value_date"]),
                },
            )
        apply_journey(item, data["journey"])


def apply_journey(item: Initiative, journey: list[dict]):
    """Walk ``item`` through its journey with the service, once: only if it has no steps yet."""
    if not journey or StatusChange.objects.filter(initiative=item).exists():
        return
    for entry in journey:
        initiative_change_status(
            initiative=item,
            to=entry["to"],
            reason=entry["reason"],
            acting_user=None,
            meeting=meeting(entry["meeting"]),
            changed_at=london(entry["at"]),
        )


def agenda_items():
    """Return every agenda item the data implies: plan items, then initiatives' steps at meetings.

    An initiative appears once per meeting, with the outcome of its last step there.
    """
    items = {}
    for meeting_ref, plan_ref, title, outcome, notes in PLAN_AGENDA_ITEMS:
        items[(meeting_ref, "plan", plan_ref)] = {
            "title": title,
            "outcome": outcome,
            "notes": notes,
            "plan": plan_ref,
        }
    for data in INITIATIVES:
        ref = f"{data['organisation']}/{data['slug']}"
        for entry in data["journey"]:
            outcome = AGENDA_OUTCOMES.get(entry["to"])
            if entry["meeting"] and outcome:
                items[(entry["meeting"], "initiative", ref)] = {
                    "title": data["title"],
                    "outcome": outcome,
                    "notes": entry["reason"],
                    "initiative": ref,
                }
    return items


def load_agenda_items(tally):
    numbers: dict[str, int] = {}
    for (meeting_ref, _kind, _ref), data in agenda_items().items():
        numbers[meeting_ref] = numbers.get(meeting_ref, 0) + 1
        number = numbers[meeting_ref]
        upsert(
            AgendaItem.objects,
            tally,
            lookup={"meeting": meeting(meeting_ref), "title": data["title"]},
            values={
                "item_number": str(number),
                "order": number,
                "plan": plan(data["plan"]) if "plan" in data else None,
                "initiative": initiative(data["initiative"]) if "initiative" in data else None,
                "outcome": data["outcome"],
                "outcome_notes": data["notes"],
            },
        )


def load_consultations(tally):
    for data in CONSULTATIONS:
        upsert(
            Consultation.private_objects,
            tally,
            lookup={"organisation": organisation(data["organisation"]), "slug": data["slug"]},
            values={
                "title": data["title"],
                "audience": data["audience"],
                "opened_on": day(data["opened_on"]),
                "closed_on": day(data["closed_on"]),
                "method": data["method"],
                "you_said": data["you_said"],
                "we_did": data["we_did"],
                **publication(False, data["published_at"]),
            },
            m2m={
                "shaped_plans": [plan(ref) for ref in data["shaped_plans"]],
                "shaped_priorities": [priority(ref) for ref in data["shaped_priorities"]],
                "shaped_initiatives": [initiative(ref) for ref in data["shaped_initiatives"]],
            },
        )


def ensure_officer_group(permissions: dict[type[models.Model], tuple[str, ...]]) -> Group:
    """Give the "Officers" group these permissions, adding only those it lacks."""
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    wanted = []
    for model, actions in permissions.items():
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model._meta.model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
            wanted.append(permission)
    held = set(group.permissions.values_list("pk", flat=True))
    missing = [permission for permission in wanted if permission.pk not in held]
    if missing:
        group.permissions.add(*missing)
    return group


def _ensure_user(username: str, *, email: str, superuser: bool):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, email=email)
        user.set_password(DEMO_PASSWORD)
    flags = {"is_staff": True, "is_active": True, "is_superuser": superuser}
    if user.pk is None or any(getattr(user, name) != value for name, value in flags.items()):
        for name, value in flags.items():
            setattr(user, name, value)
        user.save()
    return user


def load_demo_officers(tally) -> list[tuple[str, str]]:
    """Create the demo accounts; return (username, what they are) for the summary."""
    group = Group.objects.get(name=OFFICERS_GROUP)
    accounts = []
    admin = _ensure_user(DEMO_ADMIN_USERNAME, email="demo-admin@example.org", superuser=True)
    accounts.append((admin.username, "superuser"))
    for username, organisation_slug in DEMO_OFFICERS:
        owner = organisation(organisation_slug)
        user = _ensure_user(username, email=f"{username}@example.org", superuser=False)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        upsert(
            OfficerMembership.objects,
            tally,
            lookup={"user": user, "organisation": owner},
            values={"role": OfficerRole.PUBLISHER},
        )
        for item in Initiative.private_objects.filter(organisation=owner):
            if not item.owners.filter(pk=user.pk).exists():
                item.owners.add(user)
        accounts.append((username, f"publisher, {owner.name}"))
    return accounts


def load(tally: Tally, *, create_officers: bool) -> list[tuple[str, str]]:
    """Load the priorities demo data; return the demo accounts (none unless asked for)."""
    start_load()
    load_themes(tally)
    load_organisations(tally)
    load_committees(tally)
    load_plans(tally)
    load_initiatives(tally)
    load_agenda_items(tally)
    load_consultations(tally)
    ensure_officer_group(OFFICER_PERMISSIONS)
    return load_demo_officers(tally) if create_officers else []
