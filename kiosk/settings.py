"""The kiosk's settings file (TOML): safe defaults, and clear messages for anything wrong in it."""

from __future__ import annotations

import base64
import binascii
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from kiosk.config import DEFAULT_LANGUAGE, JINSHAN_BOUNDS, LANGUAGES, default_data_dir


@dataclass
class Settings:
    """Everything a site can configure; every field has a safe default."""

    site_name_zh: str = "金山区市民信息亭"
    site_name_en: str = "Jinshan Citizen Kiosk"
    town: str = ""
    latitude: float | None = None
    longitude: float | None = None
    default_language: str = DEFAULT_LANGUAGE
    idle_timeout_s: int = 90
    idle_warning_s: int = 10
    tourism_desk: bool = False
    help_text_zh: str = "如需帮助，请到服务窗口咨询工作人员。"
    help_text_en: str = "For help, please ask the staff at the service counter."
    trusted_keys: list[str] = field(default_factory=list)
    admin_pin_hash: str = ""
    data_dir: str = ""
    # Many kiosks (docs/deploy.md "Many kiosks"): a synced package inbox and a report outbox.
    kiosk_id: str = ""  # names this kiosk's outbox exports; empty: the host name
    inbox_dir: str = ""
    inbox_apply: str = "staff"  # "staff": staff apply from the admin screen; "auto": unattended
    opening_hours: list[str] = field(default_factory=list)  # "08:30-17:00": auto never applies then
    outbox_dir: str = ""
    outbox_interval_min: int = 60
    outbox_keep: int = 10

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else default_data_dir()

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class SettingsProblem(str):
    """One thing wrong in the settings file: its text, plus the line and setting it is about."""

    line: int
    key: str

    def __new__(cls, text: str, line: int = 0, key: str = "") -> SettingsProblem:
        obj = super().__new__(cls, text)
        obj.line, obj.key = line, key
        return obj


@dataclass
class SettingsReport:
    """The settings in force and what was wrong with the file (empty when it was fine)."""

    settings: Settings
    problems: list[str]
    path: Path | None
    unreadable: bool = False  # the file exists but could not be read at all: every setting is a default

    def where(self, problem: str) -> str:
        """"<file>, line N: problem" (the line when known), as every refusal caused by settings says."""
        line, prefix = getattr(problem, "line", 0), f"{self.path}: "
        text = problem[len(prefix):] if problem.startswith(prefix) else problem  # whole-file problems
        return f"{self.path}, line {line}: {text}" if line else f"{self.path}: {text}"

    def problems_about(self, key: str) -> list[str]:
        """The problems with one setting, or with the whole file (which affect every setting)."""
        return [p for p in self.problems if self.unreadable or getattr(p, "key", "") == key]


_TYPES = {f.name: f.type for f in fields(Settings)}


def _check(name: str, value: object) -> str | None:
    """A message when value does not fit the field, else None."""
    kind = _TYPES[name]
    if kind == "str" and not isinstance(value, str):
        return f"{name}: expected text, got {type(value).__name__}"
    if kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
        return f"{name}: expected a whole number, got {type(value).__name__}"
    if kind == "bool" and not isinstance(value, bool):
        return f"{name}: expected true or false, got {type(value).__name__}"
    if kind == "float | None" and (not isinstance(value, (int, float)) or isinstance(value, bool)):
        return f"{name}: expected a number, got {type(value).__name__}"
    if kind == "list[str]" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return f"{name}: expected a list of texts"
    if name == "default_language" and value not in LANGUAGES:
        return f"default_language: must be one of {', '.join(LANGUAGES)}"
    if name == "idle_timeout_s" and isinstance(value, int) and not 15 <= value <= 3600:
        return "idle_timeout_s: must be between 15 and 3600 seconds"
    if name in _FLEET_RULES:
        return _FLEET_RULES[name](value)
    if name == "latitude" and isinstance(value, (int, float)):
        lo, hi = JINSHAN_BOUNDS["lat"]
        if not lo <= value <= hi:
            return "latitude: must lie inside Jinshan"
    if name == "longitude" and isinstance(value, (int, float)):
        lo, hi = JINSHAN_BOUNDS["lon"]
        if not lo <= value <= hi:
            return "longitude: must lie inside Jinshan"
    return None


def _hours_problem(value: list) -> str | None:
    from kiosk.data.fleet_policy import parse_opening_hours

    try:
        parse_opening_hours(value)
    except ValueError as exc:
        return f"opening_hours: {exc}"
    return None


_FLEET_RULES = {
    "kiosk_id": lambda v: None if re.fullmatch(r"[A-Za-z0-9_-]{0,40}", v) else
    "kiosk_id: at most 40 letters, digits, - or _",
    "inbox_apply": lambda v: None if v in ("staff", "auto") else 'inbox_apply: must be "staff" or "auto"',
    "opening_hours": _hours_problem,
    "outbox_interval_min": lambda v: None if 5 <= v <= 7 * 24 * 60 else
    "outbox_interval_min: must be between 5 and 10080 minutes",
    "outbox_keep": lambda v: None if 1 <= v <= 1000 else "outbox_keep: must be between 1 and 1000",
}


