"""Installed content generations: apply a package crash-safely, roll back, report status."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import logging
import os
import re
import shutil
import signal
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk.config import FACTORY_DB
from kiosk.data.diff import ContentDiff, diff_content, read_database_rows
from kiosk.data.packages import LIMITS, PackageError, PackageInfo, now_iso, read_package
from kiosk.data.packages import validate_package_tables as _validate
from kiosk.data.removal import large_removals, removal_problems
from kiosk.data.store import POINTER, choose_database, content_dir, database_problem
from kiosk.data.validate import Problem

log = logging.getLogger("kiosk.content")

KEEP = 3
SEQUENCE_FILE = "sequence.json"
INCOMING = "incoming.kpkg"
LOCK = "apply.lock"
_GEN = re.compile(r"gen-(\d{6})\.sqlite")
# Test hook: the applying process kills itself (SIGKILL) when it reaches this step.
CRASH_ENV = "KIOSK_APPLY_CRASH_AT"
APPLY_STEPS = ("copied", "verified", "validated", "built", "checked", "pointer_written",
               "switched", "sequence_saved", "cleaned")


def _refusing(func):
    """Turn any unexpected failure into PackageError so callers (the admin screen) get a reason code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except PackageError:
            raise
        except (OSError, sqlite3.Error) as exc:
            raise PackageError("P_DISK", str(exc)[:200]) from exc
        except Exception as exc:
            log.exception("unexpected error while applying a package")
            raise PackageError("P_INTERNAL", f"{type(exc).__name__}: {exc}"[:200]) from exc

    return wrapper


def _checkpoint(step: str) -> None:
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


@dataclass
class ApplyResult:
    """The outcome of apply or rollback, ready for the admin screen or the command line."""

    ok: bool
    code: str = "OK"
    message_en: str = ""
    message_zh: str = ""
    problems: list[Problem] = field(default_factory=list)
    database: Path | None = None
    generation: int = 0
    sequence: int = 0
    diff: ContentDiff | None = None
    info: PackageInfo | None = None

    @classmethod
    def refused(cls, err: PackageError, info: PackageInfo | None = None) -> ApplyResult:
        return cls(False, err.code, err.message_en, err.message_zh, err.problems, info=info)


@dataclass
class Generation:
    """One kept database generation and the package that made it."""

    generation: int
    database: str
    sequence: int
    package_sha256: str = ""
    applied: str = ""


@dataclass
class ContentStatus:
    """What the kiosk shows now and what it could roll back to."""

    database: Path
    factory: bool
    generation: int
    sequence: int
    high_water: int
    package_sha256: str
    applied: str
    content_version: str
    content_date: str
    kept: list[Generation]
    problems: list[tuple[str, str]] = field(default_factory=list)  # damage found: (English, Chinese)
    fallback: tuple[str, str] | None = None  # what the kiosk shows instead of the damaged content

    @property
    def can_roll_back(self) -> bool:
        return not self.factory

    @property
    def damaged(self) -> bool:
        return bool(self.problems)


@dataclass
class Prepared:
    """A package copied to the kiosk's disk and verified, with its validated rows and the diff."""

    info: PackageInfo
    rows: dict[str, list]
    diff: ContentDiff
    removals: dict[str, tuple[int, int]] = field(default_factory=dict)  # allowed: (removed, before)


# ---- small durable-file helpers ---------------------------------------------------------------

