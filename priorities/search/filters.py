"""The portal search form: its parameters, their choices and how bad input is dealt with.

The search spans several kinds of record (priorities, initiatives, meetings, and whatever other
apps register), so this FilterSet is the form half of the search: it reads the query string,
keeps what it recognises and hands ``SearchFilters`` to each search provider, which applies
them to its own model (see ``priorities.search.engine``).

Nothing a visitor types into the address bar makes the search fail: unknown filter values are
set aside (and the page says so), search text is cleaned of control characters and shortened.
"""

import html
import re

import django_filters
from django import forms
from django.utils.safestring import mark_safe
from django_filters.fields import MultipleChoiceField

from priorities.lifecycle import InitiativeStatus
from priorities.models import Organisation, Rag, Theme
from priorities.search.criteria import SearchFilters
from priorities.search.engine import all_search_providers

#: One option of a filter (``SearchFilterSet.groups``): GOV.UK checkboxes markup. Every field
#: is escaped (``checkbox``).
CHECKBOX = (
    '<div class="govuk-checkboxes__item">'
    '<input class="govuk-checkboxes__input" id="{id}" name="{name}" type="checkbox" '
    'value="{value}"{checked}>'
    '<label class="govuk-label govuk-checkboxes__label" for="{id}">{label}</label>'
    "</div>"
)


def checkbox(option: dict, name: str) -> str:
    """One option of a filter as GOV.UK checkbox markup, every value escaped. The standard
    library's ``html.escape`` escapes the same five characters as Django's ``escape``, without
    its lazy-string and safe-string checks: a deployment of fifty councils lists over a
    hundred organisations, each on every search page."""
    return CHECKBOX.format(
        id=html.escape(option["id"]),
        name=html.escape(name),
        value=html.escape(str(option["value"])),
        checked=" checked" if option["checked"] else "",
        label=html.escape(str(option["label"])),
    )


#: Longer search text is cut to this many characters.
MAX_QUERY_LENGTH = 200

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_search_text(value) -> str:
    """Return search text fit to use: no control characters, single spaces, at most
    ``MAX_QUERY_LENGTH`` characters."""
    text = _CONTROL_CHARACTERS.sub(" ", str(value or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


class SearchTextField(forms.CharField):
    def to_python(self, value):
        return clean_search_text(super().to_python(value))


class LenientMultipleChoiceField(MultipleChoiceField):
    """A multiple choice that keeps the values it knows and sets the others aside in
    ``ignored``, so an old or mistyped link still finds something."""

    ignored: tuple[str, ...] = ()

    def clean(self, value):
        values = self.to_python(value)
        unique = list(dict.fromkeys(values))
        self.ignored = tuple(v for v in unique if not self.valid_value(v))
        return super().clean([v for v in unique if self.valid_value(v)])


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


def result_type_choices():
    return [(provider.result_type, provider.label_plural) for provider in all_search_providers()]


class SearchFilterSet(django_filters.FilterSet):
    """The search form. Each multiple choice is one query-string parameter, repeated for each
    value chosen (``?organisation=wandsworth&organisation=wscp``): values of one filter widen the
    search, different filters narrow it."""

    q = SearchTextFilter(label="Search")
    type = LenientMultipleChoiceFilter(label="Type of record")
    organisation = LenientMultipleChoiceFilter(label="Organisation")
    theme = LenientMultipleChoiceFilter(label="Theme")
    status = LenientMultipleChoiceFilter(label="Status", choices=InitiativeStatus.choices)
    rag = LenientMultipleChoiceFilter(label="Delivery rating (RAG)", choices=Rag.choices)

    #: Query-string parameters, in the order they are written back into links.
    PARAMETERS = ("q", "type", "organisation", "theme", "status", "rag")
    CHOICE_PARAMETERS = PARAMETERS[1:]

    def __init__(self, data=None, *, request=None):
        # django-filter wants a queryset; the search spans models, so this one is never used:
        # providers filter their own querysets with ``search_filters()``.
        super().__init__(data, queryset=Organisation.objects.none(), request=request)
        self.filters["type"].extra["choices"] = result_type_choices()
        self.filters["organisation"].extra["choices"] = list(
            Organisation.objects.on_current_site().order_by("name").values_list("slug", "name")
        )
        self.filters["theme"].extra["choices"] = list(
            Theme.objects.order_by("name").values_list("slug", "name")
        )

    @property
    def cleaned_data(self) -> dict:
        form = self.form
        if not self.is_bound:
            return {}
        form.is_valid()
        return getattr(form, "cleaned_data", {})

    def search_text(self) -> str:
        return self.cleaned_data.get("q") or ""

    def search_filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            types=tuple(data.get("type") or ()),
            organisations=tuple(data.get("organisation") or ()),
            themes=tuple(data.get("theme") or ()),
            statuses=tuple(data.get("status") or ()),
            rags=tuple(data.get("rag") or ()),
        )

    def ignored_values(self) -> list[tuple[str, str]]:
        """Return (filter label, value) for each value in the address the search set aside."""
        self.cleaned_data  # noqa: B018 - validates the form, which fills each field's ``ignored``
        ignored = []
        for name in self.CHOICE_PARAMETERS:
            field = self.form.fields[name]
            ignored += [(str(field.label), value) for value in getattr(field, "ignored", ())]
        return ignored

    def text_was_shortened(self) -> bool:
        raw = self.data.getlist("q") if hasattr(self.data, "getlist") else [self.data.get("q")]
        raw_text = raw[-1] if raw else ""
        return len(" ".join(str(raw_text or "").split())) > MAX_QUERY_LENGTH

    def query_items(self, *, without=None) -> list[tuple[str, str]]:
        """Return the cleaned search as query-string pairs, leaving out ``without``, a
        (parameter, value) pair: the links on the page keep the visitor's choices this way."""
        data = self.cleaned_data
        items = []
        text = data.get("q")
        if text and without != ("q", text):
            items.append(("q", text))
        for name in self.CHOICE_PARAMETERS:
            for value in data.get(name) or ():
                if without != (name, value):
                    items.append((name, value))
        return items

    def groups(self) -> list[dict]:
        """Return each filter with its options and which are chosen, for the template."""
        data = self.cleaned_data
        groups = []
        for name in self.CHOICE_PARAMETERS:
            field = self.form.fields[name]
            # A choice field normalises its choices again at each reading: read them once.
            choices = list(field.choices)
            chosen = set(data.get(name) or ())
            options = [
                {
                    "value": value,
                    "label": label,
                    "checked": value in chosen,
                    "id": name if index == 0 else f"{name}-{index + 1}",
                }
                for index, (value, label) in enumerate(choices)
            ]
            groups.append(
                {
                    "name": name,
                    "legend": field.label,
                    "options": options,
                    # The GOV.UK checkboxes, written here rather than by a template loop;
                    # checkbox() escapes every value.
                    "checkboxes": mark_safe(
                        "\n".join(checkbox(option, name) for option in options)
                    ),
                    "chosen": [label for value, label in choices if value in chosen],
                    "any_chosen": bool(chosen),
                }
            )
        return groups
