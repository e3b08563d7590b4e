from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from staff_auth import two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor devices (authenticator apps and recovery codes), for an "
        "officer who lost their phone and their recovery codes. Their signed-in sessions stop "
        "working in the admin, and they set up a new app the next time they sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"There is no user called {username!r}.") from error
        removed = two_factor.remove_devices(user)
        if removed:
            self.stdout.write(
                f"Removed {removed} two-factor device{'s' if removed != 1 else ''} of "
                f"{username}. They will set up a new authenticator app the next time they "
                "sign in."
            )
        else:
            self.stdout.write(f"{username} had no two-factor devices: nothing to remove.")
