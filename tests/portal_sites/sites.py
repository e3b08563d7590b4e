"""Sites for tests: two fictional councils, Castlebridge and Ashford Vale, and the neutral
portal, each at its own name under .localhost."""

from django.contrib.sites.models import Site

from portal_sites.models import SiteAlias, SiteProfile
from tests import factories

CASTLEBRIDGE_HOST = "castlebridge.localhost"
ASHFORD_HOST = "ashford.localhost"
NEUTRAL_HOST = "localhost"


def make_site(domain, name, *, organisations=(), neutral=False, aliases=(), **brand):
    site = Site.objects.create(domain=domain, name=name)
    profile = SiteProfile.objects.create(
        site=site,
        is_neutral=neutral,
        name_shown=name,
        owner_name=brand.pop("owner_name", name),
        **brand,
    )
    profile.organisations.set(organisations)
    for host in aliases:
        SiteAlias.objects.create(profile=profile, host=host)
    return profile


def two_councils_and_the_neutral_portal():
    """Return (castlebridge, ashford, neutral) profiles, each council with its organisation."""
    castlebridge_council = factories.OrganisationFactory(
        name="Castlebridge Council", slug="castlebridge"
    )
    ashford_council = factories.OrganisationFactory(name="Ashford Vale Council", slug="ashford")
    castlebridge = make_site(
        CASTLEBRIDGE_HOST,
        "Castlebridge Council",
        organisations=[castlebridge_council],
        header_colour="#1d4f2a",
        email_sender_name="Castlebridge Council",
        email_sender_address="priorities@castlebridge.example",
    )
    ashford = make_site(
        ASHFORD_HOST,
        "Ashford Vale Council",
        organisations=[ashford_council],
        header_colour="#4b0f5c",
    )
    neutral = make_site(
        NEUTRAL_HOST,
        "Children’s Services Priorities Portal",
        neutral=True,
        owner_name="The portal’s supplier",
    )
    return castlebridge, ashford, neutral
