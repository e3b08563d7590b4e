from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from priorities.reports.formats import REPORT_FORMATS


class PeriodDateField(DateInputField):
    """A GOV.UK date input (day, month, year) that says in words when a date is not real."""

    def __init__(self, *, which, **kwargs):
        self.which = which
        super().__init__(**kwargs)

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (forms.ValidationError, OverflowError, ValueError):
            # A year too large for a date (or for the machine's integers) is no real date.
            raise forms.ValidationError(
                f"The {self.which} of the period must be a real date, like 1 4 2025",
                code="invalid",
            ) from None


class CommitteeReportForm(forms.Form):
    """The period and format of a committee's report; both dates may be left empty."""

    period_start = PeriodDateField(
        which="start",
        label="From",
        required=False,
        help_text="For example, 1 4 2025. Leave empty to start from the first meeting.",
    )
    period_end = PeriodDateField(
        which="end",
        label="To",
        required=False,
        help_text="For example, 31 3 2026. Leave empty to include every later meeting.",
    )
    report_format = forms.ChoiceField(
        label="Format",
        choices=[(key, report_format.label) for key, report_format in REPORT_FORMATS.items()],
        widget=forms.RadioSelect,
        initial="pdf",
        error_messages={
            "required": "Choose the format of the report",
            "invalid_choice": "Choose the format of the report",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "get"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                Field("period_start"),
                Field("period_end"),
                legend="Which meetings?",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Field.radios("report_format", legend_size=Size.MEDIUM, legend_tag="h2", inline=True),
            Button("download", "Download the report"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be on or after its start")
        return cleaned
