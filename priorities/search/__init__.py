"""The portal search: filters, providers (one per kind of result) and the search pages."""
