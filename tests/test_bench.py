"""The benchmark script runs end to end on tiny settings (it is not a test of speed: no times asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_quick_writes_report_and_results(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    for part in ("startup", "ui", "package_apply", "bundle", "goals", "machine"):
        assert part in results
    assert results["ui"]["navigation"]["navigations"] > 0
    # measured as on a kiosk: its window active through the warm-up and every page change (a widget
    # shown before it had a parent once took the activation away)
    assert results["ui"]["navigation"]["kiosk_window_active"] is True
    assert results["ui"]["search"]["keystrokes"] > 0
    assert results["ui"]["day"]["checkpoints"]
    report = (tmp_path / "REPORT.md").read_text()
    assert "| measure | result | goal | met? |" in report
    assert all(row["measure"] in report for row in results["goals"])
