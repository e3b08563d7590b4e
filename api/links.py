"""How the API names a record: its id, its API address and its public page, all absolute."""

import functools

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@functools.cache
def _list_path(basename: str) -> str:
    return reverse(f"api:{basename}-list")


def api_url(request, basename: str, pk) -> str:
    """The absolute API address of record ``pk`` of the endpoint ``basename``."""
    return request.build_absolute_uri(f"{_list_path(basename)}{pk}/")


class LinkSerializer(serializers.Serializer):
    """A related record: its id, API address and title (for the schema)."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The record in the API.")
    title = serializers.CharField()


@extend_schema_field(LinkSerializer)
class LinkField(serializers.RelatedField):
    """A related record as ``{"id", "url", "title"}``. ``title`` names the attribute (or a
    function of the record) that titles it."""

    def __init__(self, basename, title="title", **kwargs):
        kwargs["read_only"] = True
        self.basename = basename
        self.title = title
        super().__init__(**kwargs)

    def to_representation(self, value):
        title = self.title(value) if callable(self.title) else getattr(value, self.title)
        return {
            "id": value.pk,
            "url": api_url(self.context["request"], self.basename, value.pk),
            "title": title,
        }


class RecordSerializer(serializers.ModelSerializer):
    """A record with ``id``, ``url`` (the API) and ``web_url`` (its public page)."""

    url = serializers.SerializerMethodField(help_text="This record in the API.")
    web_url = serializers.SerializerMethodField(help_text="This record's page on the portal.")

    #: The API endpoint's basename, e.g. "initiative".
    basename = ""

    def get_url(self, record) -> str:
        return api_url(self.context["request"], self.basename, record.pk)

    def get_web_url(self, record) -> str:
        return self.context["request"].build_absolute_uri(self.web_path(record))

    def web_path(self, record) -> str:
        return record.get_absolute_url()
