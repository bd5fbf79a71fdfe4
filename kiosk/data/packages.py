"""Signed update packages (.kpkg): keys, the manifest, building, and bounded, strict reading."""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.data.schema import TABLES_BY_NAME
from kiosk.data.tables import (
    HIDDEN_CHARS,
    DecodeError,
    Row,
    TableFile,
    TableFormatError,
    decode_table_bytes,
    format_problem_args,
    parse_csv_text,
)
from kiosk.data.validate import Problem, ValidatedTable, check_foreign_keys, validate_table_file

FORMAT_VERSION = 1
SUFFIX = ".kpkg"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
TABLE_DIR = "tables/"
KEY_ENV = "KIOSK_KEY_PASSPHRASE"

# Every reason a package can be refused, in both languages (shown to staff as-is).
REASONS: dict[str, tuple[str, str]] = {
    "P_EMPTY": ("The file is empty (0 bytes).", "文件为空（0 字节）。"),
    "P_NOT_A_PACKAGE": ("This is not a kiosk update package.", "这不是信息亭更新包。"),
    "P_DAMAGED": ("The package file is damaged.", "更新包文件已损坏。"),
    "P_TOO_LARGE": ("The package is larger than allowed.", "更新包超过允许的大小。"),
    "P_UNSAFE_PATH": ("The package contains a file with an unsafe name.", "更新包含有名称不安全的文件。"),
    "P_SYMLINK": ("The package contains a link, which is not allowed.", "更新包含有链接文件，不允许。"),
    "P_UNSIGNED": ("The package is not signed.", "更新包没有签名。"),
    "P_UNKNOWN_KEY": ("The package was signed by a key this kiosk does not trust.",
                      "更新包的签名密钥不受本机信任。"),
    "P_BAD_SIGNATURE": ("The signature does not match: the package was changed after signing.",
                        "签名不符：更新包在签名后被修改过。"),
    "P_FORMAT": ("The package manifest is not in the expected format.", "更新包清单格式不正确。"),
    "P_FORMAT_VERSION": ("The package was made by a newer version of the staff tools.",
                         "更新包由更新版本的工具制作，本机无法读取。"),
    "P_MISSING_FILE": ("A file listed in the manifest is missing.", "清单中列出的文件缺失。"),
    "P_EXTRA_FILE": ("The package contains a file not listed in the manifest.",
                     "更新包含有清单中未列出的文件。"),
    "P_SIZE_MISMATCH": ("A file's size differs from the manifest.", "文件大小与清单不符。"),
    "P_HASH_MISMATCH": ("A file's content differs from the manifest (SHA-256).",
                        "文件内容与清单不符（SHA-256 校验失败）。"),
    "P_REMOVAL": ("The package would remove many rows of a table, and its maker did not allow that; "
                  "nothing was changed.",
                  "更新包将删除某表的大量数据，而制作时未允许删除；内容未作任何更改。"),
    "P_REPLAY": ("This package is not newer than the content already installed.",
                 "此更新包不比已安装的内容新。"),
    "P_INVALID_DATA": ("The tables in the package have problems; nothing was changed.",
                       "更新包中的表格有错误，内容未作任何更改。"),
    "P_INTEGRITY": ("The new database failed its integrity check; nothing was changed.",
                    "新数据库完整性检查未通过，内容未作任何更改。"),
    "P_DISK": ("The kiosk could not read or write its disk.", "本机磁盘读写失败。"),
    "P_NO_ROLLBACK": ("There is no earlier content to go back to.", "没有可以恢复的早期内容。"),
    "P_KEY": ("The signing key file cannot be used.", "签名密钥文件无法使用。"),
    "P_NO_ANSWER": ("Nobody answered the confirmation; nothing was changed.",
                    "没有人回答确认问题，内容未作任何更改。"),
    "P_SETTINGS": ("The kiosk's settings file has a problem; fix it (check it with main.py "
                   "--check-config) and try again. Nothing was changed.",
                   "信息亭设置文件有错误，请修改（可用 main.py --check-config 检查）后重试。"
                   "内容未作任何更改。"),
    "P_INTERNAL": ("An unexpected error stopped the update; nothing was changed.",
                   "更新因意外错误中止，内容未作任何更改。"),
}


