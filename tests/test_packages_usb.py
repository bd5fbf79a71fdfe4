"""Sticks are found from the mount table, and packages on them without following links."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.data.usb import candidate_mount_points, find_packages, parse_linux_mounts

MOUNTS = r"""sysfs /sys sysfs rw,nosuid 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/sdb1 /media/staff/KIOSK\040STICK vfat rw,nosuid,nodev 0 0
/dev/sdc1 /run/media/staff/DATA exfat rw 0 0
/dev/sdd1 /srv/usb ntfs3 rw 0 0
tmpfs /run/user/1000 tmpfs rw 0 0
/dev/sde1 /mnt/backup ext4 rw 0 0
"""


def test_linux_mount_table_gives_the_stick_mounts():
    assert parse_linux_mounts(MOUNTS) == [
        Path("/media/staff/KIOSK STICK"), Path("/run/media/staff/DATA"), Path("/srv/usb"),
        Path("/mnt/backup")]


def test_candidate_mount_points_never_fail():
    assert isinstance(candidate_mount_points(), list)


def test_packages_are_found_at_the_top_and_in_a_kiosk_folder(tmp_path):
    stick = tmp_path / "stick"
    (stick / "kiosk").mkdir(parents=True)
    (stick / "deep" / "er").mkdir(parents=True)
    (stick / "jinshan-kiosk-7.kpkg").write_bytes(b"x")
    (stick / "kiosk" / "jinshan-kiosk-12.KPKG").write_bytes(b"xy")
    (stick / "deep" / "er" / "jinshan-kiosk-99.kpkg").write_bytes(b"x")
    (stick / "._jinshan-kiosk-8.kpkg").write_bytes(b"mac resource fork")
    (stick / "folder.kpkg").mkdir()
    os.symlink("/etc/passwd", stick / "link.kpkg")
    found = find_packages([stick, tmp_path / "gone"])
    assert [f.path.name for f in found] == ["jinshan-kiosk-12.KPKG", "jinshan-kiosk-7.kpkg"]
    assert found[0].size == 2 and found[0].mount == stick and found[0].sequence_hint == 12
