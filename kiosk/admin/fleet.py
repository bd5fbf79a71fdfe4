"""The fleet report: every kiosk's newest export (outbox copy or sticks) in one CSV and one HTML page.

The folders come from kiosks, so they are read as untrusted: sizes are capped, links are not
followed, and every text is escaped in the page. A kiosk is flagged when its content package is
older than the newest one in the fleet (or than --expect-sequence), when its newest export is more
than a day old, when its disk is nearly full, or when it reported damaged content.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.data.tables import spreadsheet_cell

MAX_JSON = 256 * 1024
MAX_CSV = 20 * 1024 * 1024
MAX_LOG = 6 * 1024 * 1024
MAX_DEPTH = 4
LOW_DISK = 500 * 1024 * 1024
_EXPORT = re.compile(r"jinshan-kiosk-export-(?:(?P<label>[A-Za-z0-9_-]+?)-)?\d{8}-\d{6}(?:-\d+)?")
_ERROR_LINE = re.compile(r"^\S+ \S+ (ERROR|CRITICAL) ")

FLAG_TEXT = {"old": ("内容版本旧", "old content"), "silent": ("失联", "silent"),
             "disk": ("磁盘将满", "disk nearly full"), "unreadable": ("报告无法读取", "report unreadable"),
             "damaged": ("内容受损", "content damaged")}


@dataclass
class KioskRow:
    """One kiosk's newest export, as the office sees it."""

    kiosk_id: str
    folder: Path
    site: str = ""
    app_version: str = ""
    content_version: str = ""
    content_sequence: int = 0
    content_date: str = ""
    last_seen: datetime | None = None
    crashes: int = 0
    free_disk_bytes: int | None = None
    errors: int = 0
    inbox_refused: list[str] = field(default_factory=list)
    views: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


def _read_capped(path: Path, cap: int) -> bytes | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with open(path, "rb") as fh:  # read what is there: read(cap + 1) would reserve the whole cap
            data = fh.read(min(os.fstat(fh.fileno()).st_size, cap) + 1)
    except OSError:
        return None
    return data if len(data) <= cap else None


def _json(path: Path) -> dict | None:
    data = _read_capped(path, MAX_JSON)
    try:
        obj = json.loads(data.decode("utf-8")) if data is not None else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


def _when(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):  # "0001-01-01T00:00+05:00" has no UTC time
        return None


def _int(value: object, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def export_folders(root: Path) -> list[Path]:
    """Every folder under root (not following links, at most MAX_DEPTH down) holding a health.json."""
    found = []
    root_depth = len(root.parts)
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if len(here.parts) - root_depth >= MAX_DEPTH:
            dirs[:] = []
        if "health.json" in files:
            found.append(here)
    return found


def kiosk_id_of(folder: Path, about: dict | None) -> str:
    """kiosk.json's id, else the label in a stick export's name, else the parent folder's name."""
    if about and isinstance(about.get("kiosk_id"), str) and about["kiosk_id"]:
        return about["kiosk_id"][:40]
    m = _EXPORT.fullmatch(folder.name)
    if m and m.group("label"):
        return m.group("label")
    return folder.parent.name or folder.name


def read_export(folder: Path, since: str) -> KioskRow:
    """One export folder as a row; views are counted from day `since` (YYYY-MM-DD) on."""
    row = read_summary(folder)
    return row if "unreadable" in row.flags else read_details(row, since)


def read_summary(folder: Path) -> KioskRow:
    """Who wrote an export and its health.json: enough to tell which export of a kiosk is newest."""
    about = _json(folder / "kiosk.json")
    row = KioskRow(kiosk_id_of(folder, about), folder)
    if about:
        row.site = " ".join(str(about.get(k, "")) for k in ("site_name_zh", "site_name_en")
                            if about.get(k)).strip()[:120]
    health = _json(folder / "health.json")
    if health is None:
        row.flags.append("unreadable")
        return row
    row.app_version = str(health.get("app_version", ""))[:40]
    row.content_version = str(health.get("content_version", ""))[:40]
    row.content_sequence = _int(health.get("content_sequence"))
    row.content_date = str(health.get("content_date", ""))[:20]
    row.last_seen = _when(health.get("generated"))
    row.crashes = _int(health.get("crash_count"))
    disk = health.get("free_disk_bytes")
    row.free_disk_bytes = disk if isinstance(disk, int) and not isinstance(disk, bool) else None
    damage = health.get("content_problems")  # the kiosk found its content damaged and fell back
    if isinstance(damage, list) and damage:
        row.flags.append("damaged")
    return row


def read_details(row: KioskRow, since: str) -> KioskRow:
    """Views, error lines and inbox refusals: read only for a kiosk's newest export (the big files)."""
    folder = row.folder
    row.views = _views(folder / "usage-views.csv", since)
    row.errors = sum(_errors(path) for path in sorted(folder.glob("events.log*")))
    inbox = _json(folder / "inbox.json") or {}
    events = inbox.get("events", [])
    older = 0
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict) and event.get("outcome") == "refused":
            name, code = str(event.get("file", "?"))[:80], str(event.get("code", "?"))[:20]
            if code == "P_REPLAY":  # history left in the inbox: counted, not listed one by one
                older += 1
            else:
                row.inbox_refused.append(f"{name} [{code}]")
    if older:
        row.inbox_refused.append(f"{older} older [P_REPLAY]")
    return row


