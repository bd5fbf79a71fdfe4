"""Shared fixtures: an offscreen Qt platform, a content database built once, a running kiosk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No read-aloud helper process per kiosk window; tests/test_read_aloud.py starts it where it is tested.
os.environ.setdefault("KIOSK_TTS_ENGINE", "none")
os.environ["KIOSK_DATA_DIR"] = tempfile.mkdtemp(prefix="kiosk-test-data-")
os.environ["KIOSK_SETTINGS"] = str(Path(os.environ["KIOSK_DATA_DIR"]) / "settings.toml")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def content_db(tmp_path_factory) -> Path:
    """The content database built from db/ (once per test session)."""
    from kiosk.data.build import build_database

    path = tmp_path_factory.mktemp("content") / "content.sqlite"
    build_database(ROOT / "db", path)
    return path


@pytest.fixture(scope="session")
def content(content_db):
    from kiosk.data.content import Content

    c = Content(content_db)
    yield c
    c.close()


@pytest.fixture
def kiosk(qtbot, content_db):
    """A real kiosk window on the built content, in Chinese, at landscape size."""
    from kiosk.i18n import set_language
    from kiosk.ui.application import KioskApplication

    app = KioskApplication(db_path=content_db, lang="zh_CN")
    assert not app.startup_error, app.startup_error
    qtbot.addWidget(app.window)
    app.window.resize(1920, 1080)
    app.window.show()
    qtbot.waitExposed(app.window)
    yield app
    app.window.close()
    set_language("zh_CN")
