"""On SQLite, a trigram index (FTS5) of the text a meeting is searched by: its committee's name,
its description and its location (``priorities.search.trigram``). The search scanned every
meeting and its committee's name with ``LIKE``: at a hundred times the demo data, 5,000
meetings for each search, about 0.7 ms of the search page's query. The index keeps its own copy
of the text, since the committee's name is another table's; triggers keep it in step with the
meetings and with a renamed committee. PostgreSQL is left alone. No model state changes, so
``makemigrations`` sees nothing to do.

The statements are written out here, as they were when this migration was made, so that a later
change to ``priorities.search.trigram`` does not change what this migration did.
"""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS priorities_meeting_trigram USING fts5(committee__name, description, location, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS priorities_meeting_trigram_insert AFTER INSERT ON priorities_meeting BEGIN INSERT INTO priorities_meeting_trigram(rowid, committee__name, description, location) VALUES (new.id, COALESCE((SELECT name FROM priorities_committee WHERE id = new.committee_id), ''), new.description, new.location); END",
    'CREATE TRIGGER IF NOT EXISTS priorities_meeting_trigram_delete AFTER DELETE ON priorities_meeting BEGIN DELETE FROM priorities_meeting_trigram WHERE rowid = old.id; END',
    "CREATE TRIGGER IF NOT EXISTS priorities_meeting_trigram_update AFTER UPDATE OF description, location, committee_id ON priorities_meeting BEGIN DELETE FROM priorities_meeting_trigram WHERE rowid = old.id; INSERT INTO priorities_meeting_trigram(rowid, committee__name, description, location) VALUES (new.id, COALESCE((SELECT name FROM priorities_committee WHERE id = new.committee_id), ''), new.description, new.location); END",
    "CREATE TRIGGER IF NOT EXISTS priorities_meeting_trigram_priorities_committee_update AFTER UPDATE OF name ON priorities_committee BEGIN DELETE FROM priorities_meeting_trigram WHERE rowid IN (SELECT id FROM priorities_meeting WHERE committee_id = new.id); INSERT INTO priorities_meeting_trigram(rowid, committee__name, description, location) SELECT indexed.id, COALESCE((SELECT name FROM priorities_committee WHERE id = indexed.committee_id), ''), indexed.description, indexed.location FROM priorities_meeting AS indexed WHERE indexed.committee_id = new.id; END",
    "INSERT INTO priorities_meeting_trigram(rowid, committee__name, description, location) SELECT indexed.id, COALESCE((SELECT name FROM priorities_committee WHERE id = indexed.committee_id), ''), indexed.description, indexed.location FROM priorities_meeting AS indexed",
]  # fmt: skip

DROP = [
    'DROP TRIGGER IF EXISTS priorities_meeting_trigram_insert',
    'DROP TRIGGER IF EXISTS priorities_meeting_trigram_delete',
    'DROP TRIGGER IF EXISTS priorities_meeting_trigram_update',
    'DROP TRIGGER IF EXISTS priorities_meeting_trigram_priorities_committee_update',
    'DROP TABLE IF EXISTS priorities_meeting_trigram',
]  # fmt: skip


def add_meeting_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def remove_meeting_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0016_search_index_sqlite"),
    ]

    operations = [
        migrations.RunPython(add_meeting_index, remove_meeting_index),
    ]
