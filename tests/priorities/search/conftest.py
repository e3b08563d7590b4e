import pytest
from django.db import connection

from priorities.search import trigram


@pytest.fixture(autouse=True)
def trigram_indexes(request):
    """On SQLite, the search tests run with the trigram indexes the migrations make (the test
    database is made without migrations): made in the test's transaction, gone with it."""
    if request.node.get_closest_marker("django_db") is None or connection.vendor != "sqlite":
        return
    request.getfixturevalue("db")
    with connection.cursor() as cursor:
        for table in trigram.INDEXED:
            for statement in trigram.create_statements(table):
                cursor.execute(statement)
