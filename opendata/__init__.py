"""Open data beyond the API: calendars of meetings, and the whole data set as a described
download."""
