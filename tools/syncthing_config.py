"""Write a Syncthing config.xml for the office PC or one kiosk (inbox out, outbox back); see docs/deploy.md.

    python tools/syncthing_config.py office --self ID --listen tcp://0.0.0.0:22000 \\
        --inbox /srv/kiosk/inbox --outbox /srv/kiosk/outbox \\
        --peer zhujing-01=KIOSKID@tcp://10.1.2.31:22000 > config.xml
    python tools/syncthing_config.py kiosk --self ID --kiosk-id zhujing-01 ... \\
        --inbox /var/lib/jinshan-kiosk/inbox --outbox /var/lib/jinshan-kiosk/outbox \\
        --peer office=OFFICEID@tcp://10.1.0.5:22000 > config.xml

The office sends the inbox (send-only) and receives each kiosk's outbox (receive-only, one folder
per kiosk); a kiosk receives the inbox (receive-only) and sends its own outbox (send-only). Only the
listed peers at fixed addresses: no global discovery, relays, NAT traversal, usage reporting, crash
reporting or automatic upgrades, so nothing leaves the district network.
"""

from __future__ import annotations

import argparse
import sys
from xml.sax.saxutils import quoteattr

INBOX_ID = "jinshan-kiosk-inbox"
OUTBOX_PREFIX = "jinshan-kiosk-outbox-"


def folder_xml(folder_id: str, label: str, path: str, kind: str, devices: list[str],
               rescan_s: int = 60, watcher_delay_s: int = 10) -> str:
    """One <folder> element; kind is sendonly or receiveonly."""
    members = "".join(f"\n        <device id={quoteattr(d)}></device>" for d in devices)
    return (f'    <folder id={quoteattr(folder_id)} label={quoteattr(label)} path={quoteattr(path)} '
            f'type="{kind}" rescanIntervalS="{rescan_s}" fsWatcherEnabled="true" '
            f'fsWatcherDelayS="{watcher_delay_s}" ignorePerms="true">{members}\n'
            '        <minDiskFree unit="%">5</minDiskFree>\n    </folder>')


def device_xml(device_id: str, name: str, address: str) -> str:
    return (f"    <device id={quoteattr(device_id)} name={quoteattr(name)} compression=\"metadata\">\n"
            f"        <address>{address}</address>\n        <autoAcceptFolders>false</autoAcceptFolders>\n"
            "    </device>")


OPTIONS = """    <gui enabled="{gui}" tls="false"><address>{gui_address}</address></gui>
    <options>
        <listenAddress>{listen}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
    </options>"""


def config_xml(role: str, self_id: str, listen: str, inbox: str, outbox: str,
               peers: list[tuple[str, str, str]], kiosk_id: str = "", gui_address: str = "",
               rescan_s: int = 60, watcher_delay_s: int = 10) -> str:
    """The whole config.xml; peers are (name, device id, address); for the office each name is a kiosk id."""
    ids = [self_id] + [p[1] for p in peers]
    folders = []
    if role == "office":
        folders.append(folder_xml(INBOX_ID, "Kiosk inbox (packages out)", inbox, "sendonly", ids,
                                  rescan_s, watcher_delay_s))
        for name, device, _ in peers:  # each kiosk's reports land in <outbox>/<kiosk id>/
            folders.append(folder_xml(OUTBOX_PREFIX + name, f"Outbox of {name}", f"{outbox}/{name}",
                                      "receiveonly", [self_id, device], rescan_s, watcher_delay_s))
    elif role == "kiosk":
        if not kiosk_id:
            raise ValueError("a kiosk needs --kiosk-id (its settings' kiosk_id)")
        folders.append(folder_xml(INBOX_ID, "Kiosk inbox", inbox, "receiveonly", ids, rescan_s,
                                  watcher_delay_s))
        folders.append(folder_xml(OUTBOX_PREFIX + kiosk_id, f"Outbox of {kiosk_id}", f"{outbox}/{kiosk_id}",
                                  "sendonly", ids, rescan_s, watcher_delay_s))
    else:
        raise ValueError(f"role must be office or kiosk, not {role!r}")
    devices = [device_xml(self_id, role, "dynamic")] + [device_xml(d, n, a) for n, d, a in peers]
    options = OPTIONS.format(gui="true" if gui_address else "false",
                             gui_address=gui_address or "127.0.0.1:8384", listen=listen)
    return "\n".join(['<configuration version="36">', *folders, *devices, options, "</configuration>"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("role", choices=("office", "kiosk"))
    parser.add_argument("--self", dest="self_id", required=True, help="this machine's device id "
                        "(syncthing serve --device-id)")
    parser.add_argument("--listen", default="tcp://0.0.0.0:22000")
    parser.add_argument("--inbox", required=True)
    parser.add_argument("--outbox", required=True)
    parser.add_argument("--kiosk-id", default="")
    parser.add_argument("--gui", default="", help="e.g. 127.0.0.1:8384 (default: no web GUI)")
    parser.add_argument("--peer", action="append", default=[], metavar="NAME=DEVICEID@ADDRESS",
                        help="office: one per kiosk (NAME = its kiosk_id); kiosk: the office")
    args = parser.parse_args(argv)
    peers = []
    for text in args.peer:
        name, _, rest = text.partition("=")
        device, _, address = rest.partition("@")
        if not (name and device and address):
            parser.error(f"--peer {text!r}: expected NAME=DEVICEID@ADDRESS")
        peers.append((name, device, address))
    sys.stdout.write(config_xml(args.role, args.self_id, args.listen, args.inbox, args.outbox, peers,
                                args.kiosk_id, args.gui))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
