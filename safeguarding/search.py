"""What the safeguarding app adds to the portal search (registered at start-up)."""
