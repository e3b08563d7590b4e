"""The OpenAPI 3 description, generated from the code by drf-spectacular once per process."""

import functools

from drf_spectacular.generators import SchemaGenerator

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def add_common_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation may answer 304 (conditional
    requests), 404 (an unknown id or page) and 429 (the rate limit); lists 400 (a filter
    value the portal does not know)."""
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "304",
                {
                    "description": "Not modified: the copy named by If-None-Match or "
                    "If-Modified-Since is current."
                },
            )
            responses.setdefault("404", _error("No public record with this id, or no such page."))
            responses.setdefault(
                "429",
                {
                    **_error("Too many requests from this address: wait Retry-After seconds."),
                    "headers": {
                        "Retry-After": {
                            "schema": {"type": "integer"},
                            "description": "Seconds to wait.",
                        }
                    },
                },
            )
            if not path.endswith("{id}/"):
                responses.setdefault("400", _error("A filter or parameter value is not valid."))
    return result


@functools.cache
def openapi_schema() -> dict:
    """Return the API's OpenAPI description (generated once; it changes only with the code)."""
    return SchemaGenerator().get_schema(request=None, public=True)
