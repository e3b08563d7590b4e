"""Indexes for a deployment hosting about fifty councils (issue 17's hundred-fold data set).

Each serves a public page whose queries read a few rows in order or count many from an index
alone, rather than reading whole tables:

- initiatives by publication state, organisation, status and RAG rating: the home page counts
  every organisation's published promises by stage and rating from this index alone;
- status changes by initiative and time: an initiative's latest step (the home page's "changed
  recently", each initiative once);
- meetings by time: the next meetings with promises on their agenda, soonest first.

Written as SQL both PostgreSQL and SQLite understand, and not declared on the models: they
change no model state, so ``makemigrations`` sees nothing to do.
"""

from django.db import migrations

INDEXES = [
    (
        "priorities_initiative_public_counts",
        "priorities_initiative",
        "publication_state, organisation_id, status, rag",
    ),
    ("priorities_statuschange_latest", "priorities_statuschange", "initiative_id, changed_at, id"),
    ("priorities_meeting_starts_at", "priorities_meeting", "starts_at"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0014_meeting_agenda_published_at"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
