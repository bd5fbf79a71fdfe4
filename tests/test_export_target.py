"""Staff exports go only to a detected removable stick; otherwise a clear message in both languages."""

from __future__ import annotations

import pytest

from kiosk.data import stats, usb
from kiosk.data.usb import parse_linux_mounts
from kiosk.settings import hash_pin
from tests.test_admin_screen import PIN, unlock
from tests.uitools import tap

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
/dev/sr0 /mnt/cdrom iso9660 ro,nosuid 0 0
/dev/loop3 /mnt/image squashfs ro,relatime 0 0
server:/share /mnt/nfs nfs4 rw,relatime 0 0
/dev/sdc1 /media/kiosk/LOCKED vfat ro,nosuid 0 0
/dev/sdb1 /media/kiosk/STICK vfat rw,nosuid,nodev 0 0
"""
REMOVABLE = {"/dev/sr0": True, "/dev/sdb1": True, "/dev/sdc1": True, "/dev/sda1": False}


def test_only_a_writable_removable_stick_is_an_export_target():
    sticks = parse_linux_mounts(MOUNTS, REMOVABLE.get, sticks_only=True)
    assert [str(p) for p in sticks] == ["/media/kiosk/STICK"]
    # packages may still be read from the wider set (a read-only stick is fine for reading)
    assert "/media/kiosk/LOCKED" in [str(p) for p in parse_linux_mounts(MOUNTS, REMOVABLE.get)]


def test_export_targets_never_fail():
    assert isinstance(usb.export_targets(), list)


@pytest.fixture
def staff_admin(kiosk, qtbot, tmp_path, monkeypatch):
    from tests.data.kpkg import Signer

    signer = Signer()
    kiosk.settings.admin_pin_hash = hash_pin(PIN, iterations=1000)
    kiosk.settings.trusted_keys = [signer.public]
    kiosk.settings.data_dir = str(tmp_path / "data")
    kiosk.window.staff_tools.data_dir = tmp_path / "data"
    kiosk.window.staff_access.hold_ms = 50
    return kiosk


def test_no_stick_means_a_clear_bilingual_message_and_nothing_written(staff_admin, qtbot, tmp_path,
                                                                       monkeypatch):
    unrelated = tmp_path / "mnt-image"  # a mount under /mnt that is not a stick
    unrelated.mkdir()
    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [unrelated])
    monkeypatch.setattr(usb, "export_targets", lambda: [])
    admin = unlock(qtbot, staff_admin)
    tap(qtbot, admin.buttons["export"])
    ok, text = admin.notice
    assert not ok
    assert "U 盘" in text and "USB stick" in text
    assert "Errno" not in text and str(tmp_path) not in text
    assert not list(unrelated.iterdir())


def test_a_failed_write_shows_no_raw_error_or_path(staff_admin, qtbot, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [stick])
    monkeypatch.setattr(usb, "export_targets", lambda: [stick])

    def read_only(dest, *args, **kwargs):
        raise OSError(30, "Read-only file system", str(dest / "jinshan-kiosk-export"))

    monkeypatch.setattr(stats, "export_to", read_only)
    admin = unlock(qtbot, staff_admin)
    tap(qtbot, admin.buttons["export"])
    ok, text = admin.notice
    assert not ok
    assert "写保护" in text and "write-protected" in text
    assert "Errno" not in text and "Read-only file system" not in text and str(stick) not in text