def fsync_dir(path: Path) -> None:
    """Make a rename inside the folder durable (a power cut must not undo it); no-op on Windows."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, data: dict, step: str | None = None) -> None:
    """Write JSON beside path, fsync it, then rename it into place: a reader sees old or new, never half."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk keeps no half-written .tmp file
        raise
    if step:
        _checkpoint(step)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def _locked(folder: Path):
    """One apply/rollback at a time; the OS drops the lock if the process dies."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+b") as fh:
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        yield


# ---- state ------------------------------------------------------------------------------------

def _pointer(data_dir: Path) -> dict:
    return _read_json(content_dir(data_dir) / POINTER)


def _kept(pointer: dict) -> list[Generation]:
    out = []
    for item in pointer.get("kept", []):
        try:
            out.append(Generation(int(item["generation"]), str(item["database"]),
                                  int(item["sequence"]), str(item.get("package_sha256", "")),
                                  str(item.get("applied", ""))))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _last_generation(folder: Path, pointer: dict) -> int:
    """The highest generation number ever used, so numbers are never reused after a rollback."""
    stored = _read_json(folder / SEQUENCE_FILE).get("generation", 0)
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := _GEN.fullmatch(p.name))]
    numbers += [v for v in (stored, pointer.get("generation", 0)) if type(v) is int]
    return max(numbers, default=0)


def _save_state(folder: Path, sequence: int, generation: int) -> None:
    write_json_atomic(folder / SEQUENCE_FILE, {"sequence": sequence, "generation": generation})


def installed_sequence(data_dir: Path) -> int:
    """The high-water mark: the highest sequence ever installed (never lowered by rollback)."""
    stored = _read_json(content_dir(data_dir) / SEQUENCE_FILE).get("sequence", 0)
    current = _pointer(data_dir).get("sequence", 0)
    values = [v for v in (stored, current) if type(v) is int]
    values += [g.sequence for g in _kept(_pointer(data_dir))]
    return max(values, default=0)


def _meta(db: Path) -> dict[str, str]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def content_status(data_dir: Path, factory: Path = FACTORY_DB, deep: bool = False) -> ContentStatus:
    """The database in use, its package and version, the high-water mark and kept generations.

    deep runs SQLite's quick_check on the database shown (reads all of it; not for the UI thread).
    """
    choice = choose_database(data_dir, factory, deep=deep)
    db = choice.database
    is_factory = db == factory
    pointer = {} if is_factory else _pointer(data_dir)
    if choice.damaged and not is_factory:  # fell back to a kept generation: describe that one
        pointer = next((g.__dict__ for g in _kept(pointer) if g.database == db.name), {})
    problems = list(choice.problems)
    if is_factory and (why := database_problem(factory, deep=deep)):
        problems.append((f"the factory content ({factory.name}) cannot be used: {why}",
                         f"出厂内容（{factory.name}）无法使用：{why}"))
    meta = _meta(db)
    return ContentStatus(
        database=db, factory=is_factory, generation=int(pointer.get("generation", 0) or 0),
        sequence=int(pointer.get("sequence", 0) or 0), high_water=installed_sequence(data_dir),
        package_sha256=str(pointer.get("package_sha256", "")), applied=str(pointer.get("applied", "")),
        content_version=meta.get("content_version", ""), content_date=meta.get("content_date", ""),
        kept=_kept(_pointer(data_dir)) if not is_factory else [], problems=problems,
        fallback=choice.fallback)


def integrity_ok(db: Path) -> bool:
    """PRAGMA integrity_check on a database opened read-only."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def recover(data_dir: Path) -> list[str]:
    """Remove what an interrupted apply left behind (call at start-up); the pointer is never touched."""
    if not content_dir(data_dir).is_dir():
        return []
    with _locked(content_dir(data_dir)):
        return _recover(data_dir)


def _recover(data_dir: Path) -> list[str]:
    folder = content_dir(data_dir)
    if not folder.is_dir():
        return []
    pointer = _pointer(data_dir)
    keep = {g.database for g in _kept(pointer)} | {str(pointer.get("database", ""))}
    removed = []
    for path in folder.iterdir():
        name = path.name
        leftover = (name.endswith((".tmp", ".building", "-journal", "-wal", "-shm"))
                    or name == INCOMING or (_GEN.fullmatch(name) and name not in keep))
        if leftover and path.is_file():
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:  # Windows: still open by the kiosk; the next recover() retries
                log.warning("could not remove %s yet: %s", name, exc)
                continue
            removed.append(name)
    state = _read_json(folder / SEQUENCE_FILE)
    high = installed_sequence(data_dir)
    if high != state.get("sequence"):
        _save_state(folder, high, _last_generation(folder, pointer))
    if removed:
        log.info("content recovery removed %s", ", ".join(sorted(removed)))
    return removed


# ---- apply ------------------------------------------------------------------------------------

def _copy_in(source: Path, target: Path) -> None:
    """Copy the package from the stick to the kiosk's disk (bounded), flushed to disk."""
    copied = 0
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(1024 * 1024):
            copied += len(chunk)
            if copied > LIMITS.package_bytes:
                raise PackageError("P_TOO_LARGE", f"{source.name}: more than "
                                   f"{LIMITS.package_bytes // (1024 * 1024)} MB")
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())


