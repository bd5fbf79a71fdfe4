"""Settings: a bad or missing file never stops the kiosk; --check-config says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.settings import Settings, load_settings
from tests.staffcli import check_config

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_settings_are_valid():
    report = load_settings(ROOT / "deploy" / "settings.example.toml")
    assert report.problems == []
    assert report.settings.has_location and report.settings.idle_timeout_s == 90


def test_missing_file_gives_defaults(tmp_path):
    report = load_settings(tmp_path / "nope.toml")
    assert report.settings == Settings()
    assert "not found" in report.problems[0]
    result = check_config(tmp_path / "nope.toml")
    assert result.returncode == 1 and "not found" in result.stdout


def test_syntax_error_gives_defaults(tmp_path):
    path = write(tmp_path, "[kiosk]\nidle_timeout_s = = 3\n")
    report = load_settings(path)
    assert report.settings == Settings() and "cannot be read" in report.problems[0]
    result = check_config(path)
    assert result.returncode == 1 and "cannot be read" in result.stdout
    assert "Traceback" not in result.stderr


def test_unknown_key_is_reported_and_the_rest_applies(tmp_path):
    report = load_settings(write(tmp_path, '[kiosk]\nidle_timout_s = 30\ntourism_desk = true\n'))
    assert report.settings.tourism_desk is True
    assert report.problems == ["idle_timout_s: unknown setting (ignored)"]


@pytest.mark.parametrize("line,field", [
    ('idle_timeout_s = "ninety"', "idle_timeout_s"),
    ("tourism_desk = 1", "tourism_desk"),
    ("latitude = 40.0\nlongitude = 116.4", "latitude"),
    ('default_language = "fr"', "default_language"),
    ("trusted_keys = [1, 2]", "trusted_keys"),
])
def test_wrong_type_or_value_keeps_the_default(tmp_path, line, field):
    report = load_settings(write(tmp_path, f"[kiosk]\n{line}\n"))
    assert getattr(report.settings, field) == getattr(Settings(), field)
    assert any(p.startswith(field) for p in report.problems)
    assert check_config(tmp_path / "settings.toml").returncode == 1
