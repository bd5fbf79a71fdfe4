"""Where this process's resident memory is: kernel mappings by kind, glibc's heap, SQLite's allocator.

Linux only (the kiosk's target); elsewhere the parts that cannot be read are left out.
"""

from __future__ import annotations

import ctypes
import re
import sys

_FIELDS = ("Rss", "Pss", "Private_Dirty", "Private_Clean", "Shared_Clean", "Anonymous", "Swap")
_HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$")


def _kind(path: str) -> str:
    """The category a mapping's resident pages count under."""
    if path == "[heap]":
        return "heap"
    if not path:
        return "anon_mmap"  # glibc's other arena and large blocks (>= the mmap threshold), Qt's images
    if path.startswith("[stack"):
        return "stack"
    if path.startswith("["):
        return "kernel"
    low = path.lower()
    if low.endswith((".otf", ".ttf", ".ttc", ".pfb")):
        return "font_files"
    if ".so" in low:
        return "shared_libs"
    if low.endswith((".sqlite", ".db", "-shm")):
        return "sqlite_files"
    if path.startswith(("/memfd:", "/dev/shm", "/SYSV")) or "(deleted)" in path:
        return "shared_memory"
    return "other_files"


def smaps_summary(big_kb: int = 2048) -> dict:
    """kB per kind of mapping from /proc/self/smaps, plus every single mapping of at least big_kb."""
    kinds: dict[str, dict[str, int]] = {}
    big: list[dict] = []
    current: dict | None = None

    def close(entry):
        if entry is None:
            return
        k = kinds.setdefault(entry["kind"], {"count": 0, **{f: 0 for f in _FIELDS}})
        k["count"] += 1
        for f in _FIELDS:
            k[f] += entry.get(f, 0)
        if entry.get("Rss", 0) >= big_kb:
            big.append({"start": entry["start"], "size_kb": entry["size_kb"], "perms": entry["perms"],
                        "path": entry["path"], "rss_kb": entry["Rss"],
                        "private_dirty_kb": entry.get("Private_Dirty", 0)})

    with open("/proc/self/smaps") as fh:
        for line in fh:
            m = _HEADER.match(line)
            if m and "-" in line.split(" ", 1)[0]:
                close(current)
                start, end = int(m.group(1), 16), int(m.group(2), 16)
                path = m.group(4).strip()
                current = {"start": m.group(1), "size_kb": (end - start) // 1024, "perms": m.group(3),
                           "path": path, "kind": _kind(path)}
                continue
            key, _, rest = line.partition(":")
            if current is not None and key in _FIELDS:
                current[key] = int(rest.split()[0])
    close(current)
    big.sort(key=lambda e: -e["rss_kb"])
    return {"by_kind_kb": kinds, "big_mappings": big}


def smaps_rollup() -> dict[str, int]:
    """The kernel's totals (kB) over every mapping."""
    out: dict[str, int] = {}
    try:
        with open("/proc/self/smaps_rollup") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                parts = rest.split()
                if len(parts) == 2 and parts[1] == "kB":
                    out[key] = int(parts[0])
    except OSError:
        pass
    return out


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
        "keepcost")]


def mallinfo() -> dict[str, int]:
    """glibc's heap over all arenas, kB: arena (sbrk'd and arena heaps), in use, free, mmapped blocks."""
    if not sys.platform.startswith("linux"):
        return {}
    try:
        fn = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return {}
    fn.restype = _MallInfo2
    mi = fn()
    return {"arena_kb": mi.arena // 1024, "in_use_kb": mi.uordblks // 1024, "free_kb": mi.fordblks // 1024,
            "free_chunks": mi.ordblks, "mmapped_blocks": mi.hblks, "mmapped_kb": mi.hblkhd // 1024,
            "top_releasable_kb": mi.keepcost // 1024}


def sqlite_memory() -> dict[str, int]:
    """SQLite's own allocator (page caches of every connection, statements), kB now and at its peak."""
    path = None
    try:
        with open("/proc/self/maps") as fh:
            for line in fh:
                if "libsqlite3" in line:
                    path = line.split()[-1]
                    break
    except OSError:
        return {}
    if path is None:
        return {}
    try:
        lib = ctypes.CDLL(path)
        cur, peak = ctypes.c_int64(), ctypes.c_int64()
        if lib.sqlite3_status64(0, ctypes.byref(cur), ctypes.byref(peak), 0) != 0:  # MEMORY_USED
            return {}
    except (OSError, AttributeError):
        return {}
    return {"used_kb": cur.value // 1024, "peak_kb": peak.value // 1024}


def breakdown() -> dict:
    """Everything above in one JSON-ready dict (~5 ms for ~1,000 mappings)."""
    rollup = smaps_rollup()
    keep = ("Rss", "Pss", "Private_Dirty", "Private_Clean", "Shared_Clean", "Anonymous", "Swap")
    return {"rollup_kb": {k: rollup[k] for k in keep if k in rollup}, **smaps_summary(),
            "malloc": mallinfo(), "sqlite": sqlite_memory()}
