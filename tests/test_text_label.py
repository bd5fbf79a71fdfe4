"""TextLabel against QLabel: the same pixels and the same sizes, with the layouts shared and kept."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.ui import resources
from kiosk.ui.widgets import text_label
from kiosk.ui.widgets.text_label import TextLabel

PARAGRAPH_ZH = ("在“十四五”发展基础上，再奋斗十年，“上海湾区”城市品牌全面打响，“两区一堡”战略定位全面实现，"
                "建设成为创新动能更强劲、产业特色更鲜明的产城融合样板城市。")
PARAGRAPH_EN = ("Building on the 14th Five-Year Plan, after ten more years of hard work the "
                "\"Shanghai Bay Area\" city brand will be fully established.")
LINES = "第一行\r\nSecond line, longer than the first & wrapped " * 2
TEXTS = (PARAGRAPH_ZH, PARAGRAPH_EN, "Short", LINES, "")
ALIGNMENTS = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,  # QLabel's default
              Qt.AlignmentFlag.AlignTop, Qt.AlignmentFlag.AlignCenter,
              Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
BOXES = ((300, 260), (611, 97), (900, 41), (150, 600))


@pytest.fixture(autouse=True)
def fresh_kept_text():
    text_label.forget_kept_text()
    yield
    text_label.forget_kept_text()


def pair(sheet: str, text: str, align=None, size=None):
    """A TextLabel and a QLabel set up alike (as kiosk.ui.widgets.common.label does)."""
    labels = []
    for cls in (TextLabel, QLabel):
        widget = cls()
        widget.setTextFormat(Qt.TextFormat.PlainText)
        widget.setWordWrap(True)
        widget.setStyleSheet(sheet)
        if align is not None:
            widget.setAlignment(align)
        widget.setText(text)
        if size is not None:
            widget.resize(*size)
        labels.append(widget)
    return labels


@pytest.mark.parametrize("px, bold", [(18, False), (22, False), (34, True)])
def test_paints_the_same_pixels_as_qlabel(qapp, px, bold):
    """Every text, alignment and box (taller than the text, so centring rounds; narrow, so it wraps)."""
    family = resources.load_fonts()
    sheet = (f'font-family: "{family}"; font-size: {px}px; color: #1a1a1a; background: #f4f6f8;'
             + (" font-weight: bold;" if bold else ""))
    differ = []
    for text in TEXTS:
        for align in ALIGNMENTS:
            for size in BOXES:
                ours, theirs = pair(sheet, text, align, size)
                if ours.grab().toImage() != theirs.grab().toImage():
                    differ.append((text[:12], int(align.value), size))
    for height in range(px, 2 * px + 12):  # a line's height is fractional: around it, Qt rounds
        ours, theirs = pair(sheet, "Glossary 名词解释", size=(400, height))
        if ours.grab().toImage() != theirs.grab().toImage():
            differ.append(("one line", height))
    assert differ == []


def test_kept_layouts_are_drawn_not_qlabels_own(qapp, monkeypatch):
    """A plain wrapped label never reaches QLabel's paint (which lays the text out on every paint);
    one it cannot reproduce (a tab, right alignment) does, and still looks like a QLabel."""
    painted_by_qlabel = []
    original = QLabel.paintEvent
    monkeypatch.setattr(QLabel, "paintEvent", lambda self, e: (painted_by_qlabel.append(self.text()),
                                                               original(self, e)))
    ours, _ = pair("font-size: 20px;", PARAGRAPH_ZH, size=(400, 200))
    ours.grab()
    assert painted_by_qlabel == []
    for text, align in (("a\ttab", None), ("right", Qt.AlignmentFlag.AlignRight)):
        ours, theirs = pair("font-size: 20px;", text, align, (300, 60))
        assert ours.grab().toImage() == theirs.grab().toImage()
        assert text in painted_by_qlabel


def test_a_text_seen_by_one_label_is_not_measured_again_by_another(qapp, monkeypatch):
    """Pooled labels get another text on every page change: the sizes of a text seen before (same
    font and geometry) come from the shared memory, not from laying it out again."""
    first, _ = pair("font-size: 20px;", PARAGRAPH_EN)
    answers = (first.sizeHint(), first.minimumSizeHint(), first.heightForWidth(333))
    asked = []
    for name in ("sizeHint", "minimumSizeHint", "heightForWidth"):
        original = getattr(QLabel, name)
        monkeypatch.setattr(QLabel, name,
                            lambda self, *a, o=original, n=name: (asked.append(n), o(self, *a))[1])
    second = TextLabel()
    second.setTextFormat(Qt.TextFormat.PlainText)
    second.setWordWrap(True)
    second.setStyleSheet("font-size: 20px;")
    second.setText("something else first")
    second.sizeHint()
    asked.clear()
    second.setText(PARAGRAPH_EN)
    assert (second.sizeHint(), second.minimumSizeHint(), second.heightForWidth(333)) == answers
    assert asked == []
    second.setFixedWidth(500)  # the limits are part of what the answers depend on
    second.sizeHint()
    assert asked == ["sizeHint"]


def test_sizes_follow_every_change_as_qlabels_do(qapp):
    """After each change (text, font, style sheet, margin, indent, wrap, limits, alignment) the size
    answers are QLabel's own."""
    ours, theirs = pair("font-size: 20px;", PARAGRAPH_ZH * 2)

    def same():
        for width in (200, 480, 480, 1300):
            assert ours.heightForWidth(width) == theirs.heightForWidth(width), width
        assert ours.sizeHint() == theirs.sizeHint()
        assert ours.minimumSizeHint() == theirs.minimumSizeHint()

    same()
    for change in (lambda w: w.setText(PARAGRAPH_EN), lambda w: w.setStyleSheet("font-size: 31px;"),
                   lambda w: w.setMargin(12), lambda w: w.setIndent(15), lambda w: w.setMinimumWidth(260),
                   lambda w: w.setMaximumWidth(700), lambda w: w.setAlignment(Qt.AlignmentFlag.AlignCenter),
                   lambda w: w.setFont(w.font()), lambda w: w.clear(), lambda w: w.setText(PARAGRAPH_ZH),
                   lambda w: w.setWordWrap(False)):
        change(ours)
        change(theirs)
        same()


