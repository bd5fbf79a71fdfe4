"""The studio's steps without Qt: preview database, signed package, copy to the stick and verify it."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.admin.builder import BuildOutcome, build_package
from kiosk.admin.workbook import StaffWorkbook, write_csv_folder
from kiosk.data.diff import diff_table, read_database_rows
from kiosk.data.packages import (
    PackageError,
    VerifiedPackage,
    public_key_text,
    read_package,
    validate_package_tables,
)
from kiosk.data.tables import Row


def merged_rows(book: StaffWorkbook, current: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    """The content a kiosk would show after the package: its tables replaced, the others kept."""
    return {**{name: list(rows) for name, rows in current.items()}, **book.rows()}


def write_preview_database(book: StaffWorkbook, current: Mapping[str, list[Row]], folder: Path) -> Path:
    """A temporary content generation built exactly as a kiosk builds one when it applies."""
    from kiosk.data.build import write_database

    path = folder / "preview.sqlite"
    write_database(merged_rows(book, current), path)
    return path


def package_book(book: StaffWorkbook, current: Mapping[str, list[Row]] | None) -> StaffWorkbook:
    """The tables a package carries: all of the workbook's, except an unchanged meta sheet.

    Without meta in the package the kiosk stamps content_version and content_date from the package
    (sequence and date), so residents and staff see that new content arrived.
    """
    meta = book.tables.get("meta")
    if meta is None or current is None or not diff_table("meta", current.get("meta", []),
                                                         meta.rows).is_empty:
        return book
    tables = {name: vt for name, vt in book.tables.items() if name != "meta"}
    return dataclasses.replace(book, tables=tables)


def build_from_workbook(book: StaffWorkbook, private_key, out_dir: Path, *, against: Path | None,
                        allow_removal: Iterable[str] = (), author: str = "", note: str = "",
                        sequence: int | None = None) -> BuildOutcome:
    """The package builder of the command line, fed with the workbook's tables as UTF-8 CSV."""
    current = read_database_rows(against) if against is not None else None
    with tempfile.TemporaryDirectory(prefix="kiosk-studio-") as tmp:
        write_csv_folder(package_book(book, current), Path(tmp))
        return build_package(Path(tmp), private_key, out_dir, sequence=sequence, author=author,
                             note=note, against=against, allow_removal=allow_removal)


@dataclass
class Written:
    """A package copied onto the stick and read back from there."""

    path: Path
    sha256: str
    package: VerifiedPackage


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_to_drive(package: Path, drive: Path, private_key,
                   current: Mapping[str, list[Row]] | None) -> Written:
    """Copy to the top of the drive (flushed, then renamed), read the copy back and verify it all.

    Verification is the kiosk's own: signature against the office key, sizes, hashes, every row and
    every reference; the copy must also be byte-identical to the package built on this PC.
    """
    target = drive / package.name
    tmp = target.with_name(target.name + ".part")
    try:
        with open(package, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PackageError("P_DISK", str(exc)[:200]) from None
    digest = sha256_of(target)
    if digest != sha256_of(package):
        raise PackageError("P_HASH_MISMATCH", f"{target} differs from the package built")
    pkg = read_package(target, [public_key_text(private_key)])
    _, problems = validate_package_tables(pkg, dict(current) if current is not None else None)
    if problems:
        raise PackageError("P_INVALID_DATA", f"{len(problems)} problem(s)", problems)
    return Written(target, digest, pkg)


def trusted_keys_line(public: str) -> str:
    return f'trusted_keys = ["{public}"]'


def pin_hash_line(pin: str) -> str:
    """The settings line for a staff PIN (4-12 digits); ValueError otherwise."""
    from kiosk.settings import hash_pin

    if not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 12):
        raise ValueError("the PIN must be 4 to 12 digits")
    return f'admin_pin_hash = "{hash_pin(pin)}"'


def save_key_pair(folder: Path, name: str, passphrase: bytes | None) -> tuple[Path, Path, str]:
    """A new signing key: NAME.key (private, owner-only, never overwritten) and NAME.pub."""
    from kiosk.data.packages import generate_key_pair

    private, public = generate_key_pair(passphrase or None)
    folder.mkdir(parents=True, exist_ok=True)
    key_path, pub_path = folder / f"{name}.key", folder / f"{name}.pub"
    if key_path.exists() or pub_path.exists():
        raise FileExistsError(str(key_path))
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private)
    pub_path.write_text(public + "\n", encoding="ascii")
    return key_path, pub_path, public
