"""A built-in on-screen keyboard (A-Z, 0-9, space, delete, clear) with large touch keys."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from kiosk.i18n import tr
from kiosk.ui import resources
from kiosk.ui.widgets.kept_button import KeptButton

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
ELDER_KEY, NORMAL_KEY = 64, 48  # minimum key height in px (elder mode >= 60, otherwise >= 44)
MAX_KEY = 90  # keys grow into spare height (landscape) up to this
SPACING = 6


class OnScreenKeyboard(QWidget):
    """QWERTY keys as on a phone's pinyin keyboard; emits what was typed, never takes focus."""

    typed = Signal(str)
    backspace = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Keyboard")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(SPACING)
        self.setMaximumHeight(len(ROWS) * (MAX_KEY + SPACING) + MAX_KEY)
        self.keys: dict[str, QPushButton] = {}
        # 20 half-columns per row so the shorter rows sit centred, as on a real keyboard.
        for r, row in enumerate(ROWS):
            offset = 20 - 2 * len(row)
            for c, char in enumerate(row):
                key = self._key(char)
                lower = char.lower()
                key.clicked.connect(lambda _=False, ch=lower: self.typed.emit(ch))
                grid.addWidget(key, r, offset // 2 + 2 * c, 1, 2)
                self.keys[char] = key
        self.space_key, self.delete_key, self.clear_key = self._key(), self._key(), self._key()
        self.space_key.clicked.connect(lambda: self.typed.emit(" "))
        self.delete_key.clicked.connect(self.backspace)
        self.clear_key.clicked.connect(self.cleared)
        grid.addWidget(self.clear_key, 4, 0, 1, 5)
        grid.addWidget(self.space_key, 4, 5, 1, 10)
        grid.addWidget(self.delete_key, 4, 15, 1, 5)
        for c in range(20):
            grid.setColumnStretch(c, 1)
        self.set_elder_mode(False)
        self.retranslate_ui()

    def _key(self, text: str = "") -> QPushButton:
        key = KeptButton(text)  # kept whole over the keyboard's own background (set_elder_mode)
        key.setObjectName("Key")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the query field keeps focus (hardware keyboard, IME)
        key.setAutoRepeat(False)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setMaximumHeight(MAX_KEY)
        return key

    def all_keys(self) -> list[QPushButton]:
        return [*self.keys.values(), self.space_key, self.delete_key, self.clear_key]

    def set_elder_mode(self, on: bool) -> None:
        height = ELDER_KEY if on else NORMAL_KEY
        # The keyboard paints the page's colour behind its keys itself, so each key can keep its
        # whole picture, text included, drawn over that colour (KeptButton.keep_whole): 39 keys
        # were ~20% of the search screen's page change (issue 14).
        ground = QColor(resources.PALETTES[on]["bg"])
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, ground)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        for key in self.all_keys():
            key.setMinimumHeight(height)
            key.setMinimumWidth(height)
            key.setStyleSheet("padding: 0px;")
            key.keep_whole(ground)

    def retranslate_ui(self) -> None:
        self.space_key.setText(tr("Space"))
        self.delete_key.setText(tr("Delete"))
        self.clear_key.setText(tr("Clear"))
        self.delete_key.setAccessibleName(tr("Delete the last letter"))
