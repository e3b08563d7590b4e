"""On SQLite, trigram indexes (FTS5) of the initiatives' and priorities' searched text, kept
in step by triggers: the search narrows its ``icontains`` matches with them first
(``priorities.search.trigram``; 'mental health' at 100x: the initiatives' part of the search
page's query about 12 ms to 5 ms). PostgreSQL has its own (0015_hundredfold_indexes) and is
left alone. They change no model state, so ``makemigrations`` sees nothing to do.

The statements are written out here, as they were when this migration was made, so that a
later change to ``priorities.search.trigram`` does not change what this migration did.
"""

from django.db import migrations

INDEXED = {
    "priorities_initiative": ("title", "summary"),
    "priorities_priority": ("title", "summary", "young_people_summary", "lead_member", "portfolio"),
}


def triggers(table, columns):
    index = f"{table}_trigram"
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"  # noqa: S608
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608
    return {
        f"{index}_insert": f"AFTER INSERT ON {table} BEGIN {add} END",
        f"{index}_delete": f"AFTER DELETE ON {table} BEGIN {remove} END",
        f"{index}_update": f"AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END",
    }


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in INDEXED.items():
        index = f"{table}_trigram"
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({', '.join(columns)}, "
            f"content='{table}', content_rowid='id', tokenize='trigram')"
        )
        for name, body in triggers(table, columns).items():
            schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        schema_editor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")  # noqa: S608


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in INDEXED.items():
        for name in triggers(table, columns):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_trigram")


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0015_hundredfold_indexes"),
    ]

    operations = [
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes),
    ]
