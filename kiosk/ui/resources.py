"""The one gateway to assets (fonts, stylesheet, icons), from source and from the bundle alike."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QFont, QFontDatabase

from kiosk.config import ASSETS, FONT_DIR

FONT_FILES = ("NotoSansSC-Kiosk-Regular.otf", "NotoSansSC-Kiosk-Bold.otf")
_family: str | None = None

# Colours chosen for contrast >= 4.5:1 of text on its background (checked in tests/test_style.py).
PALETTES = {
    False: {
        "bg": "#f4f6f8", "text": "#1a1a1a", "muted": "#4a5560", "accent": "#0b5cad",
        "bar": "#0b4f94", "bar_button": "#0b4f94", "button": "#ffffff", "button_text": "#0b4f94",
        "button_border": "#0b5cad", "button_pressed": "#d6e6f7", "tile": "#ffffff",
        "tile_border": "#c9d3dd", "tile_pressed": "#e3eef9", "card": "#ffffff",
        "card_border": "#d5dde5", "banner": "#fff4d6", "banner_text": "#4d3800",
        "danger": "#b00020",
    },
    True: {
        "bg": "#ffffff", "text": "#000000", "muted": "#262626", "accent": "#003d7a",
        "bar": "#002b57", "bar_button": "#002b57", "button": "#ffffff", "button_text": "#002b57",
        "button_border": "#002b57", "button_pressed": "#cfe0f3", "tile": "#ffffff",
        "tile_border": "#002b57", "tile_pressed": "#dbe8f6", "card": "#ffffff",
        "card_border": "#1a1a1a", "banner": "#ffe9a8", "banner_text": "#000000",
        "danger": "#8a0000",
    },
}
ELDER_SCALE = 1.35


def sizes(elder: bool) -> dict[str, int]:
    """Pixel sizes of text and touch targets; elder mode scales text >= 1.3x and targets to >= 60."""
    scale = ELDER_SCALE if elder else 1.0
    base = {"body": 22, "small": 18, "heading": 28, "title": 34, "tile_title": 32,
            "tile_count": 44, "pad": 16, "scrollbar": 18}
    out = {k: round(v * scale) for k, v in base.items()}
    out["target"] = 72 if elder else 56
    out["border"] = 3 if elder else 2
    out["half_scrollbar"] = out["scrollbar"] // 2
    return out


def stylesheet(elder: bool) -> str:
    template = Template((ASSETS / "styles" / "kiosk.qss").read_text(encoding="utf-8"))
    # A screen fills its background only where it differs from the window's: each full-screen fill is
    # ~0.5 ms of every page change at 1920x1080 (issue 14).
    differs = PALETTES[elder]["bg"] != PALETTES[False]["bg"]
    screen = f"QWidget#Screen {{ background: {PALETTES[elder]['bg']}; }}" if differs else ""
    return template.substitute({**PALETTES[elder], **sizes(elder), "family": load_fonts(),
                                "screen_background": screen})


def load_fonts() -> str:
    """Register the bundled CJK font and return its family name (done once per process)."""
    global _family
    if _family is None:
        families: list[str] = []
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
        _family = families[0] if families else QFont().family()
    return _family


def app_font(elder: bool) -> QFont:
    font = QFont(load_fonts())
    font.setPixelSize(sizes(elder)["body"])
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
