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
    # /srv/usb is no removable place; /mnt/backup counts while the kernel cannot say otherwise
    assert parse_linux_mounts(MOUNTS, lambda device: None) == [
        Path("/media/staff/KIOSK STICK"), Path("/run/media/staff/DATA"), Path("/mnt/backup")]


def test_a_fixed_disk_or_a_system_vfat_mount_is_never_a_stick():
    table = MOUNTS + ("/dev/nvme0n1p1 /boot/efi vfat rw 0 0\n"
                      "/dev/sdf1 /media/../boot vfat rw 0 0\n"
                      "/dev/sdg1 /home/staff/usb vfat rw 0 0\n")
    fixed = {"/dev/sde1": False, "/dev/sdb1": True}
    assert parse_linux_mounts(table, fixed.get) == [
        Path("/media/staff/KIOSK STICK"), Path("/run/media/staff/DATA")]
    assert parse_linux_mounts(table, lambda device: True)[-1] == Path("/mnt/backup")


def test_sysfs_flags_are_read_for_a_partition_through_its_disk(tmp_path):
    from kiosk.data.usb import sysfs_removable

    devices = tmp_path / "devices"
    for disk, flag, bus in (("sdb", "1", "pci0/ata1"), ("sde", "0", "pci0/ata2"),
                            ("sdh", "0", "pci0/usb2/2-1")):
        part = devices / bus / "block" / disk / f"{disk}1"
        part.mkdir(parents=True)
        (part.parent / "removable").write_text(flag + "\n")
        (tmp_path / f"{disk}1").symlink_to(part)
    assert sysfs_removable("/dev/sdb1", tmp_path) is True
    assert sysfs_removable("/dev/sde1", tmp_path) is False
    assert sysfs_removable("/dev/sdh1", tmp_path) is True  # a USB disk that says "fixed"
    assert sysfs_removable("/dev/sdz1", tmp_path) is None
    assert sysfs_removable("server:/share", tmp_path) is None


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



def test_admin_export_goes_to_the_stick_of_the_chosen_package(kiosk, qtbot, tmp_path, monkeypatch):
    from kiosk.data import usb
    from kiosk.settings import hash_pin
    from tests.data.kpkg import Signer, write_package
    from tests.test_admin_screen import PIN, unlock, values_table

    signer = Signer()
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [first, second])
    monkeypatch.setattr(usb, "export_targets", lambda: [first, second])
    write_package(first / "jinshan-kiosk-5.kpkg", {"indicator_values": values_table()}, signer, 5)
    write_package(second / "jinshan-kiosk-3.kpkg", {"indicator_values": values_table()}, signer, 3)
    kiosk.settings.admin_pin_hash = hash_pin(PIN, iterations=1000)
    kiosk.settings.trusted_keys = [signer.public]
    kiosk.settings.data_dir = str(tmp_path / "data")
    kiosk.window.staff_tools.data_dir = tmp_path / "data"
    kiosk.window.staff_access.hold_ms = 50
    admin = unlock(qtbot, kiosk)
    admin.select(second / "jinshan-kiosk-3.kpkg")
    admin.buttons["export"].click()
    assert list(second.glob("jinshan-kiosk-export-*")) and not list(first.glob("jinshan-*-export-*"))
