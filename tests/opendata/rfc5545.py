"""A small, strict reader of iCalendar files (RFC 5545), independent of the icalendar
package: the second parser the calendar tests read every feed with.

It checks what a calendar app relies on: CRLF line ends, lines folded at 75 octets, well
formed content lines (name, parameters, value), BEGIN/END properly nested, and unescapes TEXT
values. It returns the components as nested dicts: ``{"name", "properties": [(name, params,
value)], "components": [...]}``.
"""

import re

NAME = r"[A-Za-z0-9-]+"
PARAM_VALUE = r'(?:"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)'
PARAM = rf"{NAME}={PARAM_VALUE}(?:,{PARAM_VALUE})*"
CONTENT_LINE = re.compile(rf"^(?P<name>{NAME})(?P<params>(?:;{PARAM})*):(?P<value>.*)$")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME", "COMMENT"}


class CalendarError(ValueError):
    pass


def unfold(data: bytes) -> list[str]:
    if not data.endswith(b"\r\n"):
        raise CalendarError("the file must end with CRLF")
    physical = data[:-2].split(b"\r\n")
    for number, line in enumerate(physical, 1):
        if b"\n" in line or b"\r" in line:
            raise CalendarError(f"line {number}: a bare CR or LF")
        if len(line) > 75:
            raise CalendarError(f"line {number}: {len(line)} octets, more than 75")
    lines: list[bytes] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            if not lines:
                raise CalendarError("the file starts with a continuation line")
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return [line.decode("utf-8") for line in lines]


def unescape(value: str) -> str:
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            following = value[index + 1 : index + 2]
            if following in ("n", "N"):
                out.append("\n")
            elif following in ("\\", ";", ","):
                out.append(following)
            else:
                raise CalendarError(f"a bad escape \\{following} in {value!r}")
            index += 2
            continue
        if char in ";,":
            raise CalendarError(f"an unescaped {char!r} in TEXT {value!r}")
        out.append(char)
        index += 1
    return "".join(out)


def parse(data: bytes) -> dict:
    """Return the VCALENDAR of ``data``; raise CalendarError if it is not well formed."""
    root = {"name": None, "properties": [], "components": []}
    stack = [root]
    for line in unfold(data):
        match = CONTENT_LINE.match(line)
        if not match:
            raise CalendarError(f"not a content line: {line!r}")
        name, value = match["name"].upper(), match["value"]
        params = dict(param.split("=", 1) for param in re.findall(rf";({PARAM})", match["params"]))
        if name == "BEGIN":
            component = {"name": value.upper(), "properties": [], "components": []}
            stack[-1]["components"].append(component)
            stack.append(component)
        elif name == "END":
            if len(stack) == 1 or stack[-1]["name"] != value.upper():
                raise CalendarError(f"END:{value} does not close {stack[-1]['name']}")
            stack.pop()
        else:
            if len(stack) == 1:
                raise CalendarError(f"{name} outside any component")
            if name in TEXT_PROPERTIES:
                value = unescape(value)
            stack[-1]["properties"].append((name, params, value))
    if len(stack) != 1:
        raise CalendarError(f"{stack[-1]['name']} is never closed")
    if [component["name"] for component in root["components"]] != ["VCALENDAR"]:
        raise CalendarError("the file must hold exactly one VCALENDAR")
    calendar = root["components"][0]
    names = [name for name, _, _ in calendar["properties"]]
    for required in ("PRODID", "VERSION"):
        if names.count(required) != 1:
            raise CalendarError(f"VCALENDAR must have one {required}")
    for event in events(calendar):
        names = [name for name, _, _ in event["properties"]]
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if names.count(required) != 1:
                raise CalendarError(f"a VEVENT must have one {required}")
    return calendar


def events(calendar: dict) -> list[dict]:
    return [component for component in calendar["components"] if component["name"] == "VEVENT"]


def prop(component: dict, name: str):
    """Return ``(params, value)`` of the component's one property ``name`` (None if absent)."""
    found = [
        (params, value) for prop_name, params, value in component["properties"] if prop_name == name
    ]
    if len(found) > 1:
        raise CalendarError(f"{name} appears {len(found)} times")
    return found[0] if found else None
