"""Load the demo data built from the seed documents. Safe to run again: it changes nothing."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import priorities_demo, safeguarding_demo, sites_demo
from portal_sites.models import SiteProfile
from priorities.models import (
    AgendaItem,
    Committee,
    Consultation,
    Initiative,
    Meeting,
    Organisation,
    Plan,
    Priority,
    PublicationState,
    StatusChange,
    Theme,
)
from safeguarding.models import Ambition, Indicator, Inspection, Measurement


class Command(BaseCommand):
    help = (
        "Load the demo organisations, plans, priorities, initiatives, committees, ambitions, "
        "indicators and inspections built from the seed documents. Running it again changes "
        "nothing. Demo officer accounts are created only where PORTAL_CREATE_DEMO_OFFICERS is on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet", action="store_true", help="Print nothing unless something goes wrong."
        )

    def handle(self, *args, quiet=False, verbosity=1, **options):
        create_officers = settings.PORTAL_CREATE_DEMO_OFFICERS
        tally = priorities_demo.Tally()
        try:
            with transaction.atomic():
                accounts = priorities_demo.load(tally, create_officers=create_officers)
                safeguarding_demo.load(tally)
                sites_demo.load(tally)
        except ValidationError as error:
            raise CommandError(
                f"The demo data is not valid, so nothing was loaded: {error}"
            ) from error
        if quiet or verbosity == 0:
            return
        self.stdout.write(self.summary(tally, accounts, create_officers))

    def summary(self, tally, accounts, create_officers) -> str:
        def count(model):
            manager = getattr(model, "private_objects", None) or model._default_manager
            return manager.count()

        drafts = sum(
            model.private_objects.filter(publication_state=PublicationState.DRAFT).count()
            for model in (Plan, Priority, Initiative)
        )
        if tally.created or tally.updated:
            headline = f"Demo data loaded: {tally.created} created, {tally.updated} updated."
        else:
            headline = "Demo data already up to date: nothing changed."
        lines = [
            self.style.SUCCESS(headline),
            f"  Organisations {count(Organisation)}, themes {count(Theme)}, "
            f"plans {count(Plan)}, priorities {count(Priority)}, "
            f"initiatives {count(Initiative)}, status changes {count(StatusChange)}",
            f"  Committees {count(Committee)}, meetings {count(Meeting)}, "
            f"agenda items {count(AgendaItem)}, consultations {count(Consultation)}",
            f"  Ambitions {count(Ambition)}, indicators {count(Indicator)}, "
            f"measurements {count(Measurement)}, inspections {count(Inspection)}",
            f"  Drafts, never shown to the public: {drafts}",
            "  Sites (each at its own address; add the port served, e.g. :8000): "
            + ", ".join(
                f"{profile.site.domain}{' (neutral portal)' if profile.is_neutral else ''}"
                for profile in SiteProfile.objects.select_related("site").order_by(
                    "-is_neutral", "site__domain"
                )
            ),
        ]
        if not create_officers:
            lines.append("No demo accounts (PORTAL_CREATE_DEMO_OFFICERS is off).")
        elif accounts:
            lines.append(
                f"Demo accounts, password “{priorities_demo.DEMO_PASSWORD}” (sign in at /admin/):"
            )
            width = max(len(username) for username, _ in accounts)
            lines.extend(f"  {username:<{width}}  {what}" for username, what in accounts)
        return "\n".join(lines)
