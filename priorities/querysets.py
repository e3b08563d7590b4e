"""Querysets and managers that decide who sees which records.

Records the public may see carry a publication state. Their models have no ``objects``
manager: a query starts from ``public_objects`` (published records only: pages, search, feeds,
exports, the API, the sitemap) or from ``private_objects`` (everything: the admin, services,
imports). Having to choose makes the unsafe query hard to write by accident.

Every officer-editable record belongs to an organisation through ``organisation_lookup``, so
``for_organisation``, ``editable_by`` and ``for_site`` are written once here for every model.
``public_objects`` shows only the records of the organisations the request's site covers
(``portal_sites``); public reads of records without a publication state (organisations,
committees, meetings) add ``on_current_site()``.
"""

from django.db import models

from portal_sites.current import current_site


class PublicationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class OrganisationScopedQuerySet(models.QuerySet):
    #: The lookup from this model to the organisation that owns it ("" on Organisation).
    organisation_lookup = "organisation"

    def _organisation_path(self, field):
        return f"{self.organisation_lookup}__{field}" if self.organisation_lookup else field

    def for_site(self, site):
        """Return the records of the organisations ``site`` covers (every record on the neutral
        portal, or with no site: outside a request)."""
        if site is None or site.organisation_ids is None:
            return self
        return self.filter(**{self._organisation_path("pk__in"): sorted(site.organisation_ids)})

    def on_current_site(self):
        """Return the records the site of the request being answered shows
        (``portal_sites.current``): a record of another site's organisation is not there."""
        return self.for_site(current_site())

    def for_organisation(self, organisation):
        """Return the records owned by ``organisation``."""
        return self.filter(**{self._organisation_path("pk"): organisation.pk})

    def editable_by(self, user):
        """Return the records ``user`` may edit: those of the organisations they belong to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            **{self._organisation_path("officer_memberships__user"): user}
        ).distinct()


class PublishableQuerySet(OrganisationScopedQuerySet):
    #: Lookups of parents that must be published too: a published priority in a draft plan
    #: is still private.
    published_parents: tuple[str, ...] = ()

    def published(self):
        """Return the records the public may see: published, with every parent published."""
        conditions = {"publication_state": PublicationState.PUBLISHED}
        for parent in self.published_parents:
            conditions[f"{parent}__publication_state"] = PublicationState.PUBLISHED
        return self.filter(**conditions)

    def visible_to(self, user, *, with_own_archived=True):
        """Return the records ``user`` may know of: the published ones and their own
        organisations' (every record, for a superuser). The admin shows an officer their
        archived records too; reports leave them out (``with_own_archived=False``)."""
        own = self.editable_by(user)
        if not with_own_archived:
            own = own.exclude(publication_state=PublicationState.ARCHIVED)
        return self.filter(
            models.Q(pk__in=self.published().values("pk")) | models.Q(pk__in=own.values("pk"))
        )


def is_public(record) -> bool:
    """Return whether the public may see ``record``: published, with every parent its
    queryset names in ``published_parents`` published too (the rule ``published()`` applies)."""
    if record.publication_state != PublicationState.PUBLISHED:
        return False
    parents = getattr(type(record)._default_manager.get_queryset(), "published_parents", ())
    for path in parents:
        parent = record
        for name in path.split("__"):
            parent = getattr(parent, name)
        if parent.publication_state != PublicationState.PUBLISHED:
            return False
    return True


class PublicManager(models.Manager):
    """A manager whose every query returns published records only, of the organisations the
    request's site covers (all of them outside a request and on the neutral portal)."""

    def get_queryset(self):
        return super().get_queryset().published().on_current_site()
