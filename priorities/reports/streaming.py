"""Stream a CSV download row by row, every cell neutralised against formula injection."""

import csv

from django.http import StreamingHttpResponse

from priorities.reports.csv_safety import neutralise_row

#: The UTF-8 byte order mark: without it Excel reads UTF-8 files as the local code page and
#: garbles curly quotes, arrows and non-English names.
BYTE_ORDER_MARK = "\ufeff"


class _Line:
    """A file-like object whose ``write`` returns what it was given: one CSV line."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """Yield the CSV text of ``header`` and then of each row, one line at a time."""
    writer = csv.writer(_Line())
    yield BYTE_ORDER_MARK + writer.writerow(neutralise_row(header))
    for row in rows:
        yield writer.writerow(neutralise_row(row))


def streaming_csv_response(filename, header, rows):
    """Return a response that streams ``rows`` under ``header`` as a UTF-8 CSV attachment."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(header, rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
