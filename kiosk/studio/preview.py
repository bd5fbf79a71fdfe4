"""The kiosk's own main window on a temporary content generation, clearly marked as a preview."""

from __future__ import annotations

from pathlib import Path

from kiosk.data.content import Content
from kiosk.i18n import set_language
from kiosk.settings import Settings
from kiosk.ui.context import AppContext, ViewState
from kiosk.ui.hub import Hub
from kiosk.ui.main_window import MainWindow


class PreviewWindow(MainWindow):
    """Exactly what residents would see after the package, in a normal window staff can close."""

    def __init__(self, content: Content, settings: Settings, lang: str):
        set_language(lang)  # the kiosk's screens translate with the global language
        super().__init__(AppContext(Hub(), content, settings, ViewState(lang)))
        self.content = content
        self.setWindowTitle("预览 PREVIEW — 未安装 not installed — Jinshan Citizen Kiosk")

    def close_preview(self) -> None:
        self.close()
        self.content.close()
        self.deleteLater()


def open_preview_window(db: Path, lang: str, settings: Settings | None = None) -> PreviewWindow:
    window = PreviewWindow(Content(db), settings or Settings(), lang)
    window.resize(1920, 1080)
    window.show()
    return window