@_refusing
def prepare_package(package: Path, data_dir: Path, trusted_keys: list[str],
                    factory: Path = FACTORY_DB) -> Prepared:
    """Copy to local disk, verify the copy, refuse replays, validate rows and compute the diff."""
    folder = content_dir(data_dir)
    local = folder / INCOMING
    with _locked(folder):
        try:
            try:
                _copy_in(package, local)
            except OSError as exc:
                local.unlink(missing_ok=True)
                detail = str(exc)
                if disk_full(exc):
                    detail = f"{space_needed(folder, package.stat().st_size)}: {exc}"
                raise PackageError("P_DISK", detail.replace(str(local), local.name)[:300]) from None
            _checkpoint("copied")
            try:
                pkg = read_package(local, trusted_keys)  # from here on the stick is never read again
            except PackageError as err:  # name the file on the stick, not the kiosk's own copy
                raise PackageError(err.code, err.detail.replace(str(local), str(package))
                                   .replace(INCOMING, package.name), err.problems) from None
        finally:
            local.unlink(missing_ok=True)
    pkg.info.path = package
    _checkpoint("verified")
    installed = installed_sequence(data_dir)
    if pkg.info.sequence <= installed:
        raise PackageError("P_REPLAY", f"package {pkg.info.sequence}, installed {installed}")
    current = read_database_rows(choose_database(data_dir, factory).database)
    tables, problems = _validate(pkg, current)
    if problems:
        raise PackageError("P_INVALID_DATA", f"{len(problems)} problem(s)", problems)
    allowed = pkg.info.manifest.allow_removal
    problems = removal_problems(tables, current, allowed)
    if problems:
        raise PackageError("P_REMOVAL", ", ".join(p.file for p in problems), problems)
    new_rows = {name: vt.rows for name, vt in tables.items()}
    _checkpoint("validated")
    return Prepared(pkg.info, {**current, **new_rows}, diff_content(new_rows, current),
                    large_removals(new_rows, current, allowed))


def with_package_meta(prep: Prepared) -> dict[str, list]:
    """The rows to install; content_date and content_version follow the package unless it has meta."""
    if "meta" in prep.info.manifest.tables:
        return prep.rows
    try:
        date = datetime.fromisoformat(prep.info.manifest.created).date().isoformat()
    except ValueError:
        date = prep.info.manifest.created[:10]
    updates = {"content_date": date, "content_version": str(prep.info.sequence)}
    meta = [{**r, "value": updates.pop(r["key"])} if r.get("key") in updates else r
            for r in prep.rows.get("meta", [])]
    meta += [{"key": key, "value": value} for key, value in updates.items()]
    return {**prep.rows, "meta": meta}


def space_needed(folder: Path, need: int) -> str:
    """How much free space an apply needs and how much there is, in MB (for the P_DISK message)."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return f"about {need / 2**20:.0f} MB of free disk space is needed"
    return (f"about {need / 2**20:.0f} MB of free disk space is needed, "
            f"{free / 2**20:.0f} MB are free; free some space and try again")


def disk_full(exc: BaseException) -> bool:
    """An error that means (or, for SQLite write errors, may mean) that the disk is full."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR) or "full" in str(exc).lower()


def _remove_partial(target: Path) -> None:
    """Remove a generation that failed half-way and its scratch file, so a full disk is not left full."""
    for path in (target, target.with_name(target.name + ".building"),
                 target.with_name(target.name + "-journal")):
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s: %s", path.name, exc)


