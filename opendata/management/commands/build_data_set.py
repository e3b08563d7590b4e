from django.core.management.base import BaseCommand

from opendata import builds


class Command(BaseCommand):
    help = "Build each site's open data set (ZIP of CSV files and JSON) if its public data changed."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Build even if nothing changed.")

    def handle(self, *args, force=False, **options):
        built = builds.data_set_builds(force=force)
        if not built:
            self.stdout.write("Nothing changed since the last builds.")
        for build in built:
            where = build.site.domain if build.site_id else "the portal"
            self.stdout.write(f"Built the data set of {where}: {build.zip_size} bytes (ZIP).")
