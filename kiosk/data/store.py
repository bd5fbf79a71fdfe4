"""Which content database the kiosk reads: the installed generation, else the factory build."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import FACTORY_DB

POINTER = "current.json"


def content_dir(data_dir: Path) -> Path:
    return data_dir / "content"


def current_database(data_dir: Path, factory: Path = FACTORY_DB) -> Path:
    """The database the kiosk shows: choose_database's answer (one rule for start-up, admin and studio)."""
    return choose_database(data_dir, factory).database


@dataclass
class ContentChoice:
    """The database the kiosk shows, and (when the installed content is damaged) what was wrong."""

    database: Path
    problems: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese)
    fallback: tuple[str, str] | None = None  # what the kiosk shows instead, when it fell back

    @property
    def damaged(self) -> bool:
        return bool(self.problems)


def database_problem(db: Path, deep: bool = False) -> str | None:
    """Why db cannot be shown (missing, not SQLite, no meta table, or failing quick_check), else None."""
    if not db.is_file():
        return "the file is missing"
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            conn.execute("SELECT key, value FROM meta LIMIT 1").fetchall()
            if deep:
                verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
                if verdict != "ok":
                    return f"integrity check: {verdict}"[:200]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)[:200]
    return None


def choose_database(data_dir: Path, factory: Path = FACTORY_DB, deep: bool = False) -> ContentChoice:
    """The installed generation when it is readable; else an intact kept one, else the factory content.

    deep=True runs SQLite's quick_check (staff status); start-up only opens it and reads meta.
    """
    folder = content_dir(data_dir)
    pointer = folder / POINTER
    if not pointer.exists():
        return ContentChoice(factory)
    name = f"content/{POINTER}"
    try:
        info = json.loads(pointer.read_text(encoding="utf-8"))
        database = str(info["database"])
        path = folder / database
        if path.parent != folder or not database:
            raise ValueError(f"names {database!r}, not a file in content/")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        why = f"{type(exc).__name__}: {exc}"[:160]
        return _fall_back(factory, [(f"{name} is damaged ({why})", f"{name} 已损坏（{why}）")], [], folder)
    problem = database_problem(path, deep)
    if problem is None:
        return ContentChoice(path)
    kept = [item for item in info.get("kept", []) if isinstance(item, dict)] \
        if isinstance(info.get("kept"), list) else []
    return _fall_back(factory, [(f"content/{database} (the installed content) cannot be used: {problem}",
                                 f"已安装的内容 content/{database} 无法使用：{problem}")],
                      [k for k in kept if k.get("database") != database], folder, deep)


def _fall_back(factory: Path, problems: list[tuple[str, str]], kept: list[dict], folder: Path,
               deep: bool = False) -> ContentChoice:
    """The newest intact kept generation, else the factory content, with what it is."""
    for item in reversed(kept):
        path = folder / str(item.get("database", ""))
        if path.parent == folder and database_problem(path, deep) is None:
            seq = item.get("sequence", "?")
            return ContentChoice(path, problems, (f"the earlier package {seq} ({path.name})",
                                                  f"较早的第 {seq} 号更新包（{path.name}）"))
    return ContentChoice(factory, problems, ("the factory content", "出厂内容"))
