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


# Invitations ------------------------------------------------------------------------------------


def password_widget(autocomplete: str, described_by: str = ""):
    attrs = {"autocomplete": autocomplete, "spellcheck": "false", "autocapitalize": "none"}
    if described_by:
        attrs["aria-describedby"] = described_by
    return forms.PasswordInput(attrs=attrs)


class NewPasswordForm(forms.Form):
    """Accepting an invitation with a new account: a password, typed twice. The password rules
    (``AUTH_PASSWORD_VALIDATORS``) are checked by ``invitations.accept_invitation``."""

    password = forms.CharField(
        label="Create a password",
        strip=False,
        widget=password_widget("new-password", "id_password_helptext"),
        error_messages={"required": "Enter a password."},
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=password_widget("new-password"),
        error_messages={"required": "Type the password again, to check it."},
    )

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error(
                "password_again", "The passwords do not match. Type the same password twice."
            )
        return cleaned


class ExistingPasswordForm(forms.Form):
    """Accepting an invitation for an address that already has an account: its password."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=password_widget("current-password"),
        error_messages={"required": "Enter the password you use to sign in to the portal."},
    )


EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org."


class InviteOfficerForm(forms.Form):
    """Invite an officer: their email address, the organisation (one the inviting officer
    administers) and the role."""

    email = forms.EmailField(
        label="Email address",
        help_text="Their work email address. The invitation goes here, and it becomes their "
        "username.",
        error_messages={"required": "Enter their email address.", "invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Choose the organisation they will work for.",
            "invalid_choice": "Choose one of the organisations you manage.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role."},
    )

    def __init__(self, *args, organisations, role_choices, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["role"].choices = role_choices


class SetUpCouncilForm(forms.Form):
    """A new organisation and the email address of its first administrator."""

    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="In full, as the organisation writes it, for example “Easthaven Borough "
        "Council”.",
        error_messages={"required": "Enter the organisation's name."},
    )
    short_name = forms.CharField(
        label="Short name (optional)",
        max_length=80,
        required=False,
        help_text="Used where space is short, for example “Easthaven”.",
    )
    slug = forms.SlugField(
        label="Web address (optional)",
        max_length=80,
        required=False,
        help_text="The end of the organisation's page address, in lower-case letters, numbers "
        "and hyphens, for example “easthaven”. Leave it empty to make one from the name.",
        error_messages={
            "invalid": "Use only lower-case letters, numbers and hyphens in the web address."
        },
    )
    kind = forms.ChoiceField(
        label="Kind of organisation", error_messages={"required": "Choose a kind."}
    )
    administrator_email = forms.EmailField(
        label="First administrator's email address",
        help_text="They are invited as the organisation's administrator, and then invite its "
        "other officers themselves.",
        error_messages={
            "required": "Enter the first administrator's email address.",
            "invalid": EMAIL_FORMAT,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, organisations, kind_choices, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.organisations = organisations
        self.fields["kind"].choices = [("", "Choose a kind"), *kind_choices]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.organisations.filter(name__iexact=name).exists():
            raise forms.ValidationError(f"An organisation called “{name}” already exists.")
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if slug and self.organisations.filter(slug=slug).exists():
            raise forms.ValidationError(
                f"The web address “{slug}” is taken by another organisation. Choose another."
            )
        return slug
