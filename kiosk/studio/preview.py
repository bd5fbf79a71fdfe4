"""The kiosk's own main window on a temporary content generation, clearly marked as a preview."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import QLabel

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
        banner = QLabel("预览：工作簿内容的临时副本，尚未签名或安装  ·  PREVIEW: a temporary copy of the "
                        "workbook's content, not signed or installed")
        banner.setStyleSheet("background: #ffd166; color: #1a1a1a; padding: 6px 16px; font-size: 18px;")
        self.statusBar().addWidget(banner, 1)
        self.statusBar().setSizeGripEnabled(False)

    def close_preview(self) -> None:
        self.close()
        self.content.close()
        self.deleteLater()


def open_preview_window(db: Path, lang: str, settings: Settings | None = None) -> PreviewWindow:
    # the staff gesture stays off: the admin screen would act on this PC, not on a kiosk
    settings = dataclasses.replace(settings or Settings(), admin_pin_hash="", trusted_keys=[])
    window = PreviewWindow(Content(db), settings, lang)
    window.resize(1920, 1080)
    window.show()
    return window
