"""Build a signed package from a folder of staff table files (office PC side)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.data.diff import read_database_rows
from kiosk.data.packages import (
    FORMAT_VERSION,
    LIMITS,
    MANIFEST,
    MAX_SEQUENCE,
    SIGNATURE,
    SUFFIX,
    FileEntry,
    Manifest,
    VerifiedPackage,
    encode_table,
    far_future_warning,
    fingerprint,
    foreign_key_problems,
    now_iso,
    table_path,
    validate_table_bytes,
)
from kiosk.data.removal import removal_problems
from kiosk.data.schema import TABLES_BY_NAME
from kiosk.data.tables import hidden_characters, strip_hidden
from kiosk.data.validate import Problem, ValidatedTable


@dataclass
class BuildOutcome:
    """The package written (None when there were problems), its manifest and every problem."""

    path: Path | None
    manifest: Manifest | None
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese), not refusals




def default_sequence(now: datetime | None = None) -> int:
    """YYYYMMDDHHMMSS in UTC: increases on its own, so staff need not track numbers."""
    return int((now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S"))


def sequence_problems(sequence: int | None) -> list[Problem]:
    """A --sequence that is not a whole number from 1 to MAX_SEQUENCE."""
    if sequence is None or 1 <= sequence <= MAX_SEQUENCE:
        return []
    return [Problem("E_SEQUENCE", "--sequence", None, None,
                    f"{sequence} is not between 1 and {MAX_SEQUENCE:,}; leave --sequence out to use "
                    "the current time (a too-high number would block every later package)",
                    f"{sequence} 不在 1 到 {MAX_SEQUENCE:,} 之间；不填 --sequence 即按当前时间编号"
                    "（编号过大会使之后所有更新包都无法安装）")]


def read_staff_folder(folder: Path) -> tuple[dict[str, ValidatedTable], list[Problem]]:
    """Decode (fixed rule) and validate every table file in a folder exported from Excel/WPS."""
    tables, problems = {}, []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        suffix, name = path.suffix.lower(), path.stem
        if suffix in (".xlsx", ".xls", ".et"):
            problems.append(Problem("E_NOT_CSV", path.name, None, None,
                                    "spreadsheet files are not read; save as CSV (UTF-8)",
                                    "不读取电子表格文件，请另存为 CSV（UTF-8）"))
            continue
        if suffix != ".csv":
            continue
        if name not in TABLES_BY_NAME:
            problems.append(Problem("E_UNKNOWN_TABLE", path.name, None, None,
                                    f"{name!r} is not a table name; rename or remove the file",
                                    f"“{name}”不是表名，请改名或移除此文件"))
            continue
        if path.stat().st_size > LIMITS.file_bytes:
            problems.append(Problem("E_FILE_TOO_LARGE", path.name, None, None,
                                    "file is larger than a package allows", "文件超过更新包允许的大小"))
            continue
        with open(path, "rb") as fh:
            data = fh.read(LIMITS.file_bytes + 1)
        vt = validate_table_bytes(name, data, path.name)
        tables[name] = vt
        problems.extend(vt.problems)
    if not tables and not problems:
        problems.append(Problem("E_NO_TABLES", folder.name, None, None,
                                "no table files (<table>.csv) found", "未找到表格文件（<表名>.csv）"))
    return tables, problems


def against_rows(against: Path | None) -> tuple[dict | None, list[Problem]]:
    """The rows of the --against database, or E_AGAINST when it is missing or not a content database."""
    if against is None:
        return None, []
    try:
        return read_database_rows(against), []
    except (OSError, sqlite3.Error) as exc:
        return None, [Problem("E_AGAINST", "--against", None, None,
                              f"{against} cannot be read as a content database ({exc})",
                              f"无法读取 {against} 作为内容数据库（{exc}）")]


def allow_removal_problems(allow: Iterable[str], tables: dict[str, ValidatedTable]) -> list[Problem]:
    """An --allow-removal that names no table file of this package (a typo must not go unnoticed)."""
    out = []
    for name in allow:
        if name not in tables:
            out.append(Problem("E_REMOVAL", "--allow-removal", None, None,
                               f"{name!r} is not a table file in this folder",
                               f"“{name}”不是此文件夹中的表格文件"))
    return out


def build_package(source: Path, private_key, out_dir: Path, *, sequence: int | None = None,
                  author: str = "", note: str = "", against: Path | None = None,
                  allow_removal: Iterable[str] = ()) -> BuildOutcome:
    """Validate the staff files, re-encode them as UTF-8 CSV, sign the manifest, write the .kpkg.

    A table emptied or losing more than REMOVAL_SHARE of its rows (compared with `against`; without
    it only an empty table file) is refused unless named in allow_removal, which the manifest records.
    """
    from cryptography.hazmat.primitives import serialization

    allow = tuple(dict.fromkeys(allow_removal))
    tables, problems = read_staff_folder(source)
    problems = sequence_problems(sequence) + problems
    if not problems:
        problems.extend(allow_removal_problems(allow, tables))
    if not problems:
        current, problem = against_rows(against)
        problems.extend(problem)
    if not problems:
        problems.extend(foreign_key_problems(tables, current))
        problems.extend(removal_problems(tables, current, allow))
    counts = {name: len(vt.rows) for name, vt in tables.items()}
    if problems:
        return BuildOutcome(None, None, problems, counts)
    warnings = []
    for label, text in (("--author", author), ("--note", note)):
        if hidden := hidden_characters(text):
            warnings.append((f"{label}: removed invisible or direction-changing characters "
                             f"({', '.join(hidden)})", f"{label}：已删除看不见的或改变文字方向的字符"))
    author, note = strip_hidden(author), strip_hidden(note)
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
    bodies = {name: encode_table(vt) for name, vt in sorted(tables.items())}
    manifest = Manifest(
        FORMAT_VERSION, default_sequence() if sequence is None else sequence, now_iso(), author,
        note, fingerprint(raw),
        tuple(bodies), tuple(FileEntry(table_path(n), len(b), hashlib.sha256(b).hexdigest())
                             for n, b in bodies.items()), tuple(sorted(allow)))
    manifest_bytes = manifest.to_bytes()
    files = {MANIFEST: manifest_bytes, SIGNATURE: private_key.sign(manifest_bytes)}
    files.update({table_path(n): b for n, b in bodies.items()})
    path = out_dir / f"jinshan-kiosk-{manifest.sequence}{SUFFIX}"
    write_zip(files, path)
    if far := far_future_warning(manifest.sequence):
        warnings.append(far)
    return BuildOutcome(path, manifest, [], counts, warnings)


def write_zip(files: dict[str, bytes], path: Path) -> None:
    """Write a package zip next to path and move it into place (a half-written stick file never shows)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, body in files.items():
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, body)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full stick keeps no half-written .part file
        raise


def package_row_counts(pkg: VerifiedPackage) -> dict[str, int]:
    """Rows per table in a verified package (for inspect)."""
    return {name: len(validate_table_bytes(name, body, table_path(name)).rows)
            for name, body in pkg.files.items()}
