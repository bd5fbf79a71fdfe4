"""The bundle's bootstrap puts PyInstaller's ctypes hooks on at the first `import ctypes` (issue 14)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.bundle import lazy_ctypes

PYINSTALLER_BOOTSTRAP = "pyiboot01_bootstrap.py"

# Runs the rewritten bootstrap's lines in a fresh interpreter, with a stand-in for PyInstaller's
# pyimod03_ctypes that marks ctypes.CDLL the way the real one replaces it.
PROBE = '''
import sys
sys.path.insert(0, {folder!r})
def _pyi_bootstrap():
    import sys
{lazy}
_pyi_bootstrap()
assert "ctypes" not in sys.modules, "ctypes imported by the bootstrap"
import ctypes.util
import ctypes
print(ctypes.CDLL.__name__, ctypes.CDLL("libc.so.6").malloc_trim(0) in (0, 1),
      [f for f in sys.meta_path if "Ctypes" in getattr(f, "__name__", "")])
'''

STAND_IN = '''
def install():
    import ctypes
    class PyInstallerCDLL(ctypes.CDLL):
        pass
    ctypes.CDLL = PyInstallerCDLL
'''


def installed_bootstrap() -> Path:
    import PyInstaller

    return Path(PyInstaller.__file__).parent / "loader" / PYINSTALLER_BOOTSTRAP


def test_the_pinned_pyinstallers_bootstrap_is_rewritten(tmp_path):
    """The pinned PyInstaller's bootstrap reads as expected (else the bundle quietly keeps the eager
    hooks): the eager lines are gone, the lazy finder is in, the rest is PyInstaller's text."""
    pytest.importorskip("PyInstaller")
    original = installed_bootstrap().read_text(encoding="utf-8")
    written = lazy_ctypes.bootstrap_script(installed_bootstrap(), tmp_path).read_text(encoding="utf-8")
    assert lazy_ctypes.EAGER not in written and lazy_ctypes.LAZY in written
    assert written.replace(lazy_ctypes.LAZY, lazy_ctypes.EAGER) == original
    compile(written, PYINSTALLER_BOOTSTRAP, "exec")


def test_an_unexpected_bootstrap_is_refused():
    with pytest.raises(ValueError):
        lazy_ctypes.rewrite("def _pyi_bootstrap():\n    import sys\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="loads libc.so.6")
def test_the_hooks_go_on_when_ctypes_is_first_imported(tmp_path):
    (tmp_path / "pyimod03_ctypes.py").write_text(STAND_IN, encoding="utf-8")
    probe = PROBE.format(folder=str(tmp_path), lazy=lazy_ctypes.LAZY)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # hooked, working, and the finder gone from sys.meta_path once it has done its one job
    assert result.stdout.split() == ["PyInstallerCDLL", "True", "[]"]
