"""A site of the portal: Django's ``Site`` (its main address) with a ``SiteProfile`` (its brand,
the organisations it covers, its contacts and email sender) and any number of ``SiteAlias``
addresses. The neutral portal is a site whose profile ``is_neutral``: it covers every
organisation, under the portal's own brand."""

import hashlib

from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import models

from portal_sites.brand import validate_header_colour, validate_logo_svg

#: The portal's own colour (static/scss/_brand.scss): the header colour of a site that chose
#: none.
DEFAULT_HEADER_COLOUR = "#005f6b"


def normalise_host(host: str) -> str:
    """Return a host name as sites store it: lower case, no port, no trailing dot."""
    host = (host or "").strip().lower().rstrip(".")
    if host.startswith("["):  # an IPv6 address, e.g. [::1]:8000
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SiteProfile(models.Model):
    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="profile")
    is_neutral = models.BooleanField(
        "neutral portal",
        default=False,
        help_text="The neutral portal shows every organisation's records, each labelled with "
        "its organisation, under the portal's own brand. Leave its organisations empty.",
    )
    name_shown = models.CharField(
        "name shown",
        max_length=200,
        help_text="Shown in the header and page titles, e.g. “Telford & Wrekin Council”.",
    )
    owner_name = models.CharField(
        "owner",
        max_length=300,
        help_text="Who publishes the site, in the footer and copyright line and as the author "
        "of its feeds, e.g. “Wandsworth Council and Wandsworth Safeguarding Children "
        "Partnership”.",
    )
    owner_url = models.URLField(
        "owner's website", blank=True, help_text="The header's name links here."
    )
    header_colour = models.CharField(
        max_length=7,
        default=DEFAULT_HEADER_COLOUR,
        validators=[validate_header_colour],
        help_text="The header's background as #rrggbb. White text must be readable on it: a "
        "colour with a contrast ratio below 4.5:1 against white is refused.",
    )
    logo_svg = models.TextField(
        "logo (SVG)",
        blank=True,
        validators=[validate_logo_svg],
        help_text="Shown in the header beside the name shown. No scripts, links or pictures "
        "from elsewhere.",
    )
    organisations = models.ManyToManyField(
        "priorities.Organisation",
        blank=True,
        related_name="site_profiles",
        help_text="The organisations whose records this site shows: the owner, its partnership, "
        "and partner agencies whose shared initiatives it shows.",
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    accessibility_contact_email = models.EmailField(
        "accessibility contact email",
        blank=True,
        help_text="Where the accessibility statement asks people to report a problem.",
    )
    accessibility_statement_extra = models.TextField(
        "accessibility statement: this site's own paragraph",
        blank=True,
        help_text="Added to the portal's accessibility statement on this site.",
    )
    email_sender_name = models.CharField(max_length=200, blank=True)
    email_sender_address = models.EmailField(blank=True)

    class Meta:
        verbose_name = "site"
        constraints = [
            models.UniqueConstraint(
                fields=["is_neutral"],
                condition=models.Q(is_neutral=True),
                name="one_neutral_site",
            )
        ]

    def __str__(self):
        return f"{self.name_shown} ({self.site.domain})"

    @property
    def logo_version(self) -> str:
        return hashlib.sha256(self.logo_svg.encode()).hexdigest()[:12] if self.logo_svg else ""


class SiteAlias(models.Model):
    """Another address of a site (its main address is the ``Site``'s domain)."""

    profile = models.ForeignKey(SiteProfile, on_delete=models.CASCADE, related_name="aliases")
    host = models.CharField(
        max_length=253, unique=True, help_text="A host name without port, e.g. www.example.org"
    )

    class Meta:
        verbose_name = "other address"
        verbose_name_plural = "other addresses"
        ordering = ["host"]

    def __str__(self):
        return self.host

    def clean(self):
        self.host = normalise_host(self.host)
        clashing = Site.objects.filter(domain__iexact=self.host)
        if self.profile_id:
            clashing = clashing.exclude(pk=self.profile.site_id)
        if clashing.exists():
            raise ValidationError({"host": "Another site has this address."})