def read_safely(read, row_or_folder, *args) -> KioskRow:
    """read_summary/read_details/read_export, but what they cannot make sense of is an "unreadable"
    row, not a crash."""
    try:
        return read(row_or_folder, *args)
    except (OSError, ValueError, OverflowError, RecursionError, csv.Error):
        if isinstance(row_or_folder, KioskRow):
            return KioskRow(row_or_folder.kiosk_id, row_or_folder.folder, site=row_or_folder.site,
                            flags=["unreadable"])
        return KioskRow(kiosk_id_of(row_or_folder, None), row_or_folder, flags=["unreadable"])


def target_sequence(rows: list[KioskRow], expect_sequence: int | None = None) -> int:
    """The package every kiosk should have: --expect-sequence, else the newest in the fleet."""
    if expect_sequence is not None:
        return expect_sequence
    return max((r.content_sequence for r in rows), default=0)


def _views(path: Path, since: str) -> dict[str, int]:
    data = _read_capped(path, MAX_CSV)
    if data is None:
        return {}
    out: dict[str, int] = {}
    reader = csv.DictReader(data.decode("utf-8-sig", errors="replace").splitlines())
    try:
        for rec in reader:
            screen, day, count = (str(rec.get(k) or "") for k in ("screen", "day", "views"))
            if day >= since and re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", screen) and \
                    re.fullmatch(r"[0-9]{1,12}", count):
                out[screen] = out.get(screen, 0) + int(count)
    except csv.Error:  # a field over the csv module's limit, a stray quote: no views, not a crash
        return {}
    return out


def _errors(path: Path) -> int:
    data = _read_capped(path, MAX_LOG)
    if data is None:
        return 0
    return sum(1 for line in data.decode("utf-8", errors="replace").splitlines() if _ERROR_LINE.match(line))


def collect(root: Path, now: datetime, days: int = 30, silent: timedelta = timedelta(days=1),
            expect_sequence: int | None = None) -> list[KioskRow]:
    """The newest export of every kiosk under root, flagged; sorted flagged first, then by id."""
    since = (now - timedelta(days=days - 1)).date().isoformat()
    newest: dict[str, KioskRow] = {}
    floor = datetime.min.replace(tzinfo=UTC)
    for folder in export_folders(root):  # outboxes keep ~10 exports per kiosk: pick, then read one
        row = read_safely(read_summary, folder)
        have = newest.get(row.kiosk_id)
        if have is None or ((row.last_seen or floor), row.folder.name) > ((have.last_seen or floor),
                                                                          have.folder.name):
            newest[row.kiosk_id] = row
    rows = [row if "unreadable" in row.flags else read_safely(read_details, row, since)
            for row in newest.values()]
    target = target_sequence(rows, expect_sequence)
    for row in rows:
        if "unreadable" in row.flags:
            continue
        if row.content_sequence < target:
            row.flags.append("old")
        if row.last_seen is None or now - row.last_seen > silent:
            row.flags.append("silent")
        if row.free_disk_bytes is not None and row.free_disk_bytes < LOW_DISK:
            row.flags.append("disk")
    rows.sort(key=lambda r: (not r.flags, r.kiosk_id))
    return rows


# ---- output ---------------------------------------------------------------------------------------

