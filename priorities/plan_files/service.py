"""Import a plan from a CSV or Excel file: all or nothing, with a dry run.

``plan_import`` reads the file row by row, checks every cell, every reference between rows and
to the portal's records, and the officer's right to change each record; then compares each row
with the record it describes. When nothing is wrong and it is not a dry run, it writes every
change in one transaction: records created and updated in bulk, with one history row each
(reason "Imported from <file>", the officer as its author) just as a save in the admin would
leave. A record whose values are already those of the file is not written at all, so importing
the same file twice changes nothing the second time, not even the history.

An officer's import finds only the records they may know of: their own organisations' and the
published records of others. Another organisation's unpublished records are, to it, records that
do not exist (``_PlanImport.known``): a row naming one is refused with the words a made-up name
gets, so an import never tells an officer that another organisation has a draft.

The import never deletes, never changes an initiative's status (that needs a reason:
``initiative_change_status``) and never publishes: new records are drafts, and the file's
"Status" of an initiative and "Publication state" are read for information, with a warning where
they differ from the portal's.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from portal import page_cache
from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    Aim,
    Committee,
    Initiative,
    Meeting,
    Milestone,
    Organisation,
    Plan,
    Priority,
    PublicationState,
    Target,
    Theme,
)
from priorities.permissions import can_edit
from priorities.plan_files.columns import (
    AIM,
    COLUMNS_BY_HEADER,
    INITIATIVE,
    MILESTONE,
    MODELS,
    ORGANISATION_HEADER,
    PLAN,
    PRIORITY,
    RECORD_HEADER,
    TARGET,
    Kind,
)
from priorities.plan_files.files import FileProblem, open_table
from priorities.plan_files.outcome import CREATE, UNCHANGED, UPDATE, Change, ImportReport
from priorities.plan_files.parsing import Layout, ParsedRow, parse_row

#: Rows of one query's IN (...) list, and of one bulk insert or update.
BATCH_SIZE = 500
#: Columns that identify a record rather than set one of its values.
_KEY_HEADERS = frozenset({RECORD_HEADER, ORGANISATION_HEADER, "Slug", "Initiative"})
#: Record types -> their fields filled from other rows or records, resolved by the import.
_M2M = {
    PRIORITY: ("themes", "contributing_organisations"),
    INITIATIVE: ("priorities", "partner_organisations"),
}


def plan_import(*, file, filename: str, acting_user=None, dry_run: bool = True) -> ImportReport:
    """Check the plan in ``file`` (a binary CSV or .xlsx file) and, unless ``dry_run``, apply it.

    ``acting_user`` is None only for the system (a management command run without --user);
    an officer may change only the records of organisations they edit. Returns the report:
    errors and warnings by row and column, and what happens to each row's record. Nothing is
    written unless the whole file is valid.
    """
    report = ImportReport(filename=filename, dry_run=dry_run)
    try:
        table = open_table(file, filename=filename)
        layout = Layout(table.headers)
        for column, message in layout.problems:
            report.error(1, column, message)
        if report.errors:
            return report
        rows = []
        for source in table.rows:
            row = parse_row(source, layout, report)
            if row is not None:
                rows.append(row)
    except FileProblem as problem:
        report.error(problem.row, problem.column, problem.message)
        return report
    if not rows and not report.errors:
        report.error(None, "", "The file has headings but no rows under them.")
        return report
    importer = _PlanImport(rows, layout, report, acting_user=acting_user, filename=filename)
    try:
        with transaction.atomic():
            importer.run(lock=not dry_run)
            if not report.errors and not dry_run:
                importer.write()
                report.applied = True
                # Records created in bulk send no signals: the public pages change now.
                transaction.on_commit(page_cache.move_generation_on, robust=True)
    except IntegrityError:
        # Someone changed the same records while the file was being imported.
        report.applied = False
        report.changes.clear()
        report.error(
            None,
            "",
            "The plan was changed by someone else while the file was being imported, so "
            "nothing was imported. Check the file again.",
        )
    report.changes.sort(key=lambda change: change.row)
    # Problems in the order of the file (found in several passes); whole-file ones first.
    report.errors.sort(key=lambda problem: problem.row or 0)
    report.warnings.sort(key=lambda problem: problem.row or 0)
    return report


@dataclass(eq=False)
class _Record:
    """One row's record: the model instance (unsaved if new), what happens to it and why."""

    row: ParsedRow
    obj: object
    action: str = UNCHANGED
    #: Model fields whose values change.
    fields: set = field(default_factory=set)
    #: Headers of the columns whose values change, for the report.
    columns: list = field(default_factory=list)
    #: Many-to-many field -> (records wanted, possibly unsaved; primary keys kept as they are).
    m2m: dict = field(default_factory=dict)


