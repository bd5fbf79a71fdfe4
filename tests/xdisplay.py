"""A real X display for tests: Xvfb (optionally with openbox), the kiosk as a process, xdotool input."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("Xvfb", "xdotool", "xwininfo")


@dataclass
class XServer:
    """One Xvfb display; wm names the window manager running on it ("" for none)."""

    display: str
    width: int
    height: int
    wm: str
    processes: list = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", **extra)
        return env

    def run(self, *args: str, timeout: float = 10) -> str:
        return subprocess.run(args, env=self.env(), capture_output=True, text=True, timeout=timeout,
                              check=True).stdout

    def stop(self) -> None:
        for proc in reversed(self.processes):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()


def start_xserver(width: int, height: int, wm: str = "") -> XServer:
    """Start Xvfb (and the window manager); skip the test, saying why, when the server cannot start."""
    missing = [t for t in TOOLS + ((wm,) if wm else ()) if shutil.which(t) is None]
    if missing:
        pytest.skip(f"display server cannot start: {', '.join(missing)} not installed (make system-deps)")
    read, write = os.pipe()
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, the server keeps running
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
                             "-nolisten", "tcp", "+extension", "RANDR"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=errors)
    os.close(write)
    number = b""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip():
        xvfb.kill()
        xvfb.wait(5)
        errors.seek(0)
        said = errors.read()[-300:].decode(errors="replace")
        errors.close()
        pytest.skip(f"display server cannot start: Xvfb said {said!r}")
    errors.close()
    server = XServer(f":{number.decode().strip()}", width, height, wm, [xvfb])
    if wm:
        server.processes.append(subprocess.Popen([wm], env=server.env(), stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL))
        wait_for(lambda: "window id" in server.run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK"),
                 what=f"{wm} to manage the display")
    return server


def wait_for(condition, timeout: float = 10, what: str = "condition"):
    """Poll until condition() is truthy; a functional deadline, not a measurement."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except (OSError, ValueError, KeyError, subprocess.SubprocessError):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


class KioskProcess:
    """main.py on the X server with its own data folder; the window reports itself via KIOSK_STATE_FILE."""

    def __init__(self, server: XServer, tmp: Path, db: Path, *args: str, **env: str):
        self.server = server
        self.data_dir = tmp / "data"
        self.state_path = tmp / "state.json"
        env.setdefault("KIOSK_TTS_ENGINE", "none")
        environment = server.env(KIOSK_DATA_DIR=str(self.data_dir), KIOSK_STATE_FILE=str(self.state_path),
                                 KIOSK_SETTINGS=str(tmp / "settings.toml"), **env)
        self.log = (tmp / "kiosk.out").open("w")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db),
                                      "--lang", "zh_CN", *args], env=environment,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def state(self) -> dict:
        return json.loads(self.state_path.read_text(encoding="utf-8"))

    def wait_state(self, check, timeout: float = 10, what: str = "the kiosk") -> dict:
        def ok():
            state = self.state()
            return state if check(state) else None
        return wait_for(ok, timeout, what)

    def window_id(self) -> str:
        ids = wait_for(lambda: self.server.run("xdotool", "search", "--onlyvisible", "--pid",
                                               str(self.proc.pid)).split(), what="the kiosk window")
        return ids[-1]

    def geometry(self) -> tuple[int, int, int, int]:
        """Where X says the window is: absolute x, y, width, height."""
        info = self.server.run("xwininfo", "-id", self.window_id())
        values = {}
        for line in info.splitlines():
            key, _, value = line.strip().partition(":")
            values[key] = value.strip()
        return (int(values["Absolute upper-left X"]), int(values["Absolute upper-left Y"]),
                int(values["Width"]), int(values["Height"]))

    def button(self, button_id: str = "", text: str = "") -> dict:
        state = self.state()
        for b in state["buttons"]:
            if (button_id and b["id"] == button_id) or (text and b["text"] == text):
                return b
        raise AssertionError(f"no button {button_id or text!r} on {state['screen']}")

    def tap(self, x: int, y: int, repeat: int = 1, delay_ms: int = 80) -> None:
        """Real X input: move the pointer there and click (repeat=2 is a double tap)."""
        # (no --sync: it waits forever when the pointer is already there, e.g. the screen's centre)
        self.server.run("xdotool", "mousemove", str(x), str(y), "sleep", "0.1", "click", "--repeat",
                        str(repeat), "--delay", str(delay_ms), "1")

    def tap_button(self, button: dict, repeat: int = 1) -> None:
        x, y, w, h = button["rect"]
        self.tap(x + w // 2, y + h // 2, repeat)

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.log.close()
