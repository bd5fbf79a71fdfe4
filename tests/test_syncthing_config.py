"""tools/syncthing_config.py: the office sends the inbox and receives outboxes; kiosks the reverse."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(*args: str) -> ET.Element:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "syncthing_config.py"), *args],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return ET.fromstring(out)


def folders(config: ET.Element) -> dict[str, tuple[str, str, list[str]]]:
    return {f.get("id"): (f.get("type"), f.get("path"), [d.get("id") for d in f.findall("device")])
            for f in config.findall("folder")}


def test_office_and_kiosk_configs_pair_up_with_nothing_outside_the_network():
    office = generate("office", "--self", "OFFICE", "--inbox", "/srv/inbox", "--outbox", "/srv/outbox",
                      "--peer", "zhujing-01=K1@tcp://10.1.2.31:22000",
                      "--peer", "fengjing-02=K2@tcp://10.1.2.32:22000")
    assert folders(office) == {
        "jinshan-kiosk-inbox": ("sendonly", "/srv/inbox", ["OFFICE", "K1", "K2"]),
        "jinshan-kiosk-outbox-zhujing-01": ("receiveonly", "/srv/outbox/zhujing-01", ["OFFICE", "K1"]),
        "jinshan-kiosk-outbox-fengjing-02": ("receiveonly", "/srv/outbox/fengjing-02", ["OFFICE", "K2"])}
    kiosk = generate("kiosk", "--self", "K1", "--kiosk-id", "zhujing-01", "--inbox", "/k/inbox",
                     "--outbox", "/k/outbox", "--peer", "office=OFFICE@tcp://10.1.0.5:22000")
    assert folders(kiosk) == {
        "jinshan-kiosk-inbox": ("receiveonly", "/k/inbox", ["K1", "OFFICE"]),
        "jinshan-kiosk-outbox-zhujing-01": ("sendonly", "/k/outbox/zhujing-01", ["K1", "OFFICE"])}
    for config in (office, kiosk):
        opts = config.find("options")
        for off in ("globalAnnounceEnabled", "localAnnounceEnabled", "relaysEnabled", "natEnabled",
                    "crashReportingEnabled", "startBrowser"):
            assert opts.findtext(off) == "false", off
        assert opts.findtext("urAccepted") == "-1" and opts.findtext("autoUpgradeIntervalH") == "0"
        assert config.find("gui").get("enabled") == "false"
    addresses = {d.get("name"): d.findtext("address") for d in kiosk.findall("device")}
    assert addresses == {"kiosk": "dynamic", "office": "tcp://10.1.0.5:22000"}