class _PlanImport:
    def __init__(self, rows, layout, report, *, acting_user, filename):
        self.rows = rows
        self.layout = layout
        self.report = report
        self.acting_user = acting_user
        self.filename = filename
        self.by_type = defaultdict(list)
        for row in rows:
            self.by_type[row.record].append(row)
        self.editable: dict[int, bool] = {}
        self.records: dict[str, list[_Record]] = defaultdict(list)
        #: (model, m2m field) -> {object pk: {related pk: through row pk}}
        self.current_m2m: dict = {}

    # Reporting -------------------------------------------------------------------------------

    def fail(self, row: ParsedRow, column: str, message: str):
        self.report.error(row.number, column, message)
        row.ok = False

    # Checking --------------------------------------------------------------------------------

    def run(self, *, lock: bool):
        plan_row = self.find_plan_row()
        self.find_initiative_owners()
        self.find_duplicates()
        self.resolve_organisations()
        self.resolve_themes()
        if plan_row is None or not plan_row.ok:
            return
        self.resolve_committee_and_meeting(plan_row)
        if not plan_row.ok:
            return
        self.load_existing(plan_row, lock=lock)
        self.compare_plan(plan_row)
        self.compare_aims()
        self.compare_priorities()
        self.compare_initiatives()
        self.compare_targets()
        self.compare_milestones()
        for record_type in (PLAN, PRIORITY, INITIATIVE):
            for record in self.records[record_type]:
                self.warn_about_publication(record.row, record.obj)

    def find_plan_row(self):
        plans = self.by_type[PLAN]
        if not plans:
            self.report.error(
                None,
                RECORD_HEADER,
                "The file has no plan row: add a row with “plan” in the Record column, the "
                "plan's organisation, slug and title.",
            )
            return None
        for extra in plans[1:]:
            self.fail(
                extra,
                RECORD_HEADER,
                f"The file has more than one plan row (the first is row {plans[0].number}): "
                "a file describes one plan.",
            )
        return plans[0]

    def plan_organisation_slug(self):
        plans = self.by_type[PLAN]
        return plans[0].values.get(ORGANISATION_HEADER) if plans else None

    def initiative_key(self, row):
        """Return (organisation slug, initiative slug) of an initiative, target or milestone row.

        A blank organisation is the plan's for an initiative; for a target or a milestone, its
        initiative's when only one initiative in the file has that slug.
        """
        if row.record == INITIATIVE:
            slug = row.values.get("Slug")
            return row.values.get(ORGANISATION_HEADER) or self.plan_organisation_slug(), slug
        slug = row.values.get("Initiative")
        organisation = row.values.get(ORGANISATION_HEADER)
        if not organisation:
            organisation = self.only_owner.get(slug) or self.plan_organisation_slug()
        return organisation, slug

    def find_initiative_owners(self):
        owners = defaultdict(set)
        for row in self.by_type[INITIATIVE]:
            owners[row.values.get("Slug")].add(self.initiative_key(row)[0])
        self.only_owner = {
            slug: next(iter(orgs)) for slug, orgs in owners.items() if len(orgs) == 1
        }

    def find_duplicates(self):
        def check(record, key_of, column, what):
            seen = {}
            for row in self.by_type[record]:
                key = key_of(row)
                if key is None or None in key:
                    continue
                if key in seen:
                    self.fail(row, column, f"{what} (row {seen[key]}).")
                else:
                    seen[key] = row.number

        check(AIM, lambda row: (row.values.get("Slug"),), "Slug", "Another aim has this slug")
        check(
            PRIORITY,
            lambda row: (row.values.get("Slug"),),
            "Slug",
            "Another priority has this slug",
        )
        check(
            INITIATIVE,
            self.initiative_key,
            "Slug",
            "Another initiative of the same organisation has this slug",
        )
        check(
            TARGET,
            lambda row: (*self.initiative_key(row), _text_key(row.values.get("Description"))),
            "Description",
            "The initiative has another target with this description",
        )
        check(
            MILESTONE,
            lambda row: (*self.initiative_key(row), _text_key(row.values.get("Title"))),
            "Title",
            "The initiative has another milestone with this title",
        )

    def resolve_organisations(self):
        """Replace organisation slugs by organisations, reporting unknown ones."""
        wanted = set()
        for row in self.rows:
            for header, value in row.values.items():
                kind = COLUMNS_BY_HEADER[header].kind
                if kind == Kind.ORGANISATION and value:
                    wanted.add(value)
                elif kind == Kind.ORGANISATIONS:
                    wanted.update(value)
        self.organisations = {
            organisation.slug: organisation
            for organisation in Organisation.objects.filter(slug__in=wanted)
        }
        plan_organisation = self.plan_organisation_slug()
        for row in self.rows:
            for header, value in list(row.values.items()):
                kind = COLUMNS_BY_HEADER[header].kind
                if kind == Kind.ORGANISATION and value and value not in self.organisations:
                    self.fail(row, header, f"No organisation has the slug “{value}”.")
                elif kind == Kind.ORGANISATIONS:
                    unknown = [slug for slug in value if slug not in self.organisations]
                    if unknown:
                        self.fail(row, header, _unknown("organisation", unknown))
                    else:
                        row.values[header] = [self.organisations[slug] for slug in value]
            own = row.values.get(ORGANISATION_HEADER)
            if (
                row.record in (AIM, PRIORITY)
                and own
                and plan_organisation
                and own != plan_organisation
            ):
                self.fail(
                    row,
                    ORGANISATION_HEADER,
                    f"{_a(row.record).capitalize()} belongs to its plan's organisation "
                    f"({plan_organisation}): leave this blank or give that organisation.",
                )
            lead = row.values.get("Lead organisation")
            if lead:
                row.values["Lead organisation"] = self.organisations.get(lead)

    def resolve_themes(self):
        wanted = {slug for row in self.by_type[PRIORITY] for slug in row.values.get("Themes", [])}
        if not wanted:
            return
        themes = {theme.slug: theme for theme in Theme.objects.filter(slug__in=wanted)}
        for row in self.by_type[PRIORITY]:
            if "Themes" not in row.values:
                continue
            unknown = [slug for slug in row.values["Themes"] if slug not in themes]
            if unknown:
                known = ", ".join(Theme.objects.order_by("slug").values_list("slug", flat=True))
                self.fail(row, "Themes", f"{_unknown('theme', unknown)} The themes are: {known}.")
            else:
                row.values["Themes"] = [themes[slug] for slug in row.values["Themes"]]

    def resolve_committee_and_meeting(self, row):
        reference = row.values.get("Overseen by")
        if reference:
            organisation_slug, committee_slug = reference
            committee = Committee.objects.filter(
                organisation__slug=organisation_slug, slug=committee_slug
            ).first()
            if committee is None:
                self.fail(row, "Overseen by", f"No committee is known as “{'/'.join(reference)}”.")
            row.values["Overseen by"] = committee
        reference = row.values.get("Adopted at meeting")
        if reference:
            organisation_slug, committee_slug, meeting_slug = reference
            meeting = Meeting.objects.filter(
                committee__organisation__slug=organisation_slug,
                committee__slug=committee_slug,
                slug=meeting_slug,
            ).first()
            if meeting is None:
                self.fail(
                    row, "Adopted at meeting", f"No meeting is known as “{'/'.join(reference)}”."
                )
            row.values["Adopted at meeting"] = meeting

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
            for name in _M2M[PRIORITY]:
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
            for chunk in _chunks(sorted(slugs)):
                queryset = known.filter(organisation_id=organisation_pk, slug__in=chunk)
                for initiative in locked(queryset):
                    self.initiatives[initiative.organisation_id, initiative.slug] = initiative
        initiative_pks = [initiative.pk for initiative in self.initiatives.values()]
        for name in _M2M[INITIATIVE]:
            self.load_m2m(Initiative, name, initiative_pks)
        self.targets = defaultdict(list)
        self.milestones = defaultdict(list)
        for chunk in _chunks(initiative_pks):
            for target in locked(Target.objects.filter(initiative_id__in=chunk).order_by("pk")):
                self.targets[target.initiative_id, _text_key(target.description)].append(target)
            for milestone in locked(
                Milestone.objects.filter(initiative_id__in=chunk).order_by("pk")
            ):
                self.milestones[milestone.initiative_id, _text_key(milestone.title)].append(
                    milestone
                )

    def load_m2m(self, model, name, pks):
        m2m_field = model._meta.get_field(name)
        through = m2m_field.remote_field.through
        source = f"{m2m_field.m2m_field_name()}_id"
        target = f"{m2m_field.m2m_reverse_field_name()}_id"
        links = defaultdict(dict)
        for chunk in _chunks(pks):
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

    def compare(self, record: _Record, *, position: int, owner):
        """Set the row's values on the record, note what changes and check the officer may."""
        row, obj = record.row, record.obj
        created = obj.pk is None
        for header, value in row.values.items():
            if header in _KEY_HEADERS:
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
            elif not _same(obj, model_field, value):
                setattr(obj, model_field.name, value)
                record.fields.add(model_field.name)
                record.columns.append(header)
        for name in _M2M.get(row.record, ()):
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
                f"records (this row would {record.action} {_a(row.record)}).",
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

    def compare_m2m(self, record: _Record, name: str):
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
        self.plan_record = _Record(row, plan)
        self.compare(self.plan_record, position=0, owner=self.plan_organisation)
        if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
            self.fail(row, "End date", "The plan's period ends before it starts.")
        self.report.plan = plan

    def compare_plan_part(self, row, position, model, existing):
        """Compare a row of an aim or a priority of the plan with the record of its slug (a new
        one when the plan has none); return that record."""
        slug = row.values["Slug"]
        record = existing.get(slug) or model(plan=self.plan_record.obj, slug=slug)
        self.compare(_Record(row, record), position=position, owner=self.plan_organisation)
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
                        self.fail(row, "Priorities", _unknown("priority of this plan", unknown))
                    row.ok = False
                    continue
                row.values["Priorities"] = priorities
            initiative = self.initiatives.get((organisation.pk, slug)) or Initiative(
                organisation=organisation, slug=slug
            )
            record = _Record(row, initiative)
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

    def compare_targets(self):
        for row in self.by_type[TARGET]:
            if not row.ok:
                continue
            parent = self.parent_initiative(row)
            if parent is None:
                continue
            initiative = parent.obj
            description = row.values["Description"]
            existing = (
                self.targets.get((initiative.pk, _text_key(description)), [])
                if initiative.pk
                else []
            )
            if len(existing) > 1:
                self.fail(
                    row,
                    "Description",
                    "The initiative has several targets with this description in the portal: "
                    "give them different descriptions in the admin first.",
                )
                continue
            target = existing[0] if existing else Target(initiative=initiative)
            record = _Record(row, target)
            if target.pk is not None:
                # The description is the target's name: it is already the same (up to spacing).
                row.values.pop("Description")
            self.compare(record, position=0, owner=self.organisations[self.initiative_key(row)[0]])
            if (
                target.baseline_date
                and target.target_date
                and target.target_date < target.baseline_date
            ):
                self.fail(row, "Target date", "The target date is before the baseline date.")

    def compare_milestones(self):
        positions = defaultdict(int)
        for row in self.by_type[MILESTONE]:
            key = self.initiative_key(row)
            positions[key] += 1
            if not row.ok:
                continue
            parent = self.parent_initiative(row)
            if parent is None:
                continue
            initiative = parent.obj
            title = row.values["Title"]
            existing = (
                self.milestones.get((initiative.pk, _text_key(title)), []) if initiative.pk else []
            )
            if len(existing) > 1:
                self.fail(
                    row,
                    "Title",
                    "The initiative has several milestones with this title in the portal: give "
                    "them different titles in the admin first.",
                )
                continue
            milestone = existing[0] if existing else Milestone(initiative=initiative)
            if milestone.pk is not None:
                row.values.pop("Title")
            record = _Record(row, milestone)
            self.compare(record, position=positions[key], owner=self.organisations[key[0]])

    # Writing ---------------------------------------------------------------------------------

    def write(self):
        self.now = timezone.now()
        self.reason = Truncator(f"Imported from {self.filename}").chars(100)
        for record_type in (PLAN, AIM, PRIORITY, INITIATIVE, TARGET, MILESTONE):
            records = [r for r in self.records[record_type] if r.action != UNCHANGED]
            if not records:
                continue
            model = MODELS[record_type]
            self.save(model, records)
            for name in _M2M.get(record_type, ()):
                self.save_m2m(model, name, [r for r in records if name in r.m2m])
            self.save_history(model, records)

    def save(self, model, records):
        manager = model._default_manager
        created = [r.obj for r in records if r.action == CREATE]
        for obj in created:
            obj.created_at = obj.updated_at = self.now
        manager.bulk_create(created, batch_size=BATCH_SIZE)
        if any(obj.pk is None for obj in created):  # pragma: no cover - needs RETURNING
            raise RuntimeError("The database did not return the new records' keys.")
        updates = defaultdict(list)
        for record in records:
            if record.action == UPDATE:
                record.obj.updated_at = self.now
                updates[tuple(sorted(record.fields))].append(record.obj)
        for fields, objs in updates.items():
            manager.bulk_update(objs, [*fields, "updated_at"], batch_size=BATCH_SIZE)

    def save_m2m(self, model, name, records):
        m2m_field = model._meta.get_field(name)
        through = m2m_field.remote_field.through
        source = f"{m2m_field.m2m_field_name()}_id"
        target = f"{m2m_field.m2m_reverse_field_name()}_id"
        current_links = self.current_m2m.get((model, name), {})
        removed, added = [], []
        for record in records:
            wanted, kept = record.m2m[name]
            wanted_pks = {related.pk for related in wanted} | kept
            current = current_links.get(record.obj.pk, {})
            removed += [through_pk for pk, through_pk in current.items() if pk not in wanted_pks]
            added += [
                through(**{source: record.obj.pk, target: pk})
                for pk in sorted(wanted_pks - set(current))
            ]
        for chunk in _chunks(removed):
            through.objects.filter(pk__in=chunk).delete()
        through.objects.bulk_create(added, batch_size=BATCH_SIZE)

    def save_history(self, model, records):
        """Write one history row per record, as a save in the admin would (with its links)."""
        history = model.history
        written = []
        for action in (CREATE, UPDATE):
            objs = [r.obj for r in records if r.action == action]
            if objs:
                written += history.bulk_history_create(
                    objs,
                    batch_size=BATCH_SIZE,
                    update=action == UPDATE,
                    default_user=self.acting_user,
                    default_change_reason=self.reason,
                    default_date=self.now,
                )
        for m2m_field in history.model._history_m2m_fields:
            through = m2m_field.remote_field.through
            source = f"{m2m_field.m2m_field_name()}_id"
            attnames = [f.attname for f in through._meta.fields]
            links = defaultdict(list)
            for chunk in _chunks([version.id for version in written]):
                for values in through.objects.filter(**{f"{source}__in": chunk}).values(*attnames):
                    links[values[source]].append(values)
            m2m_history_model = HistoricalRecords.m2m_models[m2m_field]
            m2m_history_model.objects.bulk_create(
                [
                    m2m_history_model(history_id=version.pk, **values)
                    for version in written
                    for values in links[version.id]
                ],
                batch_size=BATCH_SIZE,
            )


def _same(obj, model_field, value) -> bool:
    """Return whether ``obj`` already holds ``value`` in ``model_field``."""
    if model_field.many_to_one:
        current = getattr(obj, model_field.attname)
        return current == (value.pk if value is not None else None) and (
            value is None or value.pk is not None
        )
    current = getattr(obj, model_field.attname)
    if isinstance(value, str) or isinstance(current, str):
        return _text_key(current) == _text_key(value)
    return current == value


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _text_key(text) -> str:
    """Return text as compared: line endings and surrounding spaces do not count."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _unknown(what, slugs) -> str:
    quoted = ", ".join(f"“{slug}”" for slug in slugs)
    plural = "s" if len(slugs) > 1 else ""
    if what == "priority of this plan":
        return f"This plan has no priorit{'ies' if plural else 'y'} with the slug{plural} {quoted}."
    return f"No {what} has the slug{plural} {quoted}."


def _chunks(values, size=BATCH_SIZE):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
