from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from priorities.models import Frequency
from priorities.subscribing import targets


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We only use it to send the updates you ask for. We never show it to anyone.",
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
        ),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    follow = forms.ChoiceField(
        label="What do you want updates about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what you want updates about",
            "invalid_choice": "Choose what you want updates about",
        },
    )
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how often you want emails",
            "invalid_choice": "Choose how often you want emails",
        },
    )

    def __init__(self, *args, target: targets.Target | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if target is not None:
            choices.append((target.value, target.label))
            self.fields["follow"].initial = target.value
        else:
            self.fields["follow"].initial = targets.EVERYTHING
        choices.append((targets.EVERYTHING, targets.describe(targets.EVERYTHING, None)))
        self.fields["follow"].choices = choices
        self.target = target

        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("email", field_width=20),
            Field.radios("follow", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("frequency", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("submit", "Continue"),
        )

    def clean_follow(self):
        value = self.cleaned_data["follow"]
        if value == targets.EVERYTHING:
            return targets.Target(targets.EVERYTHING)
        return self.target  # its value is the only other choice
