"""The read-only JSON API (/api/v1/): every public record, with the search filters, OpenAPI 3."""
