"""The one app-wide signal hub: screens ask for things here and never call each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    """Signals shared by the whole app.

    | signal             | arguments            | emitted by                 | handled by                  |
    |--------------------|----------------------|----------------------------|-----------------------------|
    | navigate           | screen id, args      | any screen, top bar        | MainWindow (shows screen)   |
    | go_back            | —                    | top bar back button        | MainWindow (history)        |
    | go_home            | —                    | top bar home button        | MainWindow                  |
    | language_changed   | language code        | MainWindow after it called | statistics; MainWindow calls|
    |                    |                      | every retranslate_ui       | retranslate_ui in order     |
    | elder_mode_changed | on/off               | MainWindow after the switch| screens that re-layout      |
    | idle_reset         | —                    | IdleWatcher                | MainWindow, every screen    |
    | content_switch_    | database path        | admin screen (apply, undo) | MainWindow.switch_content   |
    |   requested        |                      |                            |                             |
    | content_changed    | —                    | MainWindow after a switch  | every screen: reload data   |
    | help_requested     | —                    | top bar help button        | MainWindow (help panel)     |
    | error_recovered    | —                    | the exception hook         | MainWindow (apology, home)  |
    """

    navigate = Signal(str, object)
    go_back = Signal()
    go_home = Signal()
    language_changed = Signal(str)
    elder_mode_changed = Signal(bool)
    idle_reset = Signal()
    content_switch_requested = Signal(object)
    content_changed = Signal()
    help_requested = Signal()
    error_recovered = Signal()
