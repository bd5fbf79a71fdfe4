"""systemd watchdog and readiness pings (sd_notify) without a dependency; a no-op elsewhere."""

from __future__ import annotations

import os


def sd_notify(message: str) -> bool:
    """Send one notification (READY=1, WATCHDOG=1, STATUS=…) to systemd when it asked for them."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    import socket  # only under systemd: ~5 ms of start-up otherwise

    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError:
        return False


def watchdog_interval_ms() -> int | None:
    """Half the watchdog timeout systemd set (WATCHDOG_USEC), or None when there is no watchdog."""
    usec = os.environ.get("WATCHDOG_USEC")
    if not usec or not usec.isdigit():
        return None
    return max(1000, int(usec) // 2000)
