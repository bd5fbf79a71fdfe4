"""A package inbox any folder-sync engine fills: stable-file detection, the apply decision, a log.

The kiosk only reads the inbox (receive-only), never writes into it. A `.kpkg` there goes through the
same path as one on a USB stick (generations.prepare_package: copy in, signature, sequence, rows).
Half-written files are ignored: sync engines write under a temporary name (Syncthing
`.syncthing.NAME.tmp` / `~syncthing~NAME.tmp`, rsync `.NAME.XXXXXX`, browsers `NAME.part`) and
rename at the end, so only names ending in `.kpkg` and not starting with `.` or `~` are looked at;
a plain copy grows in place, so a file is read only after its size, mtime and inode have stayed the
same for SETTLE_S seconds of this kiosk's own clock (file times from another machine are not
trusted). Every outcome is kept in `<data dir>/inbox.json`, which travels in the outbox.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import FACTORY_DB
from kiosk.data.fleet_policy import auto_apply_verdict, is_open, parse_opening_hours
from kiosk.data.packages import SUFFIX
from kiosk.data.usb import FoundPackage

log = logging.getLogger("kiosk.inbox")

SETTLE_S = 10.0
MAX_ENTRIES = 500  # files looked at per scan: a folder full of other things must not stall the poll
STATE_FILE = "inbox.json"
KEEP_EVENTS = 200
FINAL = ("applied", "refused", "staff")  # outcomes that are not retried while the file is unchanged
TRANSIENT = ("P_DISK", "P_INTERNAL")  # refusals about this kiosk, not the package: retried after RETRY_S
RETRY_S = 3600

Signature = tuple[int, int, int]  # size, mtime_ns, inode


def is_candidate_name(name: str) -> bool:
    """A finished package name: ends in .kpkg; sync engines' temporary names never do or start with . or ~."""
    return name.lower().endswith(SUFFIX) and not name.startswith((".", "~"))


def scan_folder(folder: Path) -> dict[Path, Signature]:
    """Regular .kpkg files at the top of the inbox (links and sub-folders are not followed)."""
    out: dict[Path, Signature] = {}
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_ENTRIES:
                    break
                if is_candidate_name(entry.name) and entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    out[Path(entry.path)] = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        return {}
    return out


class StableFiles:
    """Remembers how each file looked and since when; ready once unchanged for settle_s and not empty."""

    def __init__(self, settle_s: float = SETTLE_S, clock: Callable[[], float] = time.monotonic):
        self.settle_s, self.clock = settle_s, clock
        self.seen: dict[Path, tuple[Signature, float]] = {}

    def observe(self, files: dict[Path, Signature]) -> list[Path]:
        now = self.clock()
        ready = []
        for path, sig in files.items():
            before = self.seen.get(path)
            if before is None or before[0] != sig:
                self.seen[path] = (sig, now)
            elif now - before[1] >= self.settle_s and sig[0] > 0:
                ready.append(path)
        for gone in set(self.seen) - set(files):
            del self.seen[gone]
        return ready


@dataclass
class InboxEvent:
    """What happened to one version of one inbox file (kept in inbox.json, exported in the outbox)."""

    file: str
    size: int
    mtime_ns: int
    outcome: str  # applied, refused, staff (left for staff), waiting (opening hours)
    code: str = "OK"
    message_en: str = ""
    message_zh: str = ""
    sequence: int = 0
    sha256: str = ""
    when: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.file, self.size, self.mtime_ns)


@dataclass
class InboxLog:
    """The persisted outcomes, newest last."""

    path: Path
    events: list[InboxEvent] = field(default_factory=list)

    @classmethod
    def load(cls, data_dir: Path) -> InboxLog:
        path = data_dir / STATE_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            items = raw.get("events", []) if isinstance(raw, dict) else []
        except (OSError, ValueError):
            items = []
        names = set(InboxEvent.__dataclass_fields__)
        events = []
        for item in items:
            try:
                events.append(InboxEvent(**{k: v for k, v in item.items() if k in names}))
            except (TypeError, AttributeError):
                continue
        return cls(path, events)

    def last(self, key: tuple[str, int, int]) -> InboxEvent | None:
        for event in reversed(self.events):
            if event.key == key:
                return event
        return None

    def add(self, event: InboxEvent) -> None:
        self.events = [e for e in self.events if e.key != event.key][-(KEEP_EVENTS - 1):] + [event]
        from kiosk.data.generations import write_json_atomic

        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(self.path, {"events": [asdict(e) for e in self.events]})


@dataclass(frozen=True)
class InboxPolicy:
    """The settings the inbox follows (from settings.toml)."""

    trusted_keys: tuple[str, ...]
    mode: str = "staff"
    opening_hours: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings) -> InboxPolicy:
        return cls(tuple(settings.trusted_keys), settings.inbox_apply, tuple(settings.opening_hours))


def _file_key(path: Path, sig: Signature) -> tuple[str, int, int]:
    return (path.name, sig[0], sig[1])


