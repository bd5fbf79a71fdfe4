"""glibc malloc settings for a process that runs for months: keep resident memory flat over a day.

Two glibc defaults let a long-running Qt process grow although its objects do not: (1) each thread
that ever allocates may get its own heap arena (up to 8 per core), each keeping freed memory; (2) the
mmap threshold rises (up to 32 MB) every time a large block is freed, after which large blocks (the
images a repaint or a grab uses) come from the heap, where they fragment it instead of being returned
to the system when freed. Fixing both is a no-op on other C libraries.
"""

from __future__ import annotations

import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
ARENAS = 2
MMAP_THRESHOLD = 256 * 1024  # a fixed value also turns the dynamic raising off
TRIM_THRESHOLD = 1024 * 1024


def tune_malloc() -> bool:
    """Apply the settings (once is enough; later calls are harmless). True when glibc took them."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        ok = all(libc.mallopt(param, value) == 1 for param, value in (
            (M_ARENA_MAX, ARENAS), (M_MMAP_THRESHOLD, MMAP_THRESHOLD), (M_TRIM_THRESHOLD, TRIM_THRESHOLD)))
    except (OSError, AttributeError):
        return False
    return ok
