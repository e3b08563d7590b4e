from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from portal.page_cache import PageCachePolicy


class PortalSitesConfig(AppConfig):
    name = "portal_sites"
    verbose_name = "Sites"
    #: Saving a site changes its pages (brand, organisations covered): watched, none cached.
    page_cache = PageCachePolicy()

    def ready(self):
        from django.contrib.sites.models import Site

        from portal import page_cache
        from portal_sites.models import SiteAlias, SiteProfile
        from portal_sites.resolution import forget_sites, sites_changed

        for model in (Site, SiteProfile, SiteAlias):
            uid = f"portal-sites-{model._meta.label_lower}"
            post_save.connect(sites_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(sites_changed, sender=model, dispatch_uid=f"{uid}-delete")
        # The page cache watches this app's models; Django's Site is not an app of ours.
        post_save.connect(page_cache.pages_changed, sender=Site, dispatch_uid="page-cache-site")
        post_delete.connect(
            page_cache.pages_changed, sender=Site, dispatch_uid="page-cache-site-delete"
        )
        post_migrate.connect(forget_sites, sender=self, dispatch_uid="portal-sites-migrated")
        m2m_changed.connect(
            sites_changed,
            sender=SiteProfile.organisations.through,
            dispatch_uid="portal-sites-organisations",
        )
