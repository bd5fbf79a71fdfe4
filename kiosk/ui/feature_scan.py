"""Spare the start PySide6's source scan of every module imported after it (~7 ms of ~150 ms).

PySide6 hooks `import`: for each module imported after PySide6 it reads the module's whole source
(inspect.getsource) to see whether it mentions PySide6, the first step of its optional `from
__feature__ import snake_case` switch. The kiosk never uses that switch, yet the scan of ~90 modules
on the way to the first frame (stdlib ones too: inspect, datetime, locale) cost ~7 ms. The answer is
known in advance, so the kiosk writes it where the hook looks first and the hook skips the read.
"""

from __future__ import annotations

import os
import sys

import PySide6.QtCore  # noqa: F401 - loads the hook whose answers are given here

NO_PYSIDE = -1  # the hook's answer for a module whose source does not mention PySide6
DEFAULT_FEATURES = 0  # its answer for one that does: no __feature__ switch, the kiosk's case


def kiosk_module_names() -> list[str]:
    """The kiosk's own modules, from its package folder (source files, or the bundle's .pyc files)."""
    import kiosk

    names = []
    for folder in kiosk.__path__:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(("__", "."))]
            inner = os.path.relpath(root, folder)
            package = "kiosk" if inner == "." else "kiosk." + inner.replace(os.sep, ".")
            for file in files:
                stem, ext = os.path.splitext(file)
                if ext in (".py", ".pyc"):
                    names.append(package if stem == "__init__" else f"{package}.{stem}")
    return names


def answer_feature_scan() -> int:
    """Give PySide6's import hook its answer ahead for the stdlib, the modules loaded so far and the
    kiosk's own; return how many answers were added (0 if this PySide6 keeps them elsewhere: it
    then scans as before, only slower)."""
    feature = sys.modules.get("PySide6.support.feature")
    answers = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(answers, dict):
        return 0
    before = len(answers)
    for name in kiosk_module_names():
        answers.setdefault(name, DEFAULT_FEATURES)
    for name in (*sys.stdlib_module_names, *list(sys.modules)):
        if not name.startswith(("PySide6", "shiboken6")):
            answers.setdefault(name, NO_PYSIDE)
    return len(answers) - before
