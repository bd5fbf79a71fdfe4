"""The shown screen and where its buttons are, for tests driving the real process (the file that
kiosk.config.STATE_FILE_ENV names)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QAbstractButton, QWidget


class StateFile(QObject):
    """Rewrites one JSON file shortly after every screen change, resize or move of the window."""

    def __init__(self, window, path: Path):
        super().__init__(window)
        self.window = window
        self.path = Path(path)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.write)
        window.screen_shown.connect(lambda *_: self.timer.start())
        window.ctx.hub.elder_mode_changed.connect(lambda *_: self.timer.start())
        window.ctx.hub.language_changed.connect(lambda *_: self.timer.start())
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self.timer.start()
        return False

    def snapshot(self) -> dict:
        window = self.window
        buttons = []
        for button in window.findChildren(QWidget):
            if not button.isVisible() or not hasattr(type(button), "clicked"):  # buttons and cards
                continue
            top_left = button.mapToGlobal(QPoint(0, 0))
            text = button.text() if isinstance(button, QAbstractButton) else ""
            buttons.append({"id": getattr(button, "tile_id", "") or button.objectName(),
                            "kind": type(button).__name__, "text": text or button.accessibleName(),
                            "checked": isinstance(button, QAbstractButton) and button.isChecked(),
                            "rect": [top_left.x(), top_left.y(), button.width(), button.height()]})
        frame = window.frameGeometry()
        return {"pid": os.getpid(), "screen": window.current_id, "depth": len(window.history),
                "elder": window.ctx.state.elder_mode, "language": window.ctx.state.language,
                "window": [frame.x(), frame.y(), frame.width(), frame.height()],
                "buttons": buttons}

    def write(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.snapshot(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)
