"""What the safeguarding app adds to the priorities pages (registered at start-up)."""
