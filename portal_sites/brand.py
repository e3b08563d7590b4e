"""What a site's brand may be: a header colour white text can be read on, and a logo that is a
plain SVG picture (no scripts, no links out, nothing fetched from elsewhere)."""

import re

from defusedxml import ElementTree
from django.core.exceptions import ValidationError

#: WCAG 2.2 AA: normal text needs a contrast ratio of at least 4.5:1 with its background.
MINIMUM_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: The largest logo accepted, in bytes.
MAXIMUM_LOGO_BYTES = 100_000
#: SVG elements that run code, embed other documents or fetch things.
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "image", "audio", "video", "a"}
)


def _channel(value: int) -> float:
    """One sRGB channel (0-255) as linear light (WCAG's relative luminance)."""
    fraction = value / 255
    return fraction / 12.92 if fraction <= 0.04045 else ((fraction + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(colour[start : start + 2], 16) for start in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_with_white(colour: str) -> float:
    """Return the WCAG contrast ratio of white text on ``colour`` ("#rrggbb"), e.g. 21.0 on
    black."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def validate_header_colour(colour: str):
    """Refuse anything but "#rrggbb", and a colour white text fails WCAG AA contrast on."""
    if not HEX_COLOUR.match(colour or ""):
        raise ValidationError(
            "Enter the colour as a hash sign and six hexadecimal digits, like #0b0c0c",
            code="colour_format",
        )
    ratio = contrast_with_white(colour)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            "White text on %(colour)s has a contrast ratio of %(ratio).2f:1; it must be at "
            "least 4.5:1 (WCAG AA). Choose a darker colour",
            code="colour_contrast",
            params={"colour": colour, "ratio": ratio},
        )


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def validate_logo_svg(text: str):
    """Refuse a logo that is not an SVG picture, or that could run code or fetch anything."""
    if not text:
        return
    if len(text.encode()) > MAXIMUM_LOGO_BYTES:
        raise ValidationError("The logo must be smaller than 100 KB", code="logo_size")
    try:
        root = ElementTree.fromstring(text)
    except Exception as error:  # defusedxml refuses entities and DTDs too
        raise ValidationError("The logo is not a valid SVG file", code="logo_invalid") from error
    if _local_name(root.tag) != "svg":
        raise ValidationError("The logo must be an SVG file", code="logo_not_svg")
    for element in root.iter():
        name = _local_name(element.tag)
        if name in FORBIDDEN_ELEMENTS:
            raise ValidationError(
                "The logo may not contain <%(name)s> elements",
                code="logo_element",
                params={"name": name},
            )
        if name == "style" and re.search(r"@import|url\(\s*['\"]?(?!#)", element.text or ""):
            raise ValidationError(
                "The logo's styles may not load anything from elsewhere", code="logo_style"
            )
        for attribute, value in element.attrib.items():
            attribute_name = _local_name(attribute)
            if attribute_name.startswith("on"):
                raise ValidationError(
                    "The logo may not contain scripts (%(name)s)",
                    code="logo_script",
                    params={"name": attribute_name},
                )
            if attribute_name == "href" and not value.startswith("#"):
                raise ValidationError("The logo may only refer to its own parts", code="logo_link")
            if re.search(r"url\(\s*['\"]?(?!#)", value):
                raise ValidationError(
                    "The logo may not load anything from elsewhere", code="logo_url"
                )