def handle_package(path: Path, sig: Signature, data_dir: Path, policy: InboxPolicy, now: datetime,
                   factory: Path = FACTORY_DB) -> tuple[InboxEvent, object]:
    """Check one stable package exactly like a stick's; apply it when the policy allows.
    Returns the event and the ApplyResult when it was installed (else None)."""
    from kiosk.data.generations import install_prepared, prepare_package, recover
    from kiosk.data.packages import PackageError

    base = dict(file=path.name, size=sig[0], mtime_ns=sig[1],
                when=datetime.now(UTC).replace(microsecond=0).isoformat())
    try:
        recover(data_dir)
        prep = prepare_package(path, data_dir, list(policy.trusted_keys), factory)
    except PackageError as err:
        return InboxEvent(outcome="refused", code=err.code, message_en=err.message_en,
                          message_zh=err.message_zh, **base), None
    except OSError as err:
        return InboxEvent(outcome="refused", code="P_DISK", message_en=str(err)[:200], **base), None
    info = prep.info
    verdict = auto_apply_verdict(policy.mode, parse_opening_hours(list(policy.opening_hours)), now,
                                 bool(prep.removals))
    if verdict != "apply":
        text = ("Verified; waiting for the end of opening hours." if verdict == "wait"
                else "Verified; staff apply it from the admin screen.")
        return InboxEvent(outcome="waiting" if verdict == "wait" else "staff", message_en=text,
                          sequence=info.sequence, sha256=info.sha256, **base), None
    try:
        result = install_prepared(prep, data_dir, factory)
    except PackageError as err:
        return InboxEvent(outcome="refused", code=err.code, message_en=err.message_en,
                          message_zh=err.message_zh, sequence=info.sequence, sha256=info.sha256,
                          **base), None
    return InboxEvent(outcome="applied", message_en=result.message_en, message_zh=result.message_zh,
                      sequence=info.sequence, sha256=info.sha256, **base), result


@dataclass
class InboxRound:
    """One poll's outcome: new events, what was installed (ApplyResults), what staff may apply."""

    events: list[InboxEvent] = field(default_factory=list)
    applied: list = field(default_factory=list)
    offered: list[FoundPackage] = field(default_factory=list)


class Inbox:
    """One kiosk's view of a shared inbox folder; call run_once() from one thread at a time."""

    def __init__(self, folder: Path, data_dir: Path, policy: InboxPolicy, factory: Path = FACTORY_DB,
                 settle_s: float = SETTLE_S, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = datetime.now):
        self.folder, self.data_dir, self.policy, self.factory = folder, data_dir, policy, factory
        self.stable = StableFiles(settle_s, clock)
        self.now = now
        self.log = InboxLog.load(data_dir)

    def _due(self, path: Path, sig: Signature) -> bool:
        last = self.log.last(_file_key(path, sig))
        if last is None:
            return True
        if last.outcome == "waiting":  # checked again once the kiosk has closed
            return not is_open(parse_opening_hours(list(self.policy.opening_hours)), self.now())
        if last.outcome == "refused" and last.code in TRANSIENT:
            try:
                age = (datetime.now(UTC) - datetime.fromisoformat(last.when)).total_seconds()
            except (ValueError, TypeError):
                return True
            return age >= RETRY_S
        return last.outcome not in FINAL

    def run_once(self) -> InboxRound:
        """Scan, then check (and maybe apply) every newly stable package, newest name first."""
        files = scan_folder(self.folder)
        ready = self.stable.observe(files)
        out = InboxRound()
        ordered = sorted(ready, key=lambda p: (FoundPackage(p, 0, 0, self.folder).sequence_hint, p.name),
                         reverse=True)
        for path in ordered:
            sig = files[path]
            if not self._due(path, sig):
                continue
            event, result = handle_package(path, sig, self.data_dir, self.policy, self.now(), self.factory)
            self._report(event)
            self.log.add(event)
            out.events.append(event)
            if result is not None:
                out.applied.append(result)
        out.offered = self.offered(files, ordered)
        return out

    def offered(self, files: dict[Path, Signature], ready: list[Path]) -> list[FoundPackage]:
        """Verified packages newer than the installed content that wait for staff or closing time."""
        from kiosk.data.generations import installed_sequence

        installed = installed_sequence(self.data_dir)
        out = []
        for path in ready:
            event = self.log.last(_file_key(path, files[path]))
            if event and event.outcome in ("staff", "waiting") and event.sequence > installed:
                out.append(FoundPackage(path, files[path][0], files[path][1] / 1e9, self.folder))
        return out

    def settling(self) -> bool:
        """Whether some file was seen but is not yet known to be stable (worth a look soon)."""
        now = self.stable.clock()
        return any(now - since < self.stable.settle_s for _, since in self.stable.seen.values())

    @staticmethod
    def _report(event: InboxEvent) -> None:
        if event.outcome == "refused":
            log.warning("inbox: package %s refused: [%s] %s", event.file, event.code, event.message_en)
        else:
            log.info("inbox: package %s (sequence %s): %s", event.file, event.sequence, event.outcome)
