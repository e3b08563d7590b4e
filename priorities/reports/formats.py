"""The formats a committee report downloads in, and the writer of each.

A writer is ``write(report, stream)``: it writes the whole ``Report`` to a binary file-like
object. Writers are imported when first used, so WeasyPrint loads only when a PDF is asked for.
"""

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class ReportFormat:
    key: str
    label: str
    extension: str
    content_type: str
    #: "module:function" of the writer.
    writer_path: str

    def write(self, report, stream):
        module_name, function_name = self.writer_path.split(":")
        writer = getattr(import_module(module_name), function_name)
        writer(report, stream)

    def filename(self, report):
        return f"{report.filename_stem}.{self.extension}"


REPORT_FORMATS = {
    report_format.key: report_format
    for report_format in (
        ReportFormat("pdf", "PDF", "pdf", "application/pdf", "priorities.reports.pdf:write_pdf"),
        ReportFormat(
            "docx",
            "Word",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "priorities.reports.word:write_docx",
        ),
        ReportFormat(
            "xlsx",
            "Excel",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "priorities.reports.excel:write_xlsx",
        ),
        ReportFormat(
            "csv", "CSV", "csv", "text/csv; charset=utf-8", "priorities.reports.csv_file:write_csv"
        ),
    )
}
