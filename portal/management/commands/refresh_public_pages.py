"""Make every cached public page and every validator a browser or CDN holds stale at once."""

from django.core.management.base import BaseCommand, CommandError

from portal import page_cache


class Command(BaseCommand):
    help = (
        "Move the page cache's generation on: every public page is rendered afresh at its next "
        "request, and every ETag sent so far stops matching, so a CDN that revalidates gets the "
        "new page. Saving any record does this already; use it after a deploy that changes how "
        "pages look, or together with a CDN purge."
    )

    def handle(self, *args, **options):
        page_cache.move_generation_on()
        if not page_cache.move_owed_generation():
            raise CommandError(
                "The shared cache did not answer: nothing was changed. Try again once it is back."
            )
        self.stdout.write(f"Public pages refreshed (generation {page_cache.generation()}).")
