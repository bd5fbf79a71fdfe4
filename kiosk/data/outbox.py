"""The outbox: the USB export written on a schedule into a synced folder, atomically, newest N kept.

Layout: `<outbox>/<kiosk id>/jinshan-kiosk-export-<kiosk id>-<UTC stamp>/` holding what a stick export
holds (usage CSVs, health.json, event log) plus kiosk.json (who wrote it) and inbox.json (what the
inbox did). The folder is assembled elsewhere and renamed into place, so a sync engine or the fleet
report never sees half of one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import FACTORY_DB
from kiosk.data.generations import fsync_dir
from kiosk.data.inbox import STATE_FILE as INBOX_STATE
from kiosk.data.stats import export_to

EXPORT_PREFIX = "jinshan-kiosk-export-"
STAGING = "outbox-staging"
KIOSK_FILE = "kiosk.json"


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


def write_outbox(outbox: Path, kiosk_id: str, data_dir: Path, started: float,
                 factory: Path = FACTORY_DB, keep: int = 10, site: dict | None = None) -> Path:
    """Write one export for this kiosk into the outbox and prune its older ones; returns the folder."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", kiosk_id):
        raise ValueError(f"bad kiosk id {kiosk_id!r}")
    own = outbox / kiosk_id
    own.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Assemble on the data disk when it is the outbox's disk (nothing partial is ever in the synced
    # folder); otherwise in a dot-folder beside the exports (sync engines are told to ignore it).
    base = data_dir / STAGING if _same_device(data_dir, own) else own
    if base != own:
        shutil.rmtree(base, ignore_errors=True)  # leftovers of a write that was cut off
    staging = base / f".tmp-{uuid.uuid4().hex[:12]}"
    staging.mkdir(parents=True)
    try:
        folder = export_to(staging, data_dir, started, None, factory, site=kiosk_id)
        inbox_state = data_dir / INBOX_STATE
        if inbox_state.is_file():
            shutil.copyfile(inbox_state, folder / INBOX_STATE)
        about = {"kiosk_id": kiosk_id, "written": datetime.now(UTC).replace(microsecond=0).isoformat(),
                 **(site or {})}
        (folder / KIOSK_FILE).write_text(json.dumps(about, ensure_ascii=False, indent=2), encoding="utf-8")
        for path in (folder / KIOSK_FILE, folder / INBOX_STATE):  # export_to fsynced its own files
            if path.is_file():
                with open(path, "rb+") as fh:
                    os.fsync(fh.fileno())
        target = own / export_name(kiosk_id, exports_of(own))
        os.rename(folder, target)
        fsync_dir(own)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    prune(own, keep)
    return target


def export_name(kiosk_id: str, existing: list[Path]) -> str:
    """A name that sorts after every earlier export: UTC time to the microsecond (bumped if the clock
    stepped back), so pruning by name keeps the newest."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    name = f"{EXPORT_PREFIX}{kiosk_id}-{stamp}"
    if existing and name <= existing[-1].name:
        name = existing[-1].name + "1"
    return name


def exports_of(own: Path) -> list[Path]:
    """This kiosk's finished exports, oldest first (names carry a sortable time stamp)."""
    try:
        return sorted(p for p in own.iterdir() if p.is_dir() and not p.is_symlink()
                      and p.name.startswith(EXPORT_PREFIX))
    except OSError:
        return []


def prune(own: Path, keep: int) -> list[Path]:
    """Delete all but the newest keep exports, and staging leftovers of an interrupted write."""
    done = exports_of(own)
    removed = done[:-keep] if keep > 0 else done
    removed += [p for p in own.iterdir() if p.is_dir() and p.name.startswith(".tmp-")] if own.is_dir() else []
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
