"""An organisation's own Word template (.docx or .dotx), opened for a report to be written in.

A template's styles, headers, footers (with their logos) and page set-up are kept; its body is
cleared, so the report replaces the example text a template usually holds.
"""

import io
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

from priorities.models import WordReportTemplate

CONTENT_TYPES = "[Content_Types].xml"
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class TemplateUnreadable(Exception):
    """The file is not a Word document or template that python-docx can open."""


def as_document_package(content: bytes) -> bytes:
    """Return ``content`` with a template's (.dotx) main part declared a document's, which is
    the only difference between the two that python-docx minds; a .docx comes back as it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            content_types = package.read(CONTENT_TYPES)
            if TEMPLATE_MAIN not in content_types:
                return content
            converted = io.BytesIO()
            with zipfile.ZipFile(converted, "w", zipfile.ZIP_DEFLATED) as copy:
                for entry in package.infolist():
                    data = package.read(entry.filename)
                    if entry.filename == CONTENT_TYPES:
                        data = data.replace(TEMPLATE_MAIN, DOCUMENT_MAIN)
                    copy.writestr(entry, data)
            return converted.getvalue()
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise TemplateUnreadable(str(error)) from error


def organisation_word_template(organisation_id):
    """Return the bytes of the organisation's own Word template, or None if it has none."""
    content = (
        WordReportTemplate.objects.filter(organisation_id=organisation_id)
        .values_list("content", flat=True)
        .first()
    )
    return bytes(content) if content is not None else None


def open_template(content: bytes):
    """Return the template ``content`` (bytes of a .docx or .dotx) as a python-docx Document."""
    try:
        return Document(io.BytesIO(as_document_package(content)))
    except PackageNotFoundError as error:
        raise TemplateUnreadable(str(error)) from error
    except Exception as error:  # a broken package or XML: not a template python-docx can use
        raise TemplateUnreadable(str(error)) from error


def clear_body(document):
    """Remove every paragraph and table from ``document``'s body, keeping the last section's
    properties (page size, margins, headers and footers) so the report starts on a clean page
    laid out as the template lays it out."""
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    return document