def test_a_failing_kept_paint_falls_back_to_qlabel(qapp, monkeypatch, caplog):
    """An exception out of a paint event aborts the process in PySide: the label paints as QLabel."""
    def broken(*_args, **_kwargs):
        raise RuntimeError("kept layout broken")

    monkeypatch.setattr(text_label, "lines_for", broken)
    ours, theirs = pair("font-size: 20px;", PARAGRAPH_EN, size=(300, 200))
    with caplog.at_level(logging.ERROR, logger=text_label.__name__):
        assert ours.grab().toImage() == theirs.grab().toImage()
    assert "QLabel paints instead" in caplog.text


def test_while_paused_labels_answer_as_qlabel_and_keep_nothing_then_share_again(qapp, monkeypatch):
    """The kiosk's first frame is all first answers: until it is shown nothing is kept (pause), after
    it the shared memory works again, and the answers are QLabel's either way."""
    text_label.pause_sharing()
    try:
        ours, theirs = pair("font-size: 20px;", PARAGRAPH_ZH, size=(400, 200))
        assert ours.sizeHint() == theirs.sizeHint()
        assert ours.heightForWidth(321) == theirs.heightForWidth(321)
        assert ours.grab().toImage() == theirs.grab().toImage()
        assert not text_label._sizes and not text_label._layouts
    finally:
        text_label.resume_sharing()
    assert ours.heightForWidth(321) == theirs.heightForWidth(321)
    ours.grab()
    assert text_label._sizes and text_label._layouts


def test_the_kiosk_window_shares_label_answers_from_its_first_frame_on(qtbot, content_db):
    from kiosk.ui.application import KioskApplication

    kiosk = KioskApplication(db_path=content_db, lang="zh_CN", defer_bookkeeping=True)
    qtbot.addWidget(kiosk.window)
    assert not text_label._sharing  # the window is built with QLabel's own first answers
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitUntil(lambda: text_label._sharing, timeout=5000)
    kiosk.hub.navigate.emit("plan", None)
    qtbot.waitUntil(lambda: bool(text_label._layouts), timeout=5000)
    kiosk.window.close()
