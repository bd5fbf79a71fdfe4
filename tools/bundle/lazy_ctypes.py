"""PyInstaller's bootstrap with its ctypes hooks put on when ctypes is first imported (build.spec).

Issue 14 (start-up): PyInstaller's bootstrap script (pyiboot01_bootstrap) imports ctypes at every
start to replace ctypes.CDLL and friends by classes that look for a library in the bundle first
(pyimod03_ctypes). That import (ctypes, _ctypes, libffi) is ~2 ms before the bundle's first frame,
and the kiosk itself loads ctypes only later (the memory trim, the X11 library check). This writes a
copy of PyInstaller's own bootstrap in which a finder at the front of sys.meta_path waits for the
first `import ctypes` and puts the same hooks on right after ctypes has run: what ctypes does in the
bundle stays the same, only when it is loaded moves. When PyInstaller's bootstrap does not read as
expected, the build keeps the original and says why.
"""

from __future__ import annotations

from pathlib import Path

EAGER = "    import pyimod03_ctypes  # noqa: E402\n    pyimod03_ctypes.install()\n"

# Indented for the body of PyInstaller's _pyi_bootstrap(); `sys` is imported there.
LAZY = '''    class _CtypesHooksOnImport:
        """At the first import of ctypes, PyInstaller's ctypes hooks (tools/bundle/lazy_ctypes.py)."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            if name != "ctypes":
                return None
            sys.meta_path.remove(_CtypesHooksOnImport)
            for finder in sys.meta_path:
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
            else:
                return None
            spec.loader = _HookingLoader(spec.loader)
            return spec

    class _HookingLoader:
        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            self.loader.exec_module(module)
            import pyimod03_ctypes
            pyimod03_ctypes.install()

        def __getattr__(self, name):
            return getattr(self.loader, name)

    sys.meta_path.insert(0, _CtypesHooksOnImport)
'''


def rewrite(source: str) -> str:
    """PyInstaller's bootstrap text with the eager ctypes hooks replaced; ValueError if not found."""
    if source.count(EAGER) != 1:
        raise ValueError("its ctypes hook lines are not the expected two")
    return source.replace(EAGER, LAZY)


def bootstrap_script(original: Path, out_dir: Path) -> Path:
    """Write the rewritten bootstrap into out_dir (the build's work folder) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / original.name
    target.write_text(rewrite(original.read_text(encoding="utf-8")), encoding="utf-8")
    return target
