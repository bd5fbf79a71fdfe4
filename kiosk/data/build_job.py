"""Build a content database in a child process, so an apply never holds the kiosk's GIL for long.

On the worker thread, the apply's database build (content hash, tables, search index with pypinyin)
competed with the UI thread for the GIL: frames stalled by up to ~250 ms. Now the rows go to a child
process as a stream of small pickles (each dump holds the GIL only briefly), the child builds the
file, and the worker thread just waits for it. Run as `python -m kiosk.data.build_job ROWS OUT` (or
`jinshan-kiosk --build-job ROWS OUT` in the bundle); it prints the build report as JSON.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

CHUNK_ROWS = 500  # rows per pickle: a short hold of the GIL each
TIMEOUT_S = 900


def job_command(rows_file: Path, out_path: Path) -> list[str]:
    if getattr(sys, "frozen", False):  # the bundle's own executable runs the job (kiosk.app)
        return [sys.executable, "--build-job", str(rows_file), str(out_path)]
    return [sys.executable, "-m", "kiosk.data.build_job", str(rows_file), str(out_path)]


def write_database_isolated(rows_by_table: Mapping[str, list], out_path: Path):
    """kiosk.data.build.write_database, run in a child process; the same result and errors."""
    from kiosk.data.build import BuildReport

    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=out_path.name + ".", suffix=".rows", dir=out_path.parent)
    rows_file = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            for table, rows in rows_by_table.items():
                rows = list(rows)
                fh.write(pickle.dumps((table, []), protocol=pickle.HIGHEST_PROTOCOL))
                for start in range(0, len(rows), CHUNK_ROWS):
                    fh.write(pickle.dumps((table, rows[start:start + CHUNK_ROWS]),
                                          protocol=pickle.HIGHEST_PROTOCOL))
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        proc = subprocess.run(job_command(rows_file, out_path), capture_output=True, text=True,
                              env=env, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
    finally:
        rows_file.unlink(missing_ok=True)
    lines = proc.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        result = {}
    if proc.returncode != 0 or "error" in result or "counts" not in result:
        message = result.get("message") or (proc.stderr.strip().splitlines() or ["no output"])[-1]
        if result.get("error") == "disk":
            raise OSError(errno.ENOSPC, message)  # disk_full() reads the errno: P_DISK, with sizes
        raise RuntimeError(f"database build failed: {message}"[:300])
    return BuildReport(out_path, result["counts"], result["content_hash"])


def read_rows(rows_file: Path) -> dict[str, list]:
    tables: dict[str, list] = {}
    with open(rows_file, "rb") as fh:
        while True:
            try:
                table, rows = pickle.load(fh)
            except EOFError:
                return tables
            tables.setdefault(table, []).extend(rows)


def main(argv: list[str]) -> int:
    """The child: build OUT from the rows in ROWS; one JSON line on stdout either way."""
    from kiosk.data.build import write_database_here

    rows_file, out_path = Path(argv[0]), Path(argv[1])
    try:
        report = write_database_here(read_rows(rows_file), out_path)
    except (OSError, sqlite3.Error) as exc:
        print(json.dumps({"error": "disk", "message": str(exc)[:200]}))
        return 1
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which refuses the package
        print(json.dumps({"error": "integrity", "message": f"{type(exc).__name__}: {exc}"[:200]}))
        return 1
    print(json.dumps({"counts": report.counts, "content_hash": report.content_hash}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
