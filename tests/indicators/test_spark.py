"""Choosing the Spark to compute on: addresses, environment settings, French errors."""

from __future__ import annotations

import pytest

from perfml.errors import UserError
from perfml.indicators.spark import has_parquet_tables, is_local, spark_session, spark_url


@pytest.fixture(autouse=True)
def no_spark_settings(monkeypatch):
    for variable in ("SPARK_REMOTE", "MASTER", "PYSPARK_SUBMIT_ARGS"):
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize(
    "url",
    ["spark://maitre:7077", "spark://a:7077,b:7077", "sc://127.0.0.1:15002",
     "sc://hote:15002/;token=abc", "local", "local[2]", "local[*]", "yarn",
     "k8s://https://api:6443"],
)  # fmt: skip
def test_a_spark_address_spark_understands_is_kept(url):
    assert spark_url(url) == url


@pytest.mark.parametrize(
    "url", ["spark//maitre:7077", "http://maitre:7077", "spark://maitre", "sc:/x", "maitre:7077"]
)
def test_an_unreadable_spark_address_is_a_french_user_error(url):
    with pytest.raises(UserError, match="Adresse Spark illisible"):
        spark_url(url)


def test_spark_remote_is_used_when_no_address_is_given(monkeypatch):
    monkeypatch.setenv("SPARK_REMOTE", "sc://serveur:15002")
    monkeypatch.setenv("MASTER", "spark://maitre:7077")
    assert spark_url(None) == "sc://serveur:15002"


def test_master_is_used_when_neither_address_nor_spark_remote_is_given(monkeypatch):
    monkeypatch.setenv("MASTER", "spark://maitre:7077")
    assert spark_url(None) == "spark://maitre:7077"


def test_an_unreadable_spark_remote_names_the_variable(monkeypatch):
    monkeypatch.setenv("SPARK_REMOTE", "n'importe quoi")
    with pytest.raises(UserError, match="SPARK_REMOTE"):
        spark_url(None)


def test_a_master_in_pyspark_submit_args_is_not_local(monkeypatch):
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", "--master spark://maitre:7077 pyspark-shell")
    assert spark_url(None) is None and not is_local(None)


@pytest.mark.parametrize("url", ["spark://127.0.0.1:9", "sc://127.0.0.1:9"])
def test_a_cluster_that_does_not_answer_is_a_french_user_error(url):
    with pytest.raises(UserError, match="ne répond pas \\(connexion refusée\\)"):
        spark_session(url)


def test_a_folder_without_contract_parquet_files_is_not_a_parquet_extract(tmp_path):
    (tmp_path / "jeunes.csv").write_text("id_jeune\n", encoding="utf-8")
    assert not has_parquet_tables(tmp_path)


def test_a_folder_with_a_contract_parquet_file_is_a_parquet_extract(tmp_path):
    (tmp_path / "jeunes.parquet").write_bytes(b"")
    assert has_parquet_tables(tmp_path) and has_parquet_tables(tmp_path.as_uri())
