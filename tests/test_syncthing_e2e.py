"""End to end with the real Syncthing: an office and a kiosk instance on loopback, configured by
tools/syncthing_config.py exactly as docs/deploy.md says. A package goes out through the send-only
inbox and is applied by the kiosk; its report comes back through its send-only outbox and the fleet
report reads it. Skipped, with the reason, where the `syncthing` program is not installed."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.admin.fleet import collect
from kiosk.data.generations import content_status
from kiosk.data.inbox import Inbox, InboxPolicy
from kiosk.data.outbox import write_outbox
from tests.data.kpkg import Signer, source_table, write_package
from tools.syncthing_config import config_xml

SYNCTHING = shutil.which("syncthing")
pytestmark = pytest.mark.skipif(SYNCTHING is None, reason="the syncthing program is not installed "
                                "(Debian: apt-get install syncthing); the folder-only tests cover the rest")
DEADLINE_S = 45.0  # completion only: how fast Syncthing is does not matter


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    """One Syncthing home with its own key, device id and loopback port."""

    def __init__(self, home: Path, name: str):
        self.home, self.name, self.port = home, name, free_port()
        env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1", "HOME": str(home)}
        self.env = env
        subprocess.run([SYNCTHING, "generate", f"--home={home}", "--no-default-folder"], env=env,
                       check=True, capture_output=True, timeout=60)
        out = subprocess.run([SYNCTHING, "serve", f"--home={home}", "--device-id"], env=env, check=True,
                             capture_output=True, text=True, timeout=60).stdout
        self.device = out.strip().splitlines()[-1]
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def start(self, config: str) -> None:
        (self.home / "config.xml").write_text(config, encoding="utf-8")
        self.proc = subprocess.Popen(
            [SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart", "--no-upgrade",
             f"--logfile={self.home / 'syncthing.log'}"], env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)

    def log_tail(self) -> str:
        try:
            return (self.home / "syncthing.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        except OSError:
            return ""


def wait_for(condition, what: str, instances: list[Instance]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    logs = "\n".join(f"--- {i.name}\n{i.log_tail()}" for i in instances)
    pytest.fail(f"{what} did not happen within {DEADLINE_S:.0f} s\n{logs}")


def test_a_package_travels_to_the_kiosk_and_its_report_comes_back(tmp_path, content_db):
    office, kiosk = Instance(tmp_path / "st-office", "office"), Instance(tmp_path / "st-kiosk", "kiosk")
    o_inbox, o_outbox = tmp_path / "office" / "inbox", tmp_path / "office" / "outbox"
    k_inbox, k_outbox, k_data = (tmp_path / "kiosk" / name for name in ("inbox", "outbox", "data"))
    for folder in (o_inbox, o_outbox / "zhujing-01", k_inbox, k_outbox / "zhujing-01"):
        (folder / ".stfolder").mkdir(parents=True)
    fast = dict(rescan_s=2, watcher_delay_s=1)
    office.start(config_xml("office", office.device, office.address, str(o_inbox), str(o_outbox),
                            [("zhujing-01", kiosk.device, kiosk.address)], **fast))
    kiosk.start(config_xml("kiosk", kiosk.device, kiosk.address, str(k_inbox), str(k_outbox),
                           [("office", office.device, office.address)], kiosk_id="zhujing-01", **fast))
    try:
        signer = Signer()
        tables = {"indicator_values": source_table("indicator_values") + b"20,2023,42.0,,,,\n"}
        write_package(o_inbox / "jinshan-kiosk-31.kpkg", tables, signer, sequence=31)  # .part, renamed
        inbox = Inbox(k_inbox, k_data, InboxPolicy((signer.public,), "auto"), content_db, settle_s=1.0)
        applied = []

        def arrived_and_applied() -> bool:
            applied.extend(e for e in inbox.run_once().events if e.outcome == "applied")
            return bool(applied)

        wait_for(arrived_and_applied, "the package reaching the kiosk and being applied", [office, kiosk])
        assert [(e.file, e.sequence) for e in applied] == [("jinshan-kiosk-31.kpkg", 31)]
        assert content_status(k_data, content_db).sequence == 31
        assert sorted(p.name for p in k_inbox.iterdir()) == [".stfolder", "jinshan-kiosk-31.kpkg"]

        write_outbox(k_outbox, "zhujing-01", k_data, 0.0, content_db)
        wait_for(lambda: bool(list((o_outbox / "zhujing-01").glob("jinshan-kiosk-export-*/inbox.json"))),
                 "the kiosk's report reaching the office", [office, kiosk])
        wait_for(lambda: [r.content_sequence for r in collect(o_outbox, datetime.now(UTC))] == [31],
                 "the whole report arriving", [office, kiosk])
        [row] = collect(o_outbox, datetime.now(UTC))
        assert (row.kiosk_id, row.flags) == ("zhujing-01", [])
    finally:
        office.stop()
        kiosk.stop()