def settings_path() -> Path:
    env = os.environ.get("KIOSK_SETTINGS")
    return Path(env) if env else default_data_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> SettingsReport:
    """Read the file; unknown keys and wrong values are reported and replaced by defaults."""
    path = path or settings_path()
    settings, problems = Settings(), []
    if not path.exists():
        return SettingsReport(settings, [SettingsProblem(f"{path}: not found, using defaults")], path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows Notepad saves with a BOM
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        return SettingsReport(settings, [SettingsProblem(
            f"{path}: cannot be read ({exc}), using defaults", int(line.group(1)) if line else 0)],
            path, unreadable=True)
    except UnicodeDecodeError as exc:  # e.g. saved as "ANSI" (GBK) with Chinese text in it
        return SettingsReport(settings, [SettingsProblem(
            f"{path}: cannot be read (not UTF-8 text; save it as UTF-8), using defaults",
            exc.object[:exc.start].count(b"\n") + 1)], path, unreadable=True)
    except OSError as exc:
        return SettingsReport(settings, [SettingsProblem(
            f"{path}: cannot be opened ({exc}), using defaults")], path, unreadable=True)
    lines = text.splitlines()
    for key, value in data.get("kiosk", data).items():
        line = _line_of(lines, key)
        if key not in _TYPES:
            problems.append(SettingsProblem(f"{key}: unknown setting (ignored)", line, key))
            continue
        message = _check(key, value)
        if message:
            problems.append(SettingsProblem(message + " (default used)", line, key))
            continue
        setattr(settings, key, float(value) if _TYPES[key] == "float | None" else value)
    if settings.outbox_dir and Path(settings.outbox_dir) == Path(settings.inbox_dir or "/nonexistent"):
        problems.append(SettingsProblem("outbox_dir: must not be the inbox folder (outbox off)",
                                        _line_of(lines, "outbox_dir"), "outbox_dir"))
        settings.outbox_dir = ""
    if (settings.latitude is None) != (settings.longitude is None):
        problems.append(SettingsProblem("latitude and longitude must be given together (location "
                                        "ignored)", _line_of(lines, "latitude") or
                                        _line_of(lines, "longitude"), "latitude"))
        settings.latitude = settings.longitude = None
    usable = []
    for number, key_text in enumerate(settings.trusted_keys, 1):
        message = trusted_key_problem(key_text)
        if message:
            line = next((i for i, ln in enumerate(lines, 1) if key_text and key_text in ln), 0)
            problems.append(SettingsProblem(f"trusted_keys: entry {number} ({key_text[:12]!r}…) is not "
                                            f"a usable public key: {message} (ignored)",
                                            line or _line_of(lines, "trusted_keys"), "trusted_keys"))
        else:
            usable.append(key_text)
    settings.trusted_keys = usable
    return SettingsReport(settings, problems, path)


def _line_of(lines: list[str], key: str) -> int:
    """The line number where a setting is assigned (0 when not found)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((i for i, line in enumerate(lines, 1) if pattern.match(line)), 0)


def trusted_key_problem(text: str) -> str | None:
    """Why text is not a public key as keygen prints it (base64 of 32 raw bytes), else None.

    The same rule as kiosk.data.packages.parse_public_key, kept here so reading settings stays light.
    """
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return "not base64 text (copy the whole line keygen printed)"
    if len(raw) != 32:
        return f"{len(raw)} bytes instead of 32 (cut short when copied?)"
    return None


# ---- the staff PIN: only a salted, slow hash is ever stored (admin_pin_hash) ---------------------
PIN_SCHEME = "pbkdf2_sha256"
PIN_ITERATIONS = 200_000


def hash_pin(pin: str, iterations: int = PIN_ITERATIONS, salt: bytes | None = None) -> str:
    """"pbkdf2_sha256$iterations$salt_b64$hash_b64" for the settings file (random 16-byte salt)."""
    import base64
    import hashlib
    import secrets

    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    b64 = base64.b64encode
    return f"{PIN_SCHEME}${iterations}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when pin matches a hash made by hash_pin (constant-time compare); False if malformed."""
    import base64
    import binascii
    import hashlib
    import hmac

    try:
        scheme, iterations, salt_b64, hash_b64 = stored.strip().split("$")
        rounds = int(iterations)
        salt, expected = base64.b64decode(salt_b64, validate=True), base64.b64decode(hash_b64, validate=True)
    except (ValueError, binascii.Error):
        return False
    if scheme != PIN_SCHEME or not 1_000 <= rounds <= 10_000_000 or not salt or not expected:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, rounds)
    return hmac.compare_digest(digest, expected)
