"""Driving the staff command line as staff do: `python -m kiosk.admin ...` in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.data.diff import read_database_rows
from kiosk.data.packages import generate_key_pair
from kiosk.data.store import choose_database

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Office:
    """A staff member's folders: keys, an exports folder, a stick, a kiosk data folder and settings."""

    root: Path
    factory: Path
    public: str

    @property
    def key(self) -> Path:
        return self.root / "keys" / "office.key"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def stick(self) -> Path:
        return self.root / "stick"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def settings(self) -> Path:
        return self.root / "settings.toml"

    def export(self, name: str, text: str | bytes | None = None) -> Path:
        """Put a table file in the exports folder: given text/bytes, else the project's own file."""
        path = self.exports / f"{name}.csv"
        if text is None:
            shutil.copy(ROOT / "db" / f"{name}.csv", path)
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def admin(self, *argv, stdin: str | None = None, env: dict | None = None,
              kiosk: bool = True, preexec=None) -> subprocess.CompletedProcess:
        """Run one staff command; kiosk=True adds the kiosk's data folder and factory content."""
        args = [str(a) for a in argv]
        if kiosk:
            args += ["--settings", str(self.settings), "--data-dir", str(self.data),
                     "--factory-db", str(self.factory)]
        return run_module(["-m", "kiosk.admin", *args], stdin=stdin, env=env, preexec=preexec)

    def build(self, *extra, sequence: int | None = None, against: bool = True):
        args = ["build", self.exports, "--key", self.key, "--out", self.stick]
        if sequence is not None:
            args += ["--sequence", sequence]
        if against:
            args += ["--against", self.active_db()]
        return self.admin(*args, *extra, kiosk=False)

    def apply(self, package: Path, *extra):
        return self.admin("apply", package, "--yes", *extra)

    def active_db(self) -> Path:
        """The database the kiosk shows (an intact earlier one when the installed one is damaged)."""
        return choose_database(self.data, self.factory).database

    def active_rows(self) -> dict:
        """Every row of the content the kiosk shows now (to prove a refusal changed nothing)."""
        return read_database_rows(self.active_db())


def check_config(path) -> subprocess.CompletedProcess:
    """main.py --check-config on a settings file, as a technician runs it."""
    return run_module(["main.py", "--check-config", str(path)])


def run_module(argv: list[str], stdin: str | None = None, env: dict | None = None,
               timeout: float = 120, preexec=None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", input=stdin, env=full_env, timeout=timeout,
                          stdin=None if stdin is not None else subprocess.DEVNULL,
                          preexec_fn=preexec)


def make_office(root: Path, factory: Path) -> Office:
    """Keys made in-process (keygen itself is tested elsewhere), settings trusting the public key."""
    pem, public = generate_key_pair()
    (root / "keys").mkdir(parents=True)
    (root / "keys" / "office.key").write_bytes(pem)
    (root / "exports").mkdir()
    (root / "data").mkdir()
    office = Office(root, factory, public)
    office.settings.write_text(f'trusted_keys = ["{public}"]\ndata_dir = "{root / "data"}"\n',
                               encoding="utf-8")
    return office
