"""The API's front door: its index, its OpenAPI schema and its documentation page.

The documentation is a page of the portal in the GOV.UK style, written from the generated
schema: it needs no script at all, so it is served under the portal's strict Content Security
Policy (Swagger UI and Redoc templates carry inline script and style, which that policy
refuses).
"""

from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import openapi_schema
from api.throttling import ApiRateThrottle
from priorities.lifecycle import InitiativeStatus
from priorities.models import Initiative

UNDER_SCRUTINY = [InitiativeStatus.AWAITING_SCRUTINY, InitiativeStatus.UNDER_SCRUTINY]
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


class SchemaView(APIView):
    """The OpenAPI 3 description of /api/v1/, as JSON."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]
    renderer_classes = [OpenApiJsonRenderer]

    @extend_schema(exclude=True)
    def get(self, request):
        response = Response(openapi_schema())
        response["Cache-Control"] = "public, max-age=300"
        return response


ENDPOINTS = [
    ("organisations", "organisation"),
    ("themes", "theme"),
    ("plans", "plan"),
    ("aims", "aim"),
    ("priorities", "priority"),
    ("initiatives", "initiative"),
    ("status changes", "status-change"),
    ("committees", "committee"),
    ("meetings", "meeting"),
    ("agenda items", "agenda-item"),
    ("consultations", "consultation"),
    ("ambitions", "ambition"),
    ("indicators", "indicator"),
    ("inspections", "inspection"),
]


@extend_schema(exclude=True)
@api_view(["GET"])
@authentication_classes([])
@throttle_classes([ApiRateThrottle])
def index(request):
    """Where each kind of record is, the schema, the documentation and the licence."""
    absolute = request.build_absolute_uri
    response = Response(
        {
            "endpoints": {
                name.replace(" ", "_"): absolute(reverse(f"api:{basename}-list"))
                for name, basename in ENDPOINTS
            },
            "schema": absolute(reverse("api:schema")),
            "documentation": absolute(reverse("api:docs")),
            "licence": {"name": "Open Government Licence v3.0", "url": LICENCE_URL},
        }
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def _operations():
    """Each endpoint from the schema: path, summary, description, query parameters."""
    schema = openapi_schema()
    rows = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        rows.append(
            {
                "path": path,
                "id": operation["operationId"].replace("_", "-"),
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "description": parameter.get("description", ""),
                        "values": parameter.get("schema", {}).get("items", {}).get("enum")
                        or parameter.get("schema", {}).get("enum"),
                    }
                    for parameter in operation.get("parameters", [])
                ],
            }
        )
    return rows


def _example_ids() -> dict:
    """A real initiative (one under scrutiny if there is one) and a meeting that considered
    it, for the examples."""
    initiatives = Initiative.public_objects.order_by("pk")
    initiative = (
        initiatives.filter(agenda_items__isnull=False, status__in=UNDER_SCRUTINY).first()
        or initiatives.first()
    )
    item = initiative and initiative.agenda_items.order_by("pk").first()
    return {
        "initiative": initiative.pk if initiative else 1,
        "meeting": item.meeting_id if item else 1,
    }


def docs_page(request):
    """The documentation for people: what there is, how to ask, with curl examples."""
    base = request.build_absolute_uri(reverse("api:index"))
    return render(
        request,
        "api/docs.html",
        {
            "api_base": base,
            "schema_url": request.build_absolute_uri(reverse("api:schema")),
            "operations": _operations(),
            "licence_url": LICENCE_URL,
            "info": openapi_schema()["info"],
            "example": _example_ids(),
        },
    )