@_refusing
def install_prepared(prep: Prepared, data_dir: Path, factory: Path = FACTORY_DB) -> ApplyResult:
    """Build the next generation, check it, switch the pointer atomically and prune old ones."""
    from kiosk.data.build import write_database

    folder = content_dir(data_dir)
    with _locked(folder):
        installed = installed_sequence(data_dir)
        if prep.info.sequence <= installed:
            raise PackageError("P_REPLAY", f"package {prep.info.sequence}, installed {installed}")
        pointer = _pointer(data_dir)
        number = _last_generation(folder, pointer) + 1
        name = f"gen-{number:06d}.sqlite"
        target = folder / name
        need = choose_database(data_dir, factory).database.stat().st_size * 2 + 8 * 1024 * 1024
        if shutil.disk_usage(folder).free < need:
            raise PackageError("P_DISK", space_needed(folder, need))
        try:
            write_database(with_package_meta(prep), target)
            fsync_dir(folder)
            _checkpoint("built")
            if not integrity_ok(target):
                raise PackageError("P_INTEGRITY", name)
        except PackageError:
            _remove_partial(target)
            raise
        except (OSError, sqlite3.Error) as exc:
            _remove_partial(target)
            detail = f"{space_needed(folder, need)}: {exc}" if disk_full(exc) else str(exc)
            raise PackageError("P_DISK", detail[:300]) from None
        except RuntimeError as exc:
            _remove_partial(target)
            raise PackageError("P_INTEGRITY", str(exc)[:200]) from None
        except BaseException:
            _remove_partial(target)
            raise
        _checkpoint("checked")
        entry = Generation(number, name, prep.info.sequence, prep.info.sha256, now_iso())
        kept = [g for g in _kept(pointer) if (folder / g.database).is_file()][-(KEEP - 1):] + [entry]
        write_json_atomic(folder / POINTER, {**entry.__dict__, "kept": [g.__dict__ for g in kept]},
                           step="pointer_written")
        _checkpoint("switched")
        _save_state(folder, prep.info.sequence, number)
        _checkpoint("sequence_saved")
        _recover(data_dir)
        _checkpoint("cleaned")
    log.info("content package %s applied as generation %s", prep.info.sequence, number)
    return ApplyResult(True, "OK", f"Content updated to package {prep.info.sequence}.",
                       f"内容已更新到第 {prep.info.sequence} 号更新包。", database=target,
                       generation=number, sequence=prep.info.sequence, diff=prep.diff, info=prep.info)


def apply_package(package: Path, data_dir: Path, trusted_keys: list[str],
                  factory: Path = FACTORY_DB) -> ApplyResult:
    """Verify and install a package in one call; any failure leaves the content unchanged."""
    info = None
    try:
        _refusing(recover)(data_dir)
        prep = prepare_package(package, data_dir, trusted_keys, factory)
        info = prep.info
        return install_prepared(prep, data_dir, factory)
    except PackageError as err:
        log.warning("content package %s refused: %s", package.name, err.code)
        return ApplyResult.refused(err, info)


def lower_high_water(data_dir: Path, factory: Path = FACTORY_DB) -> tuple[int, int]:
    """Lower the highest-installed mark to the package shown now (kept ones count too): (old, new).

    The way out after a wrong, too-high sequence was installed and rolled back: staff run
    `rollback --reset-sequence` at the kiosk. Older signed packages become applicable again.
    """
    folder = content_dir(data_dir)
    if not folder.is_dir():
        return 0, 0
    with _locked(folder):
        old = installed_sequence(data_dir)
        pointer = {} if choose_database(data_dir, factory).database == factory else _pointer(data_dir)
        values = [pointer.get("sequence", 0), *(g.sequence for g in _kept(pointer))]
        new = max((v for v in values if type(v) is int), default=0)
        _save_state(folder, new, _last_generation(folder, pointer))
    log.warning("highest package number lowered from %s to %s by staff", old, new)
    return old, new


def roll_back(data_dir: Path, factory: Path = FACTORY_DB) -> ApplyResult:
    """Point back to the previous kept generation (or the factory content); the high-water stays."""
    try:
        return _roll_back(data_dir, factory)
    except PackageError as err:
        return ApplyResult.refused(err)


@_refusing
def _roll_back(data_dir: Path, factory: Path) -> ApplyResult:
    folder = content_dir(data_dir)
    if not (folder / POINTER).is_file():
        raise PackageError("P_NO_ROLLBACK")
    with _locked(folder):
        _recover(data_dir)
        pointer = _pointer(data_dir)
        kept = [g for g in _kept(pointer) if (folder / g.database).is_file()]
        current = str(pointer.get("database", ""))
        earlier = [g for g in kept if g.database != current]
        while earlier and not integrity_ok(folder / earlier[-1].database):
            earlier.pop()
        if earlier:
            back = earlier[-1]
            write_json_atomic(folder / POINTER, {**back.__dict__, "kept": [g.__dict__ for g in earlier]})
            result = ApplyResult(True, "OK", f"Content rolled back to package {back.sequence}.",
                                 f"内容已恢复到第 {back.sequence} 号更新包。",
                                 database=folder / back.database, generation=back.generation,
                                 sequence=back.sequence)
        else:
            (folder / POINTER).unlink()
            fsync_dir(folder)
            result = ApplyResult(True, "OK", "Content rolled back to the factory content.",
                                 "内容已恢复为出厂内容。", database=factory)
        _recover(data_dir)  # deletes the abandoned generation: rolling back again goes further back
    log.info("content rolled back to %s", result.database)
    return result
