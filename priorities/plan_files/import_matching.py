"""Plan import, second step: find the records the file describes (those the officer may know
of) and compare each row with its record, noting what would change and warning where the file
asks for what an import does not do (status, publication)."""

from collections import defaultdict

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    Aim,
    Initiative,
    Milestone,
    Plan,
    Priority,
    PublicationState,
    Target,
)
from priorities.permissions import can_edit
from priorities.plan_files.columns import (
    AIM,
    COLUMNS_BY_HEADER,
    INITIATIVE,
    MILESTONE,
    ORGANISATION_HEADER,
    PRIORITY,
    TARGET,
    Kind,
)
from priorities.plan_files.import_common import (
    KEY_HEADERS,
    M2M_FIELDS,
    ImportRecord,
    a_noun,
    chunks,
    same_value,
    text_key,
    unknown_slugs,
)
from priorities.plan_files.outcome import CREATE, UNCHANGED, UPDATE, Change


class Matching:
    """Part of ``service._PlanImport``: fills ``records`` and the report's changes."""

    def load_existing(self, plan_row, *, lock: bool):
        """Fetch every record the file may describe, a few queries whatever the file's size."""

        def locked(queryset):
            return queryset.select_for_update() if lock else queryset

        self.plan_organisation = self.organisations[plan_row.values[ORGANISATION_HEADER]]
        self.plan = locked(
            self.known(Plan, self.plan_organisation).filter(
                organisation=self.plan_organisation, slug=plan_row.values["Slug"]
            )
        ).first()
        self.aims, self.priorities, self.plan_priority_pks = {}, {}, set()
        if self.plan is not None:
            # The aims of a plan the officer may know of are known with it.
            self.aims = {aim.slug: aim for aim in locked(Aim.objects.filter(plan=self.plan))}
            self.priorities = {
                priority.slug: priority
                for priority in locked(
                    self.known(Priority, self.plan_organisation).filter(plan=self.plan)
                )
            }
            self.plan_priority_pks = {priority.pk for priority in self.priorities.values()}
            for name in M2M_FIELDS[PRIORITY]:
                self.load_m2m(
                    Priority, name, [priority.pk for priority in self.priorities.values()]
                )

        # Initiatives by (organisation pk, slug); their targets and milestones.
        slugs_by_organisation = defaultdict(set)
        for row in self.by_type[INITIATIVE]:
            organisation_slug, slug = self.initiative_key(row)
            if organisation_slug in self.organisations and slug:
                slugs_by_organisation[self.organisations[organisation_slug].pk].add(slug)
        self.initiatives = {}
        organisations_by_pk = {
            organisation.pk: organisation for organisation in self.organisations.values()
        }
        for organisation_pk, slugs in slugs_by_organisation.items():
            known = self.known(Initiative, organisations_by_pk[organisation_pk])
            for chunk in chunks(sorted(slugs)):
                queryset = known.filter(organisation_id=organisation_pk, slug__in=chunk)
                for initiative in locked(queryset):
                    self.initiatives[initiative.organisation_id, initiative.slug] = initiative
        initiative_pks = [initiative.pk for initiative in self.initiatives.values()]
        for name in M2M_FIELDS[INITIATIVE]:
            self.load_m2m(Initiative, name, initiative_pks)
        self.targets = defaultdict(list)
        self.milestones = defaultdict(list)
        for chunk in chunks(initiative_pks):
            for target in locked(Target.objects.filter(initiative_id__in=chunk).order_by("pk")):
                self.targets[target.initiative_id, text_key(target.description)].append(target)
            for milestone in locked(
                Milestone.objects.filter(initiative_id__in=chunk).order_by("pk")
            ):
                self.milestones[milestone.initiative_id, text_key(milestone.title)].append(
                    milestone
                )

    def load_m2m(self, model, name, pks):
        m2m_field = model._meta.get_field(name)
        through = m2m_field.remote_field.through
        source = f"{m2m_field.m2m_field_name()}_id"
        target = f"{m2m_field.m2m_reverse_field_name()}_id"
        links = defaultdict(dict)
        for chunk in chunks(pks):
            rows = through.objects.filter(**{f"{source}__in": chunk}).values_list(
                "pk", source, target
            )
            for through_pk, source_pk, target_pk in rows:
                links[source_pk][target_pk] = through_pk
        self.current_m2m[model, name] = links

    def known(self, model, organisation):
        """Return the records of ``model`` owned by ``organisation`` that the import may find.

        An officer finds their own organisations' records and the published records of others,
        which anyone may see. Another organisation's unpublished records are not found: a row
        naming one is a new record, which the officer may not create there, so it gets the
        same answer as a row naming a record that does not exist, and tells them nothing.
        """
        if self.may_edit(organisation):
            return model.private_objects.all()
        return model.public_objects.all()

    # Comparing -------------------------------------------------------------------------------

    def may_edit(self, organisation) -> bool:
        if self.acting_user is None:
            return True
        if organisation.pk not in self.editable:
            self.editable[organisation.pk] = can_edit(self.acting_user, organisation)
        return self.editable[organisation.pk]

    def compare(self, record: ImportRecord, *, position: int, owner):
        """Set the row's values on the record, note what changes and check the officer may."""
        row, obj = record.row, record.obj
        created = obj.pk is None
        for header, value in row.values.items():
            if header in KEY_HEADERS:
                continue
            column = COLUMNS_BY_HEADER[header]
            model_field = obj._meta.get_field(column.fields[row.record])
            if model_field.many_to_many:
                continue
            if column.kind == Kind.ORDER and value is None:
                value = position
            elif value is None and not model_field.null and model_field.has_default():
                value = model_field.get_default()
            if created:
                setattr(obj, model_field.name, value)
            elif not same_value(obj, model_field, value):
                setattr(obj, model_field.name, value)
                record.fields.add(model_field.name)
                record.columns.append(header)
        for name in M2M_FIELDS.get(row.record, ()):
            self.compare_m2m(record, name)
        if created:
            record.action = CREATE
        elif record.fields or record.m2m:
            record.action = UPDATE
        if record.action != UNCHANGED and not self.may_edit(owner):
            self.fail(
                row,
                ORGANISATION_HEADER,
                f"You are not an officer of {owner.name}, so you cannot import changes to its "
                f"records (this row would {record.action} {a_noun(row.record)}).",
            )
        self.records[row.record].append(record)
        self.report.changes.append(
            Change(
                row=row.number,
                record=row.record,
                name=self.name(row, obj),
                action=record.action,
                columns=tuple(record.columns),
            )
        )

    def name(self, row, obj) -> str:
        """Return how the report names a row's record: its slug, or a target's description."""
        if row.record in (TARGET, MILESTONE):
            text = obj.description if row.record == TARGET else obj.title
            text = text if len(text) <= 60 else f"{text[:59]}…"
            return f"“{text}” of {self.initiative_key(row)[1]}"
        return obj.slug

    def compare_m2m(self, record: ImportRecord, name: str):
        header = next(
            header
            for header, column in COLUMNS_BY_HEADER.items()
            if column.fields.get(record.row.record) == name
        )
        if header not in record.row.values:
            return
        wanted = record.row.values[header]
        model = type(record.obj)
        current = {}
        if record.obj.pk is not None:
            current = self.current_m2m[model, name].get(record.obj.pk, {})
        kept = set()
        if model is Initiative and name == "priorities":
            # The file lists this plan's priorities; links to other plans' stay as they are.
            kept = {pk for pk in current if pk not in self.plan_priority_pks}
        wanted_pks = {related.pk for related in wanted} | kept
        if None in wanted_pks or wanted_pks != set(current):
            record.m2m[name] = (wanted, kept)
            if record.obj.pk is not None:
                record.columns.append(header)

    def compare_plan(self, row):
        plan = self.plan or Plan(organisation=self.plan_organisation, slug=row.values["Slug"])
        self.plan_record = ImportRecord(row, plan)
        self.compare(self.plan_record, position=0, owner=self.plan_organisation)
        if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
            self.fail(row, "End date", "The plan's period ends before it starts.")
        self.report.plan = plan

    def compare_plan_part(self, row, position, model, existing):
        """Compare a row of an aim or a priority of the plan with the record of its slug (a new
        one when the plan has none); return that record."""
        slug = row.values["Slug"]
        record = existing.get(slug) or model(plan=self.plan_record.obj, slug=slug)
        self.compare(ImportRecord(row, record), position=position, owner=self.plan_organisation)
        return record

    def compare_aims(self):
        self.file_aims = {}
        for position, row in enumerate(self.by_type[AIM], 1):
            if not row.ok:
                continue
            self.file_aims[row.values["Slug"]] = self.compare_plan_part(
                row, position, Aim, self.aims
            )

    def compare_priorities(self):
        self.file_priorities = {}
        for position, row in enumerate(self.by_type[PRIORITY], 1):
            if not row.ok:
                continue
            aim_slug = row.values.get("Aim")
            if aim_slug:
                aim = self.file_aims.get(aim_slug) or self.aims.get(aim_slug)
                if aim is None:
                    if aim_slug not in self.failed_slugs(AIM):
                        self.fail(row, "Aim", f"The plan has no aim with the slug “{aim_slug}”.")
                    row.ok = False
                    continue
                row.values["Aim"] = aim
            slug = row.values["Slug"]
            self.file_priorities[slug] = self.compare_plan_part(
                row, position, Priority, self.priorities
            )

    def compare_initiatives(self):
        self.file_initiatives = {}
        for row in self.by_type[INITIATIVE]:
            if not row.ok:
                continue
            organisation_slug, slug = self.initiative_key(row)
            organisation = self.organisations[organisation_slug]
            if "Priorities" in row.values:
                priorities, unknown = [], []
                for priority_slug in row.values["Priorities"]:
                    priority = self.file_priorities.get(priority_slug) or self.priorities.get(
                        priority_slug
                    )
                    (priorities if priority else unknown).append(priority or priority_slug)
                if unknown:
                    # A priority whose own row has errors is not "unknown": its row says why.
                    if not set(unknown) <= self.failed_slugs(PRIORITY):
                        self.fail(
                            row, "Priorities", unknown_slugs("priority of this plan", unknown)
                        )
                    row.ok = False
                    continue
                row.values["Priorities"] = priorities
            initiative = self.initiatives.get((organisation.pk, slug)) or Initiative(
                organisation=organisation, slug=slug
            )
            record = ImportRecord(row, initiative)
            self.compare(record, position=0, owner=organisation)
            if (
                initiative.start_date
                and initiative.end_date
                and initiative.end_date < initiative.start_date
            ):
                self.fail(row, "End date", "The initiative ends before it starts.")
            self.file_initiatives[organisation_slug, slug] = record
            self.warn_about_status(row, initiative)

    def warn_about_status(self, row, initiative):
        wanted = row.info.get("Status")
        if wanted is None or wanted == initiative.status:
            return
        label, current = InitiativeStatus(wanted).label, InitiativeStatus(initiative.status).label
        if initiative.pk is None:
            message = (
                f"The file says “{label}”, but new initiatives start as “{current}”. Record each "
                "step of its journey, with the reason, in the admin."
            )
        else:
            message = (
                f"The file says “{label}”, but the initiative is “{current}”. The import leaves "
                "the status as it is: status changes must be recorded with a reason in the admin."
            )
        self.report.warn(row.number, "Status", message)

    def warn_about_publication(self, row, obj):
        wanted = row.info.get("Publication state")
        if wanted is None or wanted == obj.publication_state:
            return
        label = PublicationState(wanted).label
        current = PublicationState(obj.publication_state).label
        if obj.pk is None:
            message = (
                f"The file says “{label}”, but new records are created as drafts: submit them "
                "for review and publish them in the admin."
            )
        else:
            message = (
                f"The file says “{label}”, but the {row.record} is “{current}”. The import does "
                "not publish or unpublish: use review and publish in the admin."
            )
        self.report.warn(row.number, "Publication state", message)

    def failed_slugs(self, record) -> set:
        """Return the slugs of ``record`` rows with errors: references to them are not
        reported again, their own rows say what is wrong."""
        return {row.values.get("Slug") for row in self.by_type[record] if not row.ok}

    def parent_initiative(self, row):
        """Return the initiative record of a target or milestone row, or None (reported)."""
        organisation_slug, slug = self.initiative_key(row)
        parent = self.file_initiatives.get((organisation_slug, slug))
        if parent is None:
            if any(
                self.initiative_key(other) == (organisation_slug, slug)
                for other in self.by_type[INITIATIVE]
            ):
                return None  # the initiative's row has errors of its own
            self.fail(
                row,
                "Initiative",
                f"The file has no initiative row with the slug “{slug}” (organisation "
                f"{organisation_slug}): a {row.record} needs its initiative's row in the same "
                "file.",
            )
        return parent

    def initiative_part(self, row, initiative, existing_by_name, name_column, model, plural):
        """The one record of ``model`` (a target or milestone of ``initiative``) that ``row``
        names in ``name_column``: the existing one, or a new one. None (and the row fails) when
        the initiative has several by that name."""
        existing = (
            existing_by_name.get((initiative.pk, text_key(row.values[name_column])), [])
            if initiative.pk
            else []
        )
        if len(existing) > 1:
            noun = name_column.lower()
            self.fail(
                row,
                name_column,
                f"The initiative has several {plural} with this {noun} in the portal: give "
                f"them different {noun}s in the admin first.",
            )
            return None
        if existing:
            # The name is the record's key: it is already the same (up to spacing).
            row.values.pop(name_column)
            return existing[0]
        return model(initiative=initiative)

    def rows_with_their_initiative(self, record_type):
        """Each row of ``record_type`` with its position under its initiative (counting every
        row), and the initiative, for the rows that are well formed and name one."""
        positions = defaultdict(int)
        for row in self.by_type[record_type]:
            key = self.initiative_key(row)
            positions[key] += 1
            if not row.ok:
                continue
            parent = self.parent_initiative(row)
            if parent is not None:
                yield row, key, positions[key], parent.obj

    def compare_targets(self):
        for row, key, _position, initiative in self.rows_with_their_initiative(TARGET):
            target = self.initiative_part(
                row, initiative, self.targets, "Description", Target, "targets"
            )
            if target is None:
                continue
            self.compare(ImportRecord(row, target), position=0, owner=self.organisations[key[0]])
            if (
                target.baseline_date
                and target.target_date
                and target.target_date < target.baseline_date
            ):
                self.fail(row, "Target date", "The target date is before the baseline date.")

    def compare_milestones(self):
        for row, key, position, initiative in self.rows_with_their_initiative(MILESTONE):
            milestone = self.initiative_part(
                row, initiative, self.milestones, "Title", Milestone, "milestones"
            )
            if milestone is None:
                continue
            record = ImportRecord(row, milestone)
            self.compare(record, position=position, owner=self.organisations[key[0]])
