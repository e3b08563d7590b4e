"""On SQLite, trigram indexes (FTS5) that narrow a search before its ``icontains`` conditions.

SQLite matches search words with ``LIKE`` (``engine.text_search``), which reads the text of
every row: at a hundred times the demo data, 20,000 initiatives for each search. An FTS5
table with the trigram tokenizer finds the rows holding each word (in any letter case) from an
index; the search's own conditions then decide among those few, so the results are exactly
what ``LIKE`` alone finds: the index only narrows (it folds more letters' case than ``LIKE``,
never fewer). A word shorter than three characters is no trigram and is left to ``LIKE``.

Each index is an "external content" table over the model's table, kept in step by triggers on
insert, update and delete; migration ``0016_search_index_sqlite`` creates them on SQLite
(PostgreSQL has its own text search indexes). The meetings' index holds their committee's name
too (a meeting is found by it), so it keeps its own copy of the text, and a trigger on the
committees keeps the copies in step with a renamed committee (``JOINED``, migration
``0017_meeting_search_index_sqlite``). A database without them (the test database,
made without migrations) or without any of the triggers (a later migration that remakes the
table drops them) is searched with ``LIKE`` alone: ``ready`` looks this up in SQLite's
catalogue on the connection itself, a lookup of a few microseconds.
"""

#: The indexed tables and the text fields searched, as ``engine``'s providers name them: a
#: field of the table itself, or one of a related row's (``JOINED``).
INDEXED = {
    "priorities_initiative": ("title", "summary"),
    "priorities_priority": ("title", "summary", "young_people_summary", "lead_member", "portfolio"),
    "priorities_meeting": ("committee__name", "description", "location"),
}
#: Fields held for a table from a related row: field -> (that row's table, the foreign key
#: column pointing at it, its column). An index with such a field keeps its own copy of the text
#: (FTS5's external content reads only the table's own columns), and a trigger on the related
#: table brings its rows' copies up to date when the related text changes.
JOINED = {
    "priorities_meeting": {"committee__name": ("priorities_committee", "committee_id", "name")},
}
#: SQLite's trigram tokenizer matches only strings of at least this many characters.
MIN_LENGTH = 3


def index_name(table: str) -> str:
    return f"{table}_trigram"


def _triggers(table: str) -> dict[str, str]:
    if table in JOINED:
        return _copy_triggers(table)
    index, columns = index_name(table), INDEXED[table]
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    # Every name put into SQL here is this module's own (``INDEXED``).
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"  # noqa: S608
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608
    return {
        f"{index}_insert": f"AFTER INSERT ON {table} BEGIN {add} END",
        f"{index}_delete": f"AFTER DELETE ON {table} BEGIN {remove} END",
        f"{index}_update": f"AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END",
    }


def _values(table: str, row: str) -> str:
    """The indexed text of ``row`` (a row of ``table``: ``new`` in a trigger, or an alias), in
    the index's column order; a related row's field read from that row."""
    values = []
    for field in INDEXED[table]:
        if field in JOINED.get(table, {}):
            other, key, column = JOINED[table][field]
            values.append(f"COALESCE((SELECT {column} FROM {other} WHERE id = {row}.{key}), '')")  # noqa: S608
        else:
            values.append(f"{row}.{field}")
    return ", ".join(values)


def _copy_triggers(table: str) -> dict[str, str]:
    """The triggers of an index that keeps its own copy of the text (``JOINED``)."""
    index, fields = index_name(table), INDEXED[table]
    names = ", ".join(fields)
    own = [field for field in fields if field not in JOINED[table]]
    keys = [key for _other, key, _column in JOINED[table].values()]
    # Every name put into SQL here is this module's own (``INDEXED``, ``JOINED``).
    remove = f"DELETE FROM {index} WHERE rowid = old.id;"  # noqa: S608
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {_values(table, 'new')});"  # noqa: S608
    triggers = {
        f"{index}_insert": f"AFTER INSERT ON {table} BEGIN {add} END",
        f"{index}_delete": f"AFTER DELETE ON {table} BEGIN {remove} END",
        f"{index}_update": f"AFTER UPDATE OF {', '.join([*own, *keys])} ON {table} "
        f"BEGIN {remove} {add} END",
    }
    for other, key, column in JOINED[table].values():
        remove_copies = (
            f"DELETE FROM {index} WHERE rowid IN (SELECT id FROM {table} WHERE {key} = new.id);"  # noqa: S608
        )
        refill = (
            f"INSERT INTO {index}(rowid, {names}) SELECT indexed.id, "  # noqa: S608
            f"{_values(table, 'indexed')} FROM {table} AS indexed WHERE indexed.{key} = new.id;"
        )
        triggers[f"{index}_{other}_update"] = (
            f"AFTER UPDATE OF {column} ON {other} BEGIN {remove_copies} {refill} END"
        )
    return triggers


def create_statements(table: str) -> list[str]:
    """The SQL that creates ``table``'s index, its triggers, and fills it."""
    index, columns = index_name(table), INDEXED[table]
    triggers = [
        f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in _triggers(table).items()
    ]
    if table in JOINED:
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({', '.join(columns)}, "
            "tokenize='trigram')",
            *triggers,
            f"INSERT INTO {index}(rowid, {', '.join(columns)}) "  # noqa: S608
            f"SELECT indexed.id, {_values(table, 'indexed')} FROM {table} AS indexed",
        ]
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({', '.join(columns)}, "
        f"content='{table}', content_rowid='id', tokenize='trigram')",
        *triggers,
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",  # noqa: S608
    ]


def drop_statements(table: str) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in _triggers(table)),
        f"DROP TABLE IF EXISTS {index_name(table)}",
    ]


def ready(connection, table: str) -> bool:
    """Whether ``table`` has its index and every trigger that keeps it in step, on this
    SQLite connection (a catalogue lookup on the connection itself)."""
    if connection.vendor != "sqlite" or table not in INDEXED:
        return False
    names = [index_name(table), *_triggers(table)]
    connection.ensure_connection()
    found = connection.connection.execute(
        f"SELECT COUNT(*) FROM sqlite_master WHERE name IN ({', '.join('?' * len(names))})",  # noqa: S608
        names,
    ).fetchone()[0]
    return found == len(names)


def match_expression(words: list[list[str]]) -> str:
    """The FTS5 query that finds rows holding every word (each in any of its spellings), or
    "" when no word is long enough to look up."""
    terms = []
    for spellings in words:
        if not spellings or any(len(spelling) < MIN_LENGTH for spelling in spellings):
            continue
        quoted = ['"' + spelling.replace('"', '""') + '"' for spelling in spellings]
        terms.append(f"({' OR '.join(quoted)})")
    return " AND ".join(terms)
