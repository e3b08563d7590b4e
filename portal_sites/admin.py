"""Sites in the admin: one page per site (its main address, brand, organisations, contacts and
email sender, other addresses), for superusers only. Officers never see them."""

from django import forms
from django.contrib import admin
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError

from portal_sites.brand import validate_logo_svg
from portal_sites.models import SiteAlias, SiteProfile, normalise_host


class SuperuserOnly:
    """Only superusers may see or change sites."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class SiteAliasInline(SuperuserOnly, admin.TabularInline):
    model = SiteAlias
    extra = 1


class SiteProfileForm(forms.ModelForm):
    domain = forms.CharField(
        label="Main address",
        max_length=100,
        help_text="The host name the site is served at, without https:// or a port, e.g. "
        "priorities.telford.gov.uk",
    )
    owner_url = forms.URLField(
        label="Owner's website",
        required=False,
        assume_scheme="https",
        help_text="The header's name links here.",
    )
    logo_file = forms.FileField(
        label="Upload a logo (SVG)",
        required=False,
        help_text="Replaces the logo below. An SVG file smaller than 100 KB.",
    )

    class Meta:
        model = SiteProfile
        fields = [
            "is_neutral",
            "name_shown",
            "owner_name",
            "owner_url",
            "header_colour",
            "logo_svg",
            "organisations",
            "contact_email",
            "contact_phone",
            "accessibility_contact_email",
            "accessibility_statement_extra",
            "email_sender_name",
            "email_sender_address",
        ]
        widgets = {"organisations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["domain"].initial = self.instance.site.domain

    def clean_domain(self):
        domain = normalise_host(self.cleaned_data["domain"])
        others = Site.objects.filter(domain__iexact=domain)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.site_id)
        if others.exists() or SiteAlias.objects.filter(host=domain).exists():
            raise ValidationError("Another site has this address.")
        return domain

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError("The logo is not a valid SVG file") from error
        validate_logo_svg(text)
        return text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo_file"):
            cleaned["logo_svg"] = cleaned["logo_file"]
            self.instance.logo_svg = cleaned["logo_file"]
        if cleaned.get("is_neutral") and cleaned.get("organisations"):
            self.add_error(
                "organisations", "The neutral portal shows every organisation: choose none."
            )
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=False)
        domain = self.cleaned_data["domain"]
        if profile.site_id:
            site = profile.site
            site.domain, site.name = domain, profile.name_shown
            site.save()
        else:
            profile.site = Site.objects.create(domain=domain, name=profile.name_shown)
        if commit:
            profile.save()
            self.save_m2m()
        return profile


@admin.register(SiteProfile)
class SiteProfileAdmin(SuperuserOnly, admin.ModelAdmin):
    form = SiteProfileForm
    inlines = [SiteAliasInline]
    list_display = ["name_shown", "main_address", "is_neutral", "header_colour"]
    fieldsets = [
        (None, {"fields": ["domain", "is_neutral", "name_shown", "owner_name", "owner_url"]}),
        ("Brand", {"fields": ["header_colour", "logo_file", "logo_svg"]}),
        ("Organisations", {"fields": ["organisations"]}),
        (
            "Contact and accessibility",
            {
                "fields": [
                    "contact_email",
                    "contact_phone",
                    "accessibility_contact_email",
                    "accessibility_statement_extra",
                ]
            },
        ),
        ("Emails", {"fields": ["email_sender_name", "email_sender_address"]}),
    ]

    @admin.display(description="Main address", ordering="site__domain")
    def main_address(self, profile):
        return profile.site.domain

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


# Sites are managed on their profile's page (the main address is a field there).
if admin.site.is_registered(Site):
    admin.site.unregister(Site)
