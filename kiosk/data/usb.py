"""Find USB sticks and the update packages on them (Qt-free; the admin screen polls these)."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.data.packages import SUFFIX

# Mounts under these folders are removable media on common Linux desktops and kiosk images.
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/")
# Filesystems USB sticks are formatted with; such a mount counts wherever it is mounted.
STICK_FILESYSTEMS = frozenset({"vfat", "msdos", "exfat", "ntfs", "ntfs3", "fuseblk", "udf", "iso9660"})
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


def parse_linux_mounts(text: str) -> list[Path]:
    """Candidate stick mount points from /proc/mounts text (device, mount point, type, …)."""
    out: list[Path] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount, fstype = _unescape(parts[1]), parts[2]
        removable_place = mount.startswith(REMOVABLE_ROOTS)
        if (removable_place or fstype in STICK_FILESYSTEMS) and mount != "/":
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
