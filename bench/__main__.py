"""`make bench`: run every benchmark and write bench/REPORT.md and bench/results.json.

python -m bench [--quick] [--out DIR]   (--quick: tiny settings, for the test that keeps this working)
Each part runs in its own process so memory and import state never leak between them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench import startup

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_DIR = ROOT / "dist" / "jinshan-kiosk"

FULL = {"start_runs": 10, "start_warmup": 1, "navs": 1000, "day": 10_000, "warmup": 1000,
        "search_items": 200, "rows": 10_000}
PARTS = ("startup", "ui", "package_apply", "bundle")
QUICK = {"start_runs": 2, "start_warmup": 0, "navs": 30, "day": 120, "warmup": 40,
         "search_items": 2, "rows": 300}


def run_json(module: str, *args: str) -> dict:
    """Run `python -m module args` from the repository root and parse the JSON it prints."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"{module} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh
                        if line.startswith("model name")), "")
    except OSError:
        pass
    info = subprocess.run([sys.executable, "-c", "import PySide6, PySide6.QtCore as c; "
                           "print(PySide6.__version__, c.qVersion())"],
                          capture_output=True, text=True).stdout.split()
    return {"nproc": os.cpu_count(), "cpu": cpu or platform.processor(), "python": platform.python_version(),
            "pyside6": info[0] if info else "?", "qt": info[1] if len(info) > 1 else "?",
            "platform": platform.platform(), "qpa": "offscreen",
            "loadavg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None}


def bundle_size() -> dict:
    """Bytes on disk (allocated blocks) of dist/jinshan-kiosk, and its largest parts."""
    if not BUNDLE_DIR.is_dir():
        return {"built": False}
    total, parts = 0, {}
    internal = BUNDLE_DIR / "_internal"
    for path in BUNDLE_DIR.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_blocks * 512
            total += size
            rel = path.relative_to(internal if internal in path.parents else BUNDLE_DIR)
            top = rel.parts[0] if len(rel.parts) > 1 else rel.name
            if len(rel.parts) > 2 and rel.parts[0] == "PySide6":
                top = "/".join(rel.parts[:2]) if rel.parts[1] in ("Qt", "lib") else "PySide6/*"
                if rel.parts[1] == "Qt" and len(rel.parts) > 3:
                    top = "/".join(rel.parts[:3])
            parts[top] = parts.get(top, 0) + size
    largest = sorted(parts.items(), key=lambda kv: -kv[1])[:10]
    return {"built": True, "bytes": total, "mb": round(total / 1e6, 1),
            "largest_mb": {k: round(v / 1e6, 1) for k, v in largest}}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Run every kiosk benchmark and write the report.")
    p.add_argument("--quick", action="store_true", help="tiny settings (seconds, not minutes)")
    p.add_argument("--out", type=Path, default=ROOT / "bench", help="where REPORT.md/results.json go")
    p.add_argument("--only", action="append", choices=PARTS,
                   help="run only this part (repeatable); the others are kept from results.json")
    p.add_argument("--search-items", type=int, help="fewer search items than the setting (busy machine)")
    args = p.parse_args(argv)
    s = dict(QUICK if args.quick else FULL)
    if args.search_items:
        s["search_items"] = args.search_items
    started = time.perf_counter()
    results: dict = {"settings": s, "quick": args.quick, "machine": machine(),
                     "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    previous = args.out / "results.json"
    if args.only and previous.exists():  # keep the parts not run now, and say when each ran
        old = json.loads(previous.read_text())
        for name in PARTS:
            if name not in args.only and name in old:
                results[name] = old[name]
                results.setdefault("part_dates", {})[name] = old.get("part_dates", {}).get(
                    name, old.get("date", "?"))

    def part(name, func):
        if args.only and name not in args.only:
            return
        results.setdefault("part_dates", {})[name] = results["date"]
        t0 = time.perf_counter()
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        results[name] = func()
        results.setdefault("seconds", {})[name] = round(time.perf_counter() - t0, 1)

    part("startup", lambda: startup.run(s["start_runs"], s["start_warmup"]))
    part("ui", lambda: run_json("bench.ui", "--navs", str(s["navs"]), "--day", str(s["day"]),
                                "--warmup", str(s["warmup"]), "--search-items", str(s["search_items"])))
    part("package_apply", lambda: run_json("bench.package_apply", "--rows", str(s["rows"])))
    part("bundle", bundle_size)
    results.setdefault("seconds", {})["total"] = round(time.perf_counter() - started, 1)

    from bench.report import render, verdicts

    results["goals"] = verdicts(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (args.out / "REPORT.md").write_text(render(results), encoding="utf-8")
    print(f"bench: wrote {args.out / 'REPORT.md'} and results.json in {results['seconds']['total']} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
