"""The web settings find their files wherever the server is started from."""

import importlib
import os


def test_default_funding_configuration_is_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PERFML_CONFIG_ALLOCATION", raising=False)
    from perfml.web import settings

    fresh = importlib.reload(settings)
    try:
        assert fresh.PERFML_CONFIG_ALLOCATION.is_absolute()
        assert fresh.PERFML_CONFIG_ALLOCATION.is_file()
    finally:
        monkeypatch.chdir(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
        importlib.reload(settings)
