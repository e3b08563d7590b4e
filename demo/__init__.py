"""The demo data (``load_demo_data``): public records from the seed documents, with illustrative
additions marked as such. Sits on top of both domain apps; nothing imports it."""
