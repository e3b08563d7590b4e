import re

from django import forms

NOT_CODE_CHARACTERS = re.compile(r"[\s-]+")


class AuthenticatorCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now, for example 123456.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": "8",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )

    def clean_code(self):
        code = NOT_CODE_CHARACTERS.sub("", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(
                "Enter the 6-digit code from your authenticator app, using numbers only."
            )
        return code


class RecoveryCodeForm(forms.Form):
    """One of the single-use recovery codes shown when the authenticator app was set up."""

    code = forms.CharField(
        label="Recovery code",
        help_text="One of the codes you saved when you set up your authenticator app, "
        "for example abcd2efg. Each code works once.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": "12",
            }
        ),
        error_messages={"required": "Enter one of your recovery codes."},
    )

    def clean_code(self):
        code = NOT_CODE_CHARACTERS.sub("", self.cleaned_data["code"]).lower()
        if not re.fullmatch(r"[a-z0-9]{1,16}", code):
            raise forms.ValidationError(
                "Enter a recovery code as it was shown to you: letters and numbers only."
            )
        return code
