"""A date whose time of day may not be known, in the admin's forms and on the pages.

Councils often know the day a meeting is held or a decision took effect, but not the hour.
Rather than make an officer invent one, such a record keeps its day (stored at the start of
that day, local time) with ``time_known`` false, and every page, email and report shows the day
alone.
"""

import datetime
from typing import NamedTuple

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone


class DayAndTime(NamedTuple):
    """A day and, when known, the time on it."""

    day: datetime.date
    time: datetime.time | None

    @property
    def time_known(self) -> bool:
        return self.time is not None

    def as_datetime(self) -> datetime.datetime:
        """The moment, in the current time zone; the start of the day when the time is not
        known."""
        return timezone.make_aware(
            datetime.datetime.combine(self.day, self.time or datetime.time())
        )

    @classmethod
    def of(cls, moment: datetime.datetime | None, *, time_known: bool = True):
        """The day and time a stored moment stands for (None for None)."""
        if moment is None:
            return None
        local = timezone.localtime(moment)
        return cls(local.date(), local.time().replace(microsecond=0) if time_known else None)


class DayAndOptionalTimeWidget(AdminSplitDateTime):
    """The admin's date and time boxes, which show an empty time box for an unknown time."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        # Django writes "Date:" and "Time:" beside the boxes as plain text: name the boxes too.
        self.widgets[0].attrs.setdefault("aria-label", "Date")
        self.widgets[1].attrs.setdefault("aria-label", "Time, if known")

    def decompress(self, value):
        if isinstance(value, DayAndTime):
            return [value.day, value.time]
        return super().decompress(value)


class DayAndOptionalTimeField(forms.MultiValueField):
    """A day (required when the field is) and a time that may be left empty.

    Cleans to a ``DayAndTime``; the form stores ``as_datetime()`` and ``time_known``.
    """

    widget = DayAndOptionalTimeWidget
    default_error_messages = {
        "incomplete": "Enter the date",
        "required": "Enter the date",
    }

    def __init__(self, **kwargs):
        fields = (
            forms.DateField(error_messages={"invalid": "Enter a real date, like 21/07/2022"}),
            forms.TimeField(
                required=False, error_messages={"invalid": "Enter a real time, like 19:30"}
            ),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or data_list[0] in (None, ""):
            if data_list and data_list[1] not in (None, ""):
                raise forms.ValidationError("Enter the date as well as the time", code="incomplete")
            return None
        return DayAndTime(data_list[0], data_list[1] or None)


def day_or_moment(moment: datetime.datetime | None, *, time_known: bool) -> str:
    """ "21 Jul 2022, 19:30", or "21 Jul 2022" when the time is not known (for the admin)."""
    if moment is None:
        return "-"
    local = timezone.localtime(moment)
    return f"{local:%-d %b %Y, %H:%M}" if time_known else f"{local:%-d %b %Y}"


class DayAndOptionalTimeModelForm(forms.ModelForm):
    """A model form whose ``day_and_time_field`` (a DateTimeField) is entered as a day and an
    optional time, and whose ``time_known`` flag follows what was entered."""

    day_and_time_field = "starts_at"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.day_and_time_field
        model_field = self._meta.model._meta.get_field(name)
        self.fields[name] = DayAndOptionalTimeField(
            label=model_field.verbose_name[:1].upper() + model_field.verbose_name[1:],
            help_text=model_field.help_text,
            required=not model_field.blank,
        )
        if self.instance.pk is not None:
            self.initial[name] = DayAndTime.of(
                getattr(self.instance, name), time_known=self.instance.time_known
            )
        # The form's other moments (when the agenda was published) keep Django's two boxes,
        # named as the day-and-time field's are.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, AdminSplitDateTime) and not isinstance(
                widget, DayAndOptionalTimeWidget
            ):
                widget.widgets[0].attrs.setdefault("aria-label", "Date")
                widget.widgets[1].attrs.setdefault("aria-label", "Time")

    def clean(self):
        cleaned_data = super().clean()
        when = cleaned_data.get(self.day_and_time_field)
        if isinstance(when, DayAndTime):
            cleaned_data[self.day_and_time_field] = when.as_datetime()
            self.instance.time_known = when.time_known
        return cleaned_data