COLUMNS = [("kiosk", "信息亭 Kiosk"), ("site", "地点 Site"), ("content", "内容版本 Content version"),
           ("package", "更新包 Package"), ("last_seen", "最后报告 Last seen (UTC)"),
           ("silent_h", "未报告小时 Silent (h)"), ("crashes", "崩溃 Crashes"),
           ("free_disk_mb", "剩余磁盘 MB Free disk"), ("errors", "错误 Errors"),
           ("inbox_refused", "拒收的更新包 Refused packages"), ("flags", "警示 Flags")]


def screens_of(rows: list[KioskRow]) -> list[str]:
    """Every screen any kiosk counted views of, most viewed first (the report's last columns)."""
    totals: dict[str, int] = {}
    for row in rows:
        for screen, count in row.views.items():
            totals[screen] = totals.get(screen, 0) + count
    return sorted(totals, key=lambda s: (-totals[s], s))


def record(row: KioskRow, now: datetime, screens: list[str]) -> dict[str, str]:
    """One row's cells as text by column key (COLUMNS, then views:<screen>), as the files show them."""
    silent = "" if row.last_seen is None else f"{(now - row.last_seen).total_seconds() / 3600:.1f}"
    rec = {"kiosk": row.kiosk_id, "site": row.site, "content": row.content_version,
           "package": str(row.content_sequence or ""),
           "last_seen": row.last_seen.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if row.last_seen else "",
           "silent_h": silent, "crashes": str(row.crashes),
           "free_disk_mb": "" if row.free_disk_bytes is None else str(row.free_disk_bytes // (1024 * 1024)),
           "errors": str(row.errors), "inbox_refused": "; ".join(row.inbox_refused),
           "flags": "; ".join(f"{FLAG_TEXT[f][0]} {FLAG_TEXT[f][1]}" for f in row.flags)}
    rec.update({f"views:{s}": str(row.views.get(s, 0)) for s in screens})
    return rec


def write_csv(rows: list[KioskRow], now: datetime, path: Path) -> None:
    screens = screens_of(rows)
    keys = [k for k, _ in COLUMNS] + [f"views:{s}" for s in screens]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(keys)
        for row in rows:
            rec = record(row, now, screens)
            writer.writerow([spreadsheet_cell(rec[k]) for k in keys])


def write_html(rows: list[KioskRow], now: datetime, path: Path, days: int) -> None:
    screens = screens_of(rows)
    head = [title for _, title in COLUMNS] + [f"浏览 views: {s}" for s in screens]
    flagged = sum(1 for r in rows if r.flags)
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           "<title>信息亭运行报告 Kiosk fleet report</title>",
           "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
           "th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}"
           "th{background:#eee}tr.flag td{background:#fde2e1}.views{color:#555}</style></head><body>",
           "<h1>信息亭运行报告 · Kiosk fleet report</h1>",
           f"<p>生成于 Generated {html.escape(now.astimezone(UTC).strftime('%Y-%m-%d %H:%M'))} UTC · "
           f"{len(rows)} 台信息亭 kiosks · {flagged} 台需要注意 flagged · "
           f"浏览次数为最近 {days} 天 views are for the last {days} days</p>",
           "<table><thead><tr>" + "".join(
               f'<th{" class=views" if i >= len(COLUMNS) else ""}>{html.escape(h)}</th>'
               for i, h in enumerate(head)) + "</tr></thead><tbody>"]
    for row in rows:
        rec = record(row, now, screens)
        cells = [rec[k] for k, _ in COLUMNS] + [rec[f"views:{s}"] for s in screens]
        out.append(f'<tr{" class=flag" if row.flags else ""}>'
                   + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table></body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_report(root: Path, out: Path, now: datetime | None = None, days: int = 30,
                 silent: timedelta = timedelta(days=1),
                 expect_sequence: int | None = None) -> tuple[list[KioskRow], Path, Path]:
    """Collect the fleet under root and write fleet.csv and fleet.html into out."""
    now = now or datetime.now(UTC)
    rows = collect(root, now, days, silent, expect_sequence)
    csv_path, html_path = save_report(rows, now, out, days)
    return rows, csv_path, html_path


def save_report(rows: list[KioskRow], now: datetime, out: Path, days: int = 30) -> tuple[Path, Path]:
    """fleet.csv and fleet.html of rows already collected (the studio saves what it shows)."""
    out.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out / "fleet.csv", out / "fleet.html"
    write_csv(rows, now, csv_path)
    write_html(rows, now, html_path, days)
    return csv_path, html_path
