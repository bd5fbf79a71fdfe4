"""Find USB sticks and the update packages on them (Qt-free; the admin screen polls these)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.data.packages import SUFFIX

# Only mounts under these folders can be sticks (where desktops and kiosk images mount them).
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/")
# System places never offered, whatever their filesystem (/boot/efi is vfat, like a stick).
SYSTEM_ROOTS = ("/", "/boot", "/usr", "/var", "/home", "/etc", "/opt", "/srv", "/root")
SYS_BLOCK = Path("/sys/class/block")
MAX_SCAN_ENTRIES = 500  # per folder: a stick full of photos must not stall the poll
SUBFOLDERS = ("", "kiosk", "jinshan-kiosk")
_SEQ = re.compile(r"(\d+)")


@dataclass(frozen=True)
class FoundPackage:
    """A package file found on removable media (not yet read or trusted)."""

    path: Path
    size: int
    mtime: float
    mount: Path

    @property
    def sequence_hint(self) -> int:
        """The number in the file name, for sorting only; the signed manifest is what counts."""
        numbers = _SEQ.findall(self.path.stem)
        return int(numbers[-1]) if numbers else 0


def _unescape(field: str) -> str:
    """/proc/mounts writes spaces and tabs in paths as octal escapes (\\040)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def sysfs_removable(device: str, sys_block: Path = SYS_BLOCK) -> bool | None:
    """Whether the kernel calls a /dev device removable (or USB-attached); None when unknown."""
    if not device.startswith("/dev/"):
        return None
    node = sys_block / Path(device).name
    try:
        real = node.resolve(strict=True)
        if any(part.startswith("usb") for part in real.parts):
            return True
        for folder in (real, real.parent):  # a partition's flag sits on its disk
            flag = folder / "removable"
            if flag.is_file():
                return flag.read_text(encoding="ascii").strip() == "1"
    except (OSError, ValueError):
        return None
    return None


def _system_place(mount: str) -> bool:
    return mount == "/" or any(mount == r or mount.startswith(r + "/") for r in SYSTEM_ROOTS[1:])


def parse_linux_mounts(text: str, removable: Callable[[str], bool | None] = sysfs_removable,
                       sticks_only: bool = False) -> list[Path]:
    """Stick mount points from /proc/mounts text: under a removable root, not known fixed.
    sticks_only (where exports may go): the kernel must call the device removable, mounted writable."""
    out: list[Path] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        device, mount = _unescape(parts[0]), os.path.normpath(_unescape(parts[1]))
        if not mount.startswith(REMOVABLE_ROOTS) or _system_place(mount):
            continue
        known = removable(device)
        if known is False:  # e.g. a second internal disk mounted at /mnt/backup
            continue
        if sticks_only and (known is not True or "ro" in (parts[3].split(",") if len(parts) > 3 else [])):
            continue
        path = Path(mount)
        if path not in out:
            out.append(path)
    return out


def _windows_drives() -> list[Path]:
    """Removable drive letters (GetDriveTypeW == DRIVE_REMOVABLE) on Windows."""
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    drives = []
    for index in range(26):
        if mask & (1 << index):
            root = f"{chr(65 + index)}:\\"
            if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == 2:  # DRIVE_REMOVABLE
                drives.append(Path(root))
    return drives


def candidate_mount_points() -> list[Path]:
    """Mounted removable volumes on this machine: Linux, Windows and (for development) macOS."""
    try:
        if sys.platform == "win32":
            return _windows_drives()
        if sys.platform == "darwin":
            volumes = Path("/Volumes")
            return sorted(p for p in volumes.iterdir() if p.is_dir() and not p.is_symlink())
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            return [p for p in parse_linux_mounts(fh.read()) if p.is_dir()]
    except OSError:
        return []


def export_targets() -> list[Path]:
    """Detected removable sticks mounted writable: the only places staff exports are written to
    (never a read-only disc image or a network share that happens to sit under /mnt)."""
    try:
        if sys.platform == "win32":
            return _windows_drives()
        if sys.platform == "darwin":
            return candidate_mount_points()
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            return [p for p in parse_linux_mounts(fh.read(), sticks_only=True)
                    if p.is_dir() and os.access(p, os.W_OK)]
    except OSError:
        return []


def find_packages(mounts: list[Path] | None = None) -> list[FoundPackage]:
    """*.kpkg files at the top of each stick or in a kiosk/ folder, newest sequence first."""
    found: list[FoundPackage] = []
    for mount in candidate_mount_points() if mounts is None else mounts:
        for sub in SUBFOLDERS:
            folder = mount / sub if sub else mount
            try:
                with os.scandir(folder) as entries:
                    for count, entry in enumerate(entries):
                        if count >= MAX_SCAN_ENTRIES:
                            break
                        if (entry.name.lower().endswith(SUFFIX) and not entry.name.startswith(".")
                                and entry.is_file(follow_symlinks=False)):
                            st = entry.stat(follow_symlinks=False)
                            found.append(FoundPackage(Path(entry.path), st.st_size, st.st_mtime, mount))
            except OSError:
                continue
    found.sort(key=lambda f: (f.sequence_hint, f.mtime), reverse=True)
    return found
