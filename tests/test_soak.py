"""The pinned PySide6 survives a long day of ordinary calls (6.12.0 aborts after ~5,000)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SOAK = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    class Emitter(QObject):
        fired = Signal(str, object)
    received = []
    emitter = Emitter()
    emitter.fired.connect(lambda s, o: received.append(1))
    label = QLabel()
    for i in range(50_000):
        label.setText(f"第 {i} 次 call")
        emitter.fired.emit("navigate", None)
        if i % 5_000 == 0:
            app.processEvents()
    assert label.text() == "第 49999 次 call" and len(received) == 50_000
    import PySide6
    print("soak ok", PySide6.__version__)
""")


def test_fifty_thousand_set_text_and_emits_in_a_subprocess():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", SOAK], env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "soak ok 6.11.3" in result.stdout
