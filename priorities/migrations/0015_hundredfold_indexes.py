"""Indexes for a deployment hosting about fifty councils (issue 17's hundred-fold data set).

Each serves a public page whose queries read a few rows in order or count many from an index
alone, rather than reading whole tables:

- initiatives by publication state, organisation, status and RAG rating: the home page counts
  every organisation's published promises by stage and rating from this index alone;
- status changes by initiative and time: an initiative's latest step (the home page's "changed
  recently", each initiative once);
- meetings by time: the next meetings with promises on their agenda, soonest first;
- on PostgreSQL, the search's text of initiatives, priorities, plans and consultations (GIN):
  each is the very expression ``priorities.search.engine`` matches (its fields, weights and
  configuration, in its order), so the search reads the matching rows from the index rather
  than making every row's text vector (``mental health`` at 100x: 255 ms to 67 ms). Change
  one and the other together. Meetings are searched by their committee's name too, which no
  index of theirs can hold.

Written as SQL, and not declared on the models: they change no model state, so
``makemigrations`` sees nothing to do.
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


#: (index, table, [(column, weight)]) as ``priorities.search.engine`` searches them.
SEARCHED = [
    ("priorities_initiative_search", "priorities_initiative", [("title", "A"), ("summary", "B")]),
    (
        "priorities_priority_search",
        "priorities_priority",
        [
            ("title", "A"),
            ("summary", "B"),
            ("young_people_summary", "B"),
            ("lead_member", "C"),
            ("portfolio", "C"),
        ],
    ),
    (
        "priorities_plan_search",
        "priorities_plan",
        [("title", "A"), ("summary", "B"), ("source_title", "C")],
    ),
    (
        "priorities_consultation_search",
        "priorities_consultation",
        [("title", "A"), ("audience", "B"), ("you_said", "B"), ("we_did", "B"), ("method", "C")],
    ),
]
SEARCH_CONFIG = "english"


def text_vector(columns):
    return " || ".join(
        f"setweight(to_tsvector('{SEARCH_CONFIG}', COALESCE({column}, '')), '{weight}')"
        for column, weight in columns
    )


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({text_vector(columns)}))"
        )


def remove_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _columns in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0014_meeting_agenda_published_at"),
    ]

    operations = [
        *(
            migrations.RunSQL(
                sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
                reverse_sql=f"DROP INDEX IF EXISTS {name}",
            )
            for name, table, columns in INDEXES
        ),
        migrations.RunPython(add_search_indexes, remove_search_indexes),
    ]
