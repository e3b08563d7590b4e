"""Plan import, first step: check the file's rows against each other and resolve the
organisations, themes, committee and meeting they name."""

from collections import defaultdict

from priorities.models import (
    Committee,
    Meeting,
    Organisation,
    Theme,
)
from priorities.plan_files.columns import (
    AIM,
    COLUMNS_BY_HEADER,
    INITIATIVE,
    MILESTONE,
    ORGANISATION_HEADER,
    PLAN,
    PRIORITY,
    RECORD_HEADER,
    TARGET,
    Kind,
)
from priorities.plan_files.import_common import (
    a_noun,
    text_key,
    unknown_slugs,
)


class RowChecks:
    """Part of ``service._PlanImport``: uses its ``rows``, ``by_type``, ``report`` and ``fail``."""

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
            lambda row: (*self.initiative_key(row), text_key(row.values.get("Description"))),
            "Description",
            "The initiative has another target with this description",
        )
        check(
            MILESTONE,
            lambda row: (*self.initiative_key(row), text_key(row.values.get("Title"))),
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
                        self.fail(row, header, unknown_slugs("organisation", unknown))
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
                    f"{a_noun(row.record).capitalize()} belongs to its plan's organisation "
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
                self.fail(
                    row, "Themes", f"{unknown_slugs('theme', unknown)} The themes are: {known}."
                )
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
