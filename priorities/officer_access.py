"""An officer membership is what lets someone into the admin.

Django's admin admits only users with the staff flag (``is_staff``). An officer is someone with
an ``OfficerMembership``, so the flag follows the memberships: giving a user their first
membership (in the admin, a service, the shell or an import) sets it, and taking away their last
one clears it, ending their access to the admin at their next request. Superusers keep the flag
whatever their memberships; a staff account that never had a membership is left as it is.

To stop an officer signing in while keeping their memberships, untick "Active" on their account.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save


def membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # loaddata: the fixture says what the flag is
        return
    get_user_model()._default_manager.filter(pk=instance.user_id, is_staff=False).update(
        is_staff=True
    )


def membership_deleted(sender, instance, **kwargs):
    if sender._default_manager.filter(user_id=instance.user_id).exists():
        return
    get_user_model()._default_manager.filter(
        pk=instance.user_id, is_staff=True, is_superuser=False
    ).update(is_staff=False)


def connect_signals():
    from priorities.models import OfficerMembership

    post_save.connect(
        membership_saved, sender=OfficerMembership, dispatch_uid="officer_access_saved"
    )
    post_delete.connect(
        membership_deleted, sender=OfficerMembership, dispatch_uid="officer_access_deleted"
    )
