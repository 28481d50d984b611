"""The throwaway PostgreSQL cluster starts and answers queries."""

import psycopg
import pytest


@pytest.mark.postgres
def test_cluster_answers_a_query(postgres_cluster):
    with psycopg.connect(postgres_cluster.url) as conn:
        assert conn.execute("select 1 + 1").fetchone()[0] == 2