class PackageError(Exception):
    """A package refused for one reason, with the bilingual message staff see."""

    def __init__(self, code: str, detail: str = "", problems: list[Problem] | None = None):
        en, zh = REASONS[code]
        self.code, self.detail, self.problems = code, detail, list(problems or [])
        self.message_en = f"{en} ({detail})" if detail else en
        self.message_zh = f"{zh}（{detail}）" if detail else zh
        super().__init__(f"[{code}] {self.message_en} / {self.message_zh}")


@dataclass(frozen=True)
class Limits:
    """Caps enforced while reading, never taken from the zip headers."""

    package_bytes: int = 50 * 1024 * 1024
    entries: int = 64
    file_bytes: int = 64 * 1024 * 1024
    total_bytes: int = 200 * 1024 * 1024
    manifest_bytes: int = 64 * 1024


LIMITS = Limits()


# ---- keys -------------------------------------------------------------------------------------

def fingerprint(raw_public: bytes) -> str:
    """How staff and the kiosk name a key: the first 16 hex digits of SHA-256 of the raw key."""
    return hashlib.sha256(raw_public).hexdigest()[:16]


def generate_key_pair(passphrase: bytes | None = None) -> tuple[bytes, str]:
    """A new Ed25519 key: (private key as PEM, public key as base64 of the raw 32 bytes)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    crypt = (serialization.BestAvailableEncryption(passphrase) if passphrase
             else serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, crypt)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return pem, base64.b64encode(raw).decode("ascii")


def load_private_key(pem: bytes, passphrase: bytes | None = None):
    """The Ed25519 private key in a PEM file (passphrase from the argument or $KIOSK_KEY_PASSPHRASE)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if passphrase is None and os.environ.get(KEY_ENV):
        passphrase = os.environ[KEY_ENV].encode()
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase)
    except (ValueError, TypeError) as exc:
        raise PackageError("P_KEY", str(exc)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackageError("P_KEY", "not an Ed25519 key")
    return key


def public_key_text(private_key) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> bytes:
    """Raw 32 key bytes from the settings form (base64); ValueError when it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"not base64: {text[:20]!r}") from None
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return raw


def trusted_key_map(keys: list[str]) -> dict[str, bytes]:
    """Fingerprint -> raw key for every well-formed trusted key (malformed ones are skipped)."""
    out = {}
    for text in keys:
        try:
            raw = parse_public_key(text)
        except ValueError:
            continue
        out[fingerprint(raw)] = raw
    return out


# ---- manifest ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileEntry:
    """One table file named by the manifest."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What the signature covers: who made the package, when, its sequence and every file's hash."""

    format: int
    sequence: int
    created: str
    author: str
    note: str
    key: str
    tables: tuple[str, ...]
    files: tuple[FileEntry, ...]
    allow_removal: tuple[str, ...] = ()  # tables staff allowed to lose many rows (build --allow-removal)

    def to_bytes(self) -> bytes:
        data = {"format": self.format, "sequence": self.sequence, "created": self.created,
                "author": self.author, "note": self.note, "key": self.key,
                "tables": list(self.tables),
                "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files]}
        if self.allow_removal:  # only then: kiosks from before the removal guard still read the rest
            data["allow_removal"] = list(self.allow_removal)
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


_KEYS = {"format", "sequence", "created", "author", "note", "key", "tables", "files"}
_OPTIONAL_KEYS = {"allow_removal"}
_HEX16 = re.compile(r"[0-9a-f]{16}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A kiosk refuses every package not above the highest it installed, so a typo like 2026112815300000
# would block all later packages: build and apply both refuse sequences above this (the default,
# YYYYMMDDHHMMSS, is ~2 x 10^13).
MAX_SEQUENCE = 10**14
FAR_FUTURE_DAYS = 366


def far_future_warning(sequence: int, now: datetime | None = None) -> tuple[str, str] | None:
    """(English, Chinese) when sequence lies beyond the default numbering a year from now, else None.

    Such a number is accepted, but once installed every later package needs a higher one.
    """
    from datetime import timedelta

    limit = int(((now or datetime.now(UTC)) + timedelta(days=FAR_FUTURE_DAYS)).strftime("%Y%m%d%H%M%S"))
    if sequence <= limit:
        return None
    return (f"sequence {sequence} is far above today's numbering ({limit // 10**6} is a year from "
            "now): once it is installed, every later package needs a higher number, and packages "
            "built with the default number are refused until then (see docs/packages.md, \"A wrong, "
            "too-high sequence\")",
            f"编号 {sequence} 远高于当前的按时间编号（一年后为 {limit // 10**6}）：安装后，之后的每个更新包"
            "都必须使用更大的编号，按默认编号生成的更新包将被拒绝（见 docs/packages.md）")


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice")
    return dict(pairs)


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed")


def parse_manifest(data: bytes, limits: Limits = LIMITS) -> Manifest:
    """Parse manifest.json strictly: known keys, exact types, bounded sizes, one path per table."""
    if len(data) > limits.manifest_bytes:
        raise PackageError("P_TOO_LARGE", "manifest.json")
    try:
        obj = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates,
                         parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackageError("P_FORMAT", f"manifest.json: {exc}"[:200]) from None
    if not isinstance(obj, dict):
        raise PackageError("P_FORMAT", "manifest.json is not an object")
    fmt = obj.get("format")
    if type(fmt) is int and fmt != FORMAT_VERSION:
        raise PackageError("P_FORMAT_VERSION", f"format {fmt}; this kiosk reads {FORMAT_VERSION}")
    if not _KEYS <= set(obj) <= _KEYS | _OPTIONAL_KEYS:
        odd = sorted((set(obj) - _OPTIONAL_KEYS) ^ _KEYS)
        raise PackageError("P_FORMAT", f"missing or unknown fields: {', '.join(odd)}"[:200])

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise PackageError("P_FORMAT", what)

    need(type(fmt) is int, "format must be a whole number")
    seq = obj["sequence"]
    need(type(seq) is int and 1 <= seq <= MAX_SEQUENCE,
         f"sequence must be a whole number from 1 to {MAX_SEQUENCE:,}")
    created = obj["created"]
    need(isinstance(created, str) and len(created) <= 40, "created must be a date-time")
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        when = None
    need(when is not None and when.tzinfo is not None, "created must be ISO-8601 with a time zone")
    for name, cap in (("author", 200), ("note", 2000)):
        value = obj[name]
        need(isinstance(value, str) and len(value) <= cap and not _CONTROL.search(value)
             and not HIDDEN_CHARS.search(value),
             f"{name} must be text of at most {cap} characters, without hidden characters")
    need(isinstance(obj["key"], str) and bool(_HEX16.fullmatch(obj["key"])),
         "key must be a 16-digit key fingerprint")
    tables = obj["tables"]
    need(isinstance(tables, list) and 1 <= len(tables) <= len(TABLES_BY_NAME)
         and all(isinstance(t, str) and t in TABLES_BY_NAME for t in tables)
         and len(set(tables)) == len(tables), "tables must list known table names once each")
    files = obj["files"]
    need(isinstance(files, list) and len(files) == len(tables), "files must list one file per table")
    entries = []
    for item in files:
        need(isinstance(item, dict) and set(item) == {"path", "size", "sha256"},
             "each file needs exactly path, size and sha256")
        size, digest = item["size"], item["sha256"]
        need(isinstance(item["path"], str), "file path must be text")
        need(type(size) is int and size >= 0, f"{item['path']}: size must be a whole number")
        if size > limits.file_bytes:
            raise PackageError("P_TOO_LARGE", f"{item['path']}: {size} bytes")
        need(isinstance(digest, str) and bool(_HEX64.fullmatch(digest)),
             f"{item['path']}: sha256 must be 64 lowercase hex digits")
        entries.append(FileEntry(item["path"], size, digest))
    need({e.path for e in entries} == {table_path(t) for t in tables},
         "files must be exactly tables/<table>.csv for each listed table")
    if sum(e.size for e in entries) > limits.total_bytes:
        raise PackageError("P_TOO_LARGE", "total size of the tables")
    allow = obj.get("allow_removal", [])
    need(isinstance(allow, list) and all(isinstance(t, str) and t in tables for t in allow)
         and len(set(allow)) == len(allow), "allow_removal must list tables of the package once each")
    return Manifest(fmt, seq, created, obj["author"], obj["note"], obj["key"], tuple(tables),
                    tuple(entries), tuple(allow))


def table_path(table: str) -> str:
    return f"{TABLE_DIR}{table}.csv"


# ---- reading ----------------------------------------------------------------------------------

@dataclass
class PackageInfo:
    """What staff see about a package before anything is applied."""

    path: Path
    size: int
    sha256: str
    manifest: Manifest
    signer: str
    signature_checked: bool

    @property
    def sequence(self) -> int:
        return self.manifest.sequence


@dataclass
class VerifiedPackage:
    """A package whose signature, sizes and hashes all held: its info and the table bytes read."""

    info: PackageInfo
    files: dict[str, bytes] = field(default_factory=dict)  # table name -> verified bytes


_SAFE_TABLE_FILE = re.compile(r"tables/[A-Za-z0-9_.-]{1,80}")


def check_entry_name(info: zipfile.ZipInfo) -> None:
    """Refuse links, traversal, absolute paths, drive letters, backslashes and foreign folders."""
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackageError("P_SYMLINK", info.filename[:100])
    name = info.filename
    parts = name.split("/")
    if (not name or "\\" in name or ":" in name or "\x00" in name or name.startswith("/")
            or any(p in ("..", ".") for p in parts)):
        raise PackageError("P_UNSAFE_PATH", name[:100])
    if name in (MANIFEST, SIGNATURE, TABLE_DIR):
        return
    if not _SAFE_TABLE_FILE.fullmatch(name):
        raise PackageError("P_UNSAFE_PATH" if "/" in name.rstrip("/") or name.endswith("/")
                           else "P_EXTRA_FILE", name[:100])


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """At most cap + 1 decompressed bytes of one entry, whatever its header claims."""
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while len(out) <= cap:
                chunk = fh.read(min(65536, cap + 1 - len(out)))
                if not chunk:
                    break
                out += chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise PackageError("P_DAMAGED", f"{info.filename[:100]}: {exc}"[:200]) from None
    return bytes(out)


def read_package(path: Path, trusted_keys: list[str] | None,
                 limits: Limits = LIMITS) -> VerifiedPackage:
    """Open and verify a package; trusted_keys=None only inspects (no signature check)."""
    try:
        data = _read_bounded(path, limits.package_bytes)
    except OSError as exc:
        raise PackageError("P_DISK", str(exc)[:200]) from None
    if not data:
        raise PackageError("P_EMPTY", path.name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise PackageError("P_NOT_A_PACKAGE", path.name) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.entries:
            raise PackageError("P_TOO_LARGE", f"{len(infos)} entries; at most {limits.entries}")
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            check_entry_name(info)
            if info.filename in names:
                raise PackageError("P_UNSAFE_PATH", f"{info.filename[:100]} appears twice")
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                                  zipfile.ZIP_DEFLATED):
                raise PackageError("P_FORMAT", f"{info.filename[:100]}: encrypted or unusual compression")
            names[info.filename] = info
        names.pop(TABLE_DIR, None)
        if MANIFEST not in names:
            raise PackageError("P_NOT_A_PACKAGE", "no manifest.json")
        if SIGNATURE not in names:
            raise PackageError("P_UNSIGNED", "no manifest.sig")
        if sum(i.file_size for i in names.values()) > limits.total_bytes:
            raise PackageError("P_TOO_LARGE", "declared sizes exceed the limit")
        manifest_bytes = _read_member(zf, names[MANIFEST], limits.manifest_bytes)
        if len(manifest_bytes) > limits.manifest_bytes:
            raise PackageError("P_TOO_LARGE", "manifest.json")
        signature = _read_member(zf, names[SIGNATURE], 64)
        signer, checked = "", False
        if trusted_keys is not None:
            signer, checked = verify_signature(manifest_bytes, signature, trusted_keys), True
        manifest = parse_manifest(manifest_bytes, limits)
        signer = signer or manifest.key
        declared = {f.path: f for f in manifest.files}
        present = set(names) - {MANIFEST, SIGNATURE}
        for missing in sorted(set(declared) - present):
            raise PackageError("P_MISSING_FILE", missing)
        for extra in sorted(present - set(declared)):
            raise PackageError("P_EXTRA_FILE", extra[:100])
        files, total = {}, len(manifest_bytes)
        for entry in manifest.files:
            body = _read_member(zf, names[entry.path], entry.size)
            total += len(body)
            if total > limits.total_bytes:
                raise PackageError("P_TOO_LARGE", "tables exceed the total size limit")
            if len(body) != entry.size:
                longer = "longer" if len(body) > entry.size else "shorter"
                raise PackageError("P_SIZE_MISMATCH", f"{entry.path} is {longer} than declared")
            if hashlib.sha256(body).hexdigest() != entry.sha256:
                raise PackageError("P_HASH_MISMATCH", entry.path)
            files[entry.path[len(TABLE_DIR):-4]] = body
    info = PackageInfo(path, len(data), hashlib.sha256(data).hexdigest(), manifest, signer, checked)
    return VerifiedPackage(info, files)


def _read_bounded(path: Path, cap: int) -> bytes:
    with open(path, "rb") as fh:  # read what is there: read(cap + 1) would reserve the whole cap
        data = fh.read(min(os.fstat(fh.fileno()).st_size, cap) + 1)
    if len(data) > cap:
        raise PackageError("P_TOO_LARGE", f"{path.name}: more than {cap // (1024 * 1024)} MB")
    return data


def verify_signature(manifest: bytes, signature: bytes, trusted_keys: list[str]) -> str:
    """The fingerprint of the trusted key that signed the manifest, else PackageError."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    trusted = trusted_key_map(trusted_keys)
    if len(signature) == 64:
        for fp, raw in trusted.items():
            try:
                Ed25519PublicKey.from_public_bytes(raw).verify(signature, manifest)
                return fp
            except InvalidSignature:
                continue
    claimed = _claimed_key(manifest)
    if not trusted:
        raise PackageError("P_UNKNOWN_KEY", "no usable trusted key is configured on this kiosk: "
                           "check trusted_keys in its settings.toml with main.py --check-config")
    if claimed in trusted:
        raise PackageError("P_BAD_SIGNATURE", f"key {claimed}")
    raise PackageError("P_UNKNOWN_KEY", f"key {claimed or 'unknown'}")


def _claimed_key(manifest: bytes) -> str:
    """The signer fingerprint a manifest claims, read leniently only to choose the message."""
    try:
        key = json.loads(manifest.decode("utf-8")).get("key", "")
    except (ValueError, AttributeError, RecursionError):
        return ""
    return key if isinstance(key, str) and _HEX16.fullmatch(key) else ""


# ---- tables -----------------------------------------------------------------------------------

def validate_table_bytes(name: str, data: bytes, filename: str) -> ValidatedTable:
    """Decode by the fixed rule and validate every row; decoding errors name their row."""
    table = TABLES_BY_NAME[name]
    try:
        text = decode_table_bytes(data)
    except DecodeError as exc:
        return ValidatedTable(table, [], [Problem(
            "E_ENCODING", filename, exc.line, None,
            f"not readable text ({exc}); save as CSV UTF-8",
            f"无法识别的文字编码（{exc}），请另存为“CSV UTF-8”")])
    try:
        header, rows = parse_csv_text(text, table)
    except TableFormatError as exc:
        return ValidatedTable(table, [], [Problem(*format_problem_args(exc, filename))])
    return validate_table_file(TableFile(table, header, rows, filename))


def validate_package_tables(
    pkg: VerifiedPackage, current: dict[str, list[Row]] | None,
) -> tuple[dict[str, ValidatedTable], list[Problem]]:
    """Validate the package's tables and the references of the combined content (package + current)."""
    tables, problems = {}, []
    for name, data in pkg.files.items():
        vt = validate_table_bytes(name, data, table_path(name))
        tables[name] = vt
        problems.extend(vt.problems)
    if problems:
        return tables, problems
    problems.extend(foreign_key_problems(tables, current))
    return tables, problems


def foreign_key_problems(tables: dict[str, ValidatedTable],
                         current: dict[str, list[Row]] | None) -> list[Problem]:
    """References checked over the result; without a current database, only inside the package."""
    combined = dict(tables)
    filenames = {name: table_path(name) for name in tables}
    if current is not None:
        for name, rows in current.items():
            if name not in combined:
                combined[name] = ValidatedTable(TABLES_BY_NAME[name], rows, [])
                filenames[name] = f"{name} (installed)"
        return check_foreign_keys(combined, filenames=filenames)
    inside = {(table_path(n), fk.column) for n, vt in tables.items()
              for fk in vt.table.foreign_keys if fk.table not in tables}
    return [p for p in check_foreign_keys(combined, filenames=filenames)
            if (p.file, p.column) not in inside]


def encode_table(vt: ValidatedTable) -> bytes:
    """The package form of a table: UTF-8 CSV with the full schema header, numbers in plain form."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    names = vt.table.column_names
    writer.writerow(names)
    for row in vt.rows:
        writer.writerow(["" if row.get(n) is None else repr(row[n]) if isinstance(row[n], float)
                         else str(row[n]) for n in names])
    return out.getvalue().encode("utf-8")


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
