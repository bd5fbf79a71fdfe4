"""Touch behaviour on real widgets: drag-to-scroll works on every scroll area, taps still click."""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets.common import KineticScrollArea


def make_area(qtbot) -> KineticScrollArea:
    content = QWidget()
    column = QVBoxLayout(content)
    for i in range(80):
        column.addWidget(QLabel(f"row {i}"))
    area = KineticScrollArea(content)
    area.resize(400, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area


def drag_up(qtbot, area: KineticScrollArea, distance: int = 200) -> None:
    """A finger (mouse-emulated touch) sliding up over the list, with the button held."""
    viewport = area.viewport()

    def send(kind, pos: QPoint, buttons) -> None:
        event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
                            Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)

    start, held = QPoint(200, 250), Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, start, held)
    for step in range(1, 21):
        qtbot.wait(10)
        send(QEvent.Type.MouseMove, start - QPoint(0, distance * step // 20), held)
    send(QEvent.Type.MouseButtonRelease, start - QPoint(0, distance), Qt.MouseButton.NoButton)


def test_drag_scrolls_every_area_even_when_made_later(qtbot):
    for _ in range(3):  # areas made one after another, as screens are rebuilt all day
        area = make_area(qtbot)
        drag_up(qtbot, area)
        qtbot.waitUntil(lambda a=area: a.verticalScrollBar().value() > 50, timeout=3000)


def test_a_day_of_visitors_does_not_grow_python_objects(kiosk, qtbot):
    """Screens are built once and reused: visitors, elder mode and idle resets leave no garbage."""
    window = kiosk.window
    tour = [("plan", None), ("chapter", "ch9"), ("indicators", None), ("indicator", "20"),
            ("routes", None), ("search", None), ("eldercare", None), ("box", 6)]

    def visitor(i: int) -> None:
        for screen_id, args in tour[i % 3:]:
            window.ctx.hub.navigate.emit(screen_id, args)
        window.set_elder_mode(i % 2 == 0)
        window.toggle_language()
        kiosk.ctx.hub.idle_reset.emit()
        window.attract.end()
        qtbot.wait(1)

    for i in range(4):
        visitor(i)
    gc.collect()
    before = len(gc.get_objects())
    for i in range(24):
        visitor(i)
    gc.collect()
    assert len(gc.get_objects()) - before < 300
