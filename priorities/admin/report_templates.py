"""The organisation's own Word template for committee reports, uploaded by an officer."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from priorities.admin.scoping import OrganisationScopedAdmin
from priorities.models import WordReportTemplate
from priorities.reports.word_templates import TemplateUnreadable, open_template

#: Larger files are refused: a report template with a logo is a few hundred kilobytes.
LARGEST_TEMPLATE_BYTES = 5 * 1024 * 1024
TEMPLATE_EXTENSIONS = (".docx", ".dotx")


class WordReportTemplateForm(forms.ModelForm):
    upload = forms.FileField(
        label="Word template",
        required=False,
        help_text="Your committee report template as a .docx or .dotx file, up to 5 MB. Its "
        "styles, headers, footers and logo are kept; the report replaces its body.",
    )

    class Meta:
        model = WordReportTemplate
        fields = ["organisation"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk:
                raise ValidationError("Choose a .docx or .dotx file to upload.")
            return None
        if not upload.name.lower().endswith(TEMPLATE_EXTENSIONS):
            raise ValidationError("The template must be a Word file ending .docx or .dotx.")
        if upload.size > LARGEST_TEMPLATE_BYTES:
            raise ValidationError("The template must be smaller than 5 MB.")
        content = upload.read()
        try:
            open_template(content)
        except TemplateUnreadable as error:
            raise ValidationError(
                "The file could not be opened as a Word document: save it again from Word as "
                "a .docx or .dotx file."
            ) from error
        return upload.name, content

    def save(self, commit=True):
        template = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        if upload:
            template.file_name, template.content = upload
        if commit:
            template.save()
        return template


@admin.register(WordReportTemplate)
class WordReportTemplateAdmin(OrganisationScopedAdmin):
    form = WordReportTemplateForm
    list_display = ["organisation", "file_name", "updated_at", "uploaded_by"]
    readonly_fields = ["file_name", "uploaded_by", "updated_at"]
    list_select_related = ["organisation", "uploaded_by"]

    def get_fields(self, request, obj=None):
        fields = ["organisation", "upload"]
        return [*fields, *self.readonly_fields] if obj else fields

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("upload"):
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
