"""KeptButton paints QPushButton's pixels, keeps its frame per size and state, and drops the kept
frames when its look changes (issue 14: the rounded corners of every button were stroked anew at
every page change)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.ui import resources
from kiosk.ui.widgets.kept_button import KeptButton


def rendered(widget: QWidget) -> QImage:
    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f6f8"))
    widget.render(image, QPoint(0, 0))
    return image


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour channel between two images of one size."""
    largest = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            if p != q:
                largest = max(largest, *(abs(((p >> s) & 255) - ((q >> s) & 255)) for s in (0, 8, 16)))
    return largest


def pair(qtbot, sheet: str, setup) -> tuple[QWidget, QWidget, list]:
    """A QPushButton row and a KeptButton row, each button set up alike, in the kiosk's style sheet."""
    rows, buttons = [], []
    for cls in (QPushButton, KeptButton):
        row = QWidget()
        row.setStyleSheet(sheet)
        layout = QHBoxLayout(row)
        made = [cls(text) for text in ("金山 A", "Key", "长辈模式", "7")]
        for button in made:
            setup(button)
            layout.addWidget(button)
        row.resize(720, 110)
        qtbot.addWidget(row)
        row.show()
        rows.append(row)
        buttons.append(made)
    qtbot.waitExposed(rows[1])
    return rows[0], rows[1], buttons


def test_a_kept_button_paints_what_a_push_button_paints_in_every_state(qtbot):
    for elder in (False, True):
        sheet = resources.stylesheet(elder)
        for name in ("", "Key", "Chip", "Result", "OpenPlace"):
            def setup(button, name=name):
                button.setObjectName(name)
                button.setCheckable(True)
                button.setMinimumSize(120, 80)

            plain_row, kept_row, (plain, kept) = pair(qtbot, sheet, setup)
            for state in (lambda b: None, lambda b: b.setDown(True), lambda b: b.setChecked(True),
                          lambda b: b.setEnabled(False)):
                state(plain[1])
                state(kept[1])
                # the same pixels up to rounding: the frame's antialiased corners are blended in
                # two steps (onto transparent, then onto the page) instead of one
                assert largest_difference(rendered(plain_row), rendered(kept_row)) <= 1, (elder, name)


def test_the_frame_is_kept_per_state_and_dropped_when_the_look_changes(qtbot):
    button = KeptButton("Key")
    button.setObjectName("Key")
    button.setStyleSheet(resources.stylesheet(False))
    button.resize(120, 80)
    qtbot.addWidget(button)
    button.show()
    qtbot.waitExposed(button)
    rendered(button)
    first = dict(button._frames)
    assert len(first) == 1
    rendered(button)
    assert button._frames == first  # shown again: the same picture, not drawn again
    button.setDown(True)
    rendered(button)
    assert button._frames == first  # held down for a moment: drawn as Qt draws it, not kept
    button.setDown(False)
    button.setCheckable(True)
    button.setChecked(True)
    rendered(button)
    assert len(button._frames) == 2  # checked has its own
    before = rendered(button)
    button.setStyleSheet("QPushButton { background: #000000; border: 3px solid #ff0000;"
                         " border-radius: 12px; }")
    assert button._frames == {}  # a new style: nothing kept is of use
    after = rendered(button)
    assert after != before and QColor(after.pixel(60, 40)) == QColor("#000000")
    rendered(button)
    button.resize(200, 80)
    rendered(button)
    assert [key[:2] for key in button._frames] == [(200, 80)]  # only the current size is kept


def test_keyboard_keys_kept_whole_paint_the_page_s_pixels_in_both_modes(qtbot):
    """The keyboard paints the page's colour behind its keys, and each key keeps its whole picture,
    text included, drawn over that colour: the same pixels as a key that draws its text live (up
    to the corners' rounding), also after a new text (a language switch) and in elder mode."""
    from kiosk.ui.widgets.keyboard import OnScreenKeyboard

    for elder in (False, True):
        boards = []
        for whole in (True, False):
            board = OnScreenKeyboard()
            board.setStyleSheet(resources.stylesheet(elder))
            board.set_elder_mode(elder)
            if not whole:
                for key in board.all_keys():
                    key.keep_whole(None)
            board.resize(900, 420)
            qtbot.addWidget(board)
            board.show()
            boards.append(board)
        qtbot.waitExposed(boards[1])
        kept, live = boards
        assert all(key.ground == QColor(resources.PALETTES[elder]["bg"]) for key in kept.all_keys())
        assert largest_difference(rendered(kept), rendered(live)) <= 1, elder
        assert all(len(key._frames) == 1 for key in kept.all_keys())
        for board in boards:
            board.space_key.setText("空格 space")
        assert largest_difference(rendered(kept), rendered(live)) <= 1, (elder, "new text")
        corner = kept.mapTo(kept, kept.rect().topRight()) + QPoint(-1, 0)
        assert QColor(rendered(kept).pixel(corner)) == QColor(resources.PALETTES[elder]["bg"])
