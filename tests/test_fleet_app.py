"""The running kiosk with inbox and outbox folders: a real window, a real folder watcher, real packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.data.generations import content_status
from kiosk.ui import fleet
from tests.data.kpkg import Signer, source_table, write_package

DEADLINE_MS = 30_000  # for completion only: nothing here measures how fast it happens


@pytest.fixture
def signer():
    return Signer()


def start_kiosk(qtbot, tmp_path: Path, content_db: Path, signer: Signer, mode: str, poll_ms: int = 500):
    from kiosk.ui.application import KioskApplication

    data, inbox, outbox = tmp_path / "data", tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[kiosk]\ndata_dir = "{data.as_posix()}"\ninbox_dir = "{inbox.as_posix()}"\n'
                        f'inbox_apply = "{mode}"\noutbox_dir = "{outbox.as_posix()}"\n'
                        f'kiosk_id = "test-kiosk"\ntrusted_keys = ["{signer.public}"]\n', encoding="utf-8")
    app = KioskApplication(db_path=content_db, settings_file=settings)
    assert not app.startup_error and not app.settings_problems
    qtbot.addWidget(app.window)
    app.window.resize(1920, 1080)
    app.window.show()
    app.start_fleet(poll_ms=poll_ms, settle_s=0.3)
    return app, data, inbox, outbox


def drop(inbox: Path, tmp_path: Path, signer: Signer, sequence: int) -> None:
    """Like a sync engine: write under a temporary name, then rename."""
    tables = {"indicator_values": source_table("indicator_values") + b"20,2023,42.0,,,,\n"}
    made = write_package(tmp_path / f"made-{sequence}.kpkg", tables, signer, sequence=sequence)
    temp = inbox / f".syncthing.jinshan-kiosk-{sequence}.kpkg.tmp"
    temp.write_bytes(made.read_bytes())
    temp.rename(inbox / f"jinshan-kiosk-{sequence}.kpkg")


def test_auto_inbox_applies_switches_the_window_and_reports_in_the_outbox(
        qtbot, tmp_path, content_db, signer, monkeypatch):
    monkeypatch.setattr(fleet, "OUTBOX_SOON_MS", 100)
    # The slow poll is an hour away: only the folder watcher can notice the package in time.
    app, data, inbox, outbox = start_kiosk(qtbot, tmp_path, content_db, signer, "auto", poll_ms=3_600_000)
    shown = []
    app.ctx.hub.content_changed.connect(lambda: shown.append(app.ctx.content.path))
    drop(inbox, tmp_path, signer, 12)
    qtbot.waitUntil(lambda: bool(shown), timeout=DEADLINE_MS)
    assert shown == [content_status(data, content_db).database] and shown[0].name == "gen-000001.sqlite"
    assert not app.window.staff_badge.isVisible()  # applied: nothing left for staff
    exports = outbox / "test-kiosk"
    qtbot.waitUntil(lambda: any((p / "inbox.json").is_file() for p in exports.glob("jinshan-*")),
                    timeout=DEADLINE_MS)
    [folder] = [p for p in exports.glob("jinshan-*") if (p / "inbox.json").is_file()]
    events = json.loads((folder / "inbox.json").read_text(encoding="utf-8"))["events"]
    assert [(e["file"], e["outcome"]) for e in events] == [("jinshan-kiosk-12.kpkg", "applied")]
    assert json.loads((folder / "health.json").read_text(encoding="utf-8"))["content_sequence"] == 12
    app.window.close()


def test_staff_inbox_lights_the_staff_dot_and_lists_the_package_without_applying(
        qtbot, tmp_path, content_db, signer):
    app, data, inbox, _ = start_kiosk(qtbot, tmp_path, content_db, signer, "staff")
    assert not app.window.staff_badge.isVisible()
    drop(inbox, tmp_path, signer, 13)
    qtbot.waitUntil(app.window.staff_badge.isVisible, timeout=DEADLINE_MS)
    assert [f.path.name for f in app.window.usb_packages] == ["jinshan-kiosk-13.kpkg"]
    assert content_status(data, content_db).factory and app.ctx.content.path == content_db
    app.window.close()
