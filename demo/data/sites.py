"""The quick start's sites: the neutral portal at 127.0.0.1 and localhost, and each seed
council at its own name under .localhost (browsers send *.localhost to this machine).

The colours, contacts and senders are illustrative: each council sets its own in the admin.
Every header colour keeps at least 4.5:1 with white text (portal_sites.brand)."""

from demo.data.slugs import (
    MET_POLICE,
    NHS_STW,
    SWL_ICB,
    TELFORD,
    TELFORD_BOARD,
    TELFORD_VCS,
    WANDSWORTH,
    WEST_MERCIA_POLICE,
    WESTMINSTER,
    WSCP,
)

#: The neutral portal over every council: the portal's own brand, no organisations chosen.
NEUTRAL_SITE = {
    "domain": "127.0.0.1",
    "aliases": ["localhost"],
    "name_shown": "All councils and partnerships",
    "owner_name": "Children’s Services Priorities Portal demonstration",
    "header_colour": "#005f6b",
}

COUNCIL_SITES = [
    {
        "domain": "wandsworth.localhost",
        "aliases": [],
        "name_shown": "Wandsworth Council",
        "owner_name": "Wandsworth Council and Wandsworth Safeguarding Children Partnership",
        "owner_url": "https://www.wandsworth.gov.uk",
        "header_colour": "#1d3f6e",
        "organisations": [WANDSWORTH, WSCP, MET_POLICE, SWL_ICB],
        "contact_email": "childrens.priorities@wandsworth.example",
        "accessibility_contact_email": "accessibility@wandsworth.example",
        "email_sender_name": "Wandsworth Council children’s priorities",
        "email_sender_address": "priorities@wandsworth.example",
    },
    {
        "domain": "telford.localhost",
        "aliases": [],
        "name_shown": "Telford & Wrekin Council",
        "owner_name": "Telford & Wrekin Council",
        "owner_url": "https://www.telford.gov.uk",
        "header_colour": "#6a1f5c",
        "organisations": [TELFORD, TELFORD_BOARD, WEST_MERCIA_POLICE, NHS_STW, TELFORD_VCS],
        "contact_email": "childrens.priorities@telford.example",
        "accessibility_contact_email": "accessibility@telford.example",
        "email_sender_name": "Telford & Wrekin Council children’s priorities",
        "email_sender_address": "priorities@telford.example",
    },
    {
        "domain": "westminster.localhost",
        "aliases": [],
        "name_shown": "Westminster City Council",
        "owner_name": "Westminster City Council",
        "owner_url": "https://www.westminster.gov.uk",
        "header_colour": "#2b2b2b",
        "organisations": [WESTMINSTER],
        "contact_email": "childrens.priorities@westminster.example",
        "accessibility_contact_email": "accessibility@westminster.example",
        "email_sender_name": "Westminster City Council children’s priorities",
        "email_sender_address": "priorities@westminster.example",
    },
]
