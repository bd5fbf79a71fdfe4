"""PySide6's import hook is told ahead that no kiosk module uses __feature__, so it reads no source."""

from __future__ import annotations

import subprocess
import sys

from kiosk.config import ROOT

PROBE = """
import inspect, sys
import kiosk.ui  # answers PySide's hook for what it will be asked (kiosk/ui/feature_scan.py)
read = []
original = inspect.getsource
inspect.getsource = lambda obj: (read.append(getattr(obj, "__name__", "?")), original(obj))[1]
import kiosk.ui.main_window, kiosk.ui.application, kiosk.ui.screens.home, textwrap, datetime
print(" ".join(read))
"""


def test_the_start_path_imports_without_pyside_reading_their_source():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    assert [name for name in out if name.startswith("kiosk") or "." not in name] == []


def test_the_probe_sees_a_read_of_a_module_pyside_was_not_told_about(tmp_path):
    """The probe itself works: PySide6 still reads a module outside the kiosk and the stdlib."""
    (tmp_path / "elsewhere_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    probe = PROBE.replace("textwrap, datetime", "textwrap, datetime, sys; "
                          f"sys.path.insert(0, {str(tmp_path)!r}); import elsewhere_module")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    assert "elsewhere_module" in out
