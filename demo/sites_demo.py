"""Load the quick start's sites (demo/data/sites.py): safe to run again, it changes nothing."""

from django.contrib.sites.models import Site

from demo.data.sites import COUNCIL_SITES, NEUTRAL_SITE
from demo.priorities_demo import Tally, upsert
from portal_sites.models import SiteAlias, SiteProfile
from priorities.models import Organisation


def load_site(tally: Tally, data: dict, *, neutral: bool) -> SiteProfile:
    site = upsert(
        Site.objects, tally, lookup={"domain": data["domain"]}, values={"name": data["name_shown"]}
    )
    values = {
        key: value
        for key, value in data.items()
        if key not in ("domain", "aliases", "organisations")
    }
    profile = upsert(
        SiteProfile.objects,
        tally,
        lookup={"site": site},
        values={"is_neutral": neutral, **values},
        m2m={
            "organisations": list(
                Organisation.objects.filter(slug__in=data.get("organisations", []))
            )
        },
    )
    for host in data["aliases"]:
        upsert(SiteAlias.objects, tally, lookup={"host": host}, values={"profile": profile})
    return profile


def load(tally: Tally) -> list[SiteProfile]:
    """Create or update the neutral portal and each seed council's site."""
    profiles = [load_site(tally, NEUTRAL_SITE, neutral=True)]
    for data in COUNCIL_SITES:
        profile = load_site(tally, data, neutral=False)
        missing = set(data["organisations"]) - set(
            profile.organisations.values_list("slug", flat=True)
        )
        if missing:
            raise ValueError(f"{data['domain']} names organisations not loaded: {missing}")
        profiles.append(profile)
    return profiles
