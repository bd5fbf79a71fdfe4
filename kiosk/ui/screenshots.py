"""Render every screen to PNG in both languages, both orientations, normal and elder mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLayout

from kiosk.ui.screens import SCREENS, screen_class

ORIENTATIONS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
LANGS = ("zh_CN", "en")


def render_all(kiosk, out_dir: Path, only: list[str] | None = None, langs=LANGS,
               orientations=None, elder_modes=(False, True)) -> list[Path]:
    """Write <screen>[-variant]_<lang>_<orientation>[_elder].png for every combination."""
    out_dir.mkdir(parents=True, exist_ok=True)
    window, ctx = kiosk.window, kiosk.ctx
    files: list[Path] = []
    window.show()
    # As in the kiosk (cover_screen): the size asked for wins, no page's minimum may grow the window.
    window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    window.setMinimumSize(0, 0)
    for screen_id in SCREENS:
        if only and screen_id not in only:
            continue
        for suffix, args in screen_class(screen_id).screenshot_args(ctx):
            for lang in langs:
                window.set_language(lang)
                for elder in elder_modes:
                    window.set_elder_mode(elder)
                    for orientation, size in (orientations or ORIENTATIONS).items():
                        window.resize(*size)
                        window.show_screen(screen_id, args)
                        _settle()
                        name = f"{screen_id}{'-' + suffix if suffix else ''}_{lang}_{orientation}"
                        path = out_dir / f"{name}{'_elder' if elder else ''}.png"
                        window.grab().save(str(path))
                        files.append(path)
    return files


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()
