"""QR codes made on the kiosk with segno and drawn crisp (whole pixels per module, quiet zone)."""

from __future__ import annotations

from functools import lru_cache

import segno
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def make_qr(text: str) -> segno.QRCode:
    """A QR code holding text as UTF-8 bytes at error correction M (phones read UTF-8 without ECI)."""
    return segno.make(text, error="m", mode="byte", encoding="utf-8", boost_error=False, micro=False)


def qr_image(text: str, module_px: int = 1, quiet_zone: int = QUIET_ZONE) -> QImage:
    """The code as a black-on-white grayscale image, module_px pixels per module."""
    return QImage(_cached_qr_image(text, module_px, quiet_zone))  # a cheap shallow copy


@lru_cache(maxsize=64)
def _cached_qr_image(text: str, module_px: int, quiet_zone: int) -> QImage:
    """Encoding costs ~60 ms (segno, pure Python): each route and language is encoded once."""
    matrix = make_qr(text).matrix
    n = len(matrix) + 2 * quiet_zone
    image = QImage(n, n, QImage.Format.Format_Grayscale8)
    image.fill(255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x + quiet_zone, y + quiet_zone, 0)
    if module_px > 1:
        image = image.scaled(n * module_px, n * module_px, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.FastTransformation)
    return image


class QrCode(QWidget):
    """Shows a QR code as large as fits, with a whole number of pixels per module (never blurred)."""

    def __init__(self, parent: QWidget | None = None, minimum: int = 300):
        super().__init__(parent)
        self.text = ""
        self.image = QImage()  # one pixel per module, quiet zone included
        self.minimum = minimum
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.image = qr_image(text) if text else QImage()
            self.updateGeometry()
            self.update()

    @property
    def modules(self) -> int:
        """Width of the symbol in modules, quiet zone included."""
        return self.image.width()

    def module_px(self) -> int:
        side = min(self.width(), self.height())
        return max(1, side // self.modules) if self.modules else 1

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.minimum, self.minimum)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.minimum, self.minimum)

    def rendered(self) -> QImage:
        """What the widget shows, at its current module size (for tests and screenshots)."""
        px = self.module_px()
        return self.image.scaled(self.modules * px, self.modules * px,
                                 Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.FastTransformation)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.image.isNull():
            return
        px = self.module_px()
        side = self.modules * px
        target = QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)
        painter = QPainter(self)
        painter.fillRect(target, QColor("white"))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(target, self.image)
        painter.end()
