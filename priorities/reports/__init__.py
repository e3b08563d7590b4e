"""Downloads of published data: CSV and the committee report formats."""
