"""The kiosk window: top bar (back, home, title, language, elder mode, help) over a screen stack."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.data.content import Content
from kiosk.i18n import set_language, tr
from kiosk.ui import resources
from kiosk.ui.context import AppContext
from kiosk.ui.deferred import catch_up
from kiosk.ui.idle import AttractLoop, IdleWatcher
from kiosk.ui.screens import SCREENS, screen_class
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import ElidedLabel
from kiosk.ui.widgets.overlay import Overlay
from kiosk.ui.widgets.page_stack import PageStack

log = logging.getLogger(__name__)
# A (re)polish: the style sheet sets WA_StyledBackground again (see MainWindow._fill_background_once).
_POLISHED = (QEvent.Type.Polish, QEvent.Type.StyleChange)


def item_key(screen_id: str, args: Any) -> tuple[str, str | None]:
    """The key of an item's page (MainWindow.item_pages): a link's argument and a route's id match,
    and so do two links to a place that name kind and id in another order."""
    if isinstance(args, dict):
        return screen_id, str(sorted(args.items()))
    return screen_id, None if args is None else str(args)


def trim_memory() -> None:
    """Give freed heap back to the system while nobody is looking (glibc only; elsewhere a no-op)."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass


class MainWindow(QMainWindow):
    """Owns the screens, the navigation history and the per-visitor view state."""

    screen_shown = Signal(str, object)  # screen id, args: after every page change (usage statistics)

    def __init__(self, ctx: AppContext, home_id: str = "home", frameless: bool = False):
        """frameless: the kiosk's full-screen window, decided before any child exists (changing a
        window's flags later re-polishes its whole tree: ~3 ms before the first frame)."""
        super().__init__()
        self.ctx = ctx
        self.home_id = home_id
        self.screens: dict[str, Screen] = {}  # per screen id: its widget (shown last, if kept per item)
        self.item_pages: OrderedDict[tuple[str, str], Screen] = OrderedDict()  # see screen()
        self.content_stamp = 0  # counts content switches; each screen notes the one it shows
        self.history: list[tuple[str, Any]] = []
        self.current_id = ""
        self.base_styled = False  # the application stylesheet (normal mode) is set once
        self.elder_sheet = ""
        self.kiosk_mode = False  # set by the application; then only staff may close the window
        self.allow_close = False
        self.staff_tools = None  # admin.StaffTools, set by the application
        self.usb_packages: list = []  # packages the application's USB poll sees (staff badge)
        self.setWindowTitle("Jinshan Citizen Kiosk")
        if frameless:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.top_bar = self._build_top_bar()
        layout.addWidget(self.top_bar)
        self.stack = PageStack()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.overlay = Overlay(central)
        self.attract = AttractLoop(central, self.highlights)
        self.attract.finished.connect(self.end_attract)
        settings = ctx.settings
        self.idle = IdleWatcher(ctx.hub, settings.idle_timeout_s, settings.idle_warning_s, self)
        self.idle.warning.connect(self.show_idle_warning)
        from kiosk.ui.warmup import Warmup

        self.warmup = Warmup(self)  # started by the application once the home screen is on screen

        hub = ctx.hub
        hub.navigate.connect(self.show_screen)
        hub.go_back.connect(self.go_back)
        hub.go_home.connect(self.go_home)
        hub.help_requested.connect(self.show_help)
        hub.error_recovered.connect(self.recover_from_error)
        hub.idle_reset.connect(self.reset_for_next_visitor)
        hub.content_changed.connect(self.reload_content)
        hub.content_switch_requested.connect(self.switch_content)
        self.speech = None
        self.staff_access = None  # the long press + PIN: enable_staff_access(), after the first frame
        self.apply_style()
        self.show_screen(home_id, None)
        QTimer.singleShot(400, self.init_speech)  # well after the first frame: engines load slowly

    def highlights(self) -> list[tuple[str, str]]:
        """What the attract loop shows (kiosk.data.plan is loaded only when it first runs)."""
        from kiosk.data import plan

        return plan.highlights(self.ctx.content, self.ctx.state.language)

    def enable_staff_access(self) -> None:
        """The hidden long press on the title and its PIN pad (the admin module and the pad's ~30
        widgets are not needed for the home screen's first frame)."""
        if self.staff_access is None:
            from kiosk.ui.screens.admin import StaffAccess

            self.staff_access = StaffAccess(self)
            self.staff_access.panel.setStyleSheet(self.elder_sheet)
            if getattr(self, "tap_guard", None) is not None:
                self.tap_guard.watch(self.staff_access.panel)

    def init_speech(self, again: bool = False) -> None:
        from kiosk.ui.speech import ReadAloud

        if self.speech is None or again:
            if self.speech is not None:
                self.speech.shutdown()
            self.speech = ReadAloud(self)  # never blocks: the engine is probed in a helper process
            self.speech.changed.connect(self.retranslate_ui)
            self.retranslate_ui()

    def read_aloud(self) -> None:
        screen = self.screens.get(self.current_id)
        if self.speech is not None and screen is not None:
            self.speech.say(screen.read_aloud_text(), self.ctx.state.language)

    # -- background ---------------------------------------------------------------------------
    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() in _POLISHED:
            self._fill_background_once()
        return handled

    def _fill_background_once(self) -> None:
        """The window's background in one fill, not two. Its style sheet colour (QMainWindow in
        kiosk.qss) is also its palette's window colour, which Qt fills under every repainted part of
        a window; the style sheet then painted the same colour over it again (WA_StyledBackground,
        set at every polish): a second fill of the page area at every page change, ~0.4 ms at
        1920x1080 (issue 14). Off, Qt's fill alone paints that colour (tests/test_page_switch.py
        checks that every pixel of the window is painted, in both modes)."""
        if self.testAttribute(Qt.WidgetAttribute.WA_StyledBackground):
            self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)

    # -- top bar ------------------------------------------------------------------------------
    def _build_top_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("TopBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.bar_grid = QGridLayout(bar)
        self.bar_grid.setContentsMargins(16, 10, 16, 10)
        self.bar_grid.setSpacing(12)
        self.back_button = QPushButton()
        self.home_button = QPushButton()
        self.title_label = ElidedLabel(role="TopTitle")
        self.language_button = QPushButton()
        self.elder_button = QPushButton()
        self.elder_button.setCheckable(True)
        self.help_button = QPushButton()
        self.read_button = QPushButton()
        for button, name in ((self.back_button, "BackButton"), (self.home_button, "HomeButton"),
                             (self.language_button, "LanguageSwitch"), (self.elder_button, "ElderSwitch"),
                             (self.help_button, "HelpButton"), (self.read_button, "ReadAloudButton")):
            button.setObjectName(name)
        self.read_button.setVisible(False)  # shown once a voice for the language is known
        self.read_button.clicked.connect(self.read_aloud)
        self.back_button.clicked.connect(self.ctx.hub.go_back)
        self.home_button.clicked.connect(self.ctx.hub.go_home)
        self.language_button.clicked.connect(self.toggle_language)
        self.elder_button.toggled.connect(self.set_elder_mode)
        self.help_button.clicked.connect(self.ctx.hub.help_requested)
        self.language_button.setProperty("tap_toggle", True)  # switches: a double tap acts once
        self.switches = QWidget()
        row = QHBoxLayout(self.switches)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addStretch(1)
        for button in (self.read_button, self.language_button, self.elder_button, self.help_button):
            row.addWidget(button)
        self.bar_grid.addWidget(self.back_button, 0, 0)
        self.bar_grid.addWidget(self.home_button, 0, 1)
        self.bar_grid.addWidget(self.title_label, 0, 2)
        self.bar_grid.setColumnStretch(2, 1)
        # A small dot, no text: staff see that a stick with a package is in; residents need not read it.
        self.staff_badge = QWidget(bar)
        self.staff_badge.setObjectName("StaffBadge")
        self.staff_badge.setFixedSize(12, 12)
        self.staff_badge.setStyleSheet("background: #ffd166; border-radius: 6px;")
        self.staff_badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.staff_badge.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.staff_badge.move(4, 4)
        self.staff_badge.hide()
        self.bar_wide: bool | None = None
        self._arrange_top_bar(wide=True)
        return bar

    def fit_top_bar(self) -> None:
        """One row whenever back, home, a readable title and the switches fit side by side."""
        needed = (self.switches.sizeHint().width() + self.back_button.sizeHint().width()
                  + self.home_button.sizeHint().width() + 280 + 3 * 12 + 32)
        self._arrange_top_bar(wide=self.width() >= needed and self.width() > self.height())
        self._tighten_switches(not self.bar_wide)

    TIGHT_PAD = 8  # px of side padding on the switches when the second row is short of room

    def _tighten_switches(self, narrow: bool) -> None:
        """On a narrow second row (768 px, elder mode, four switches) the buttons lose side padding
        rather than letters; fonts and touch height stay."""
        buttons = [b for b in (self.read_button, self.language_button, self.elder_button,
                               self.help_button) if not b.isHidden()]
        natural = self.switches.sizeHint().width()
        if getattr(self, "_switches_tight", False):  # measure as if the normal padding were back
            pad = resources.sizes(self.ctx.state.elder_mode)["pad"]
            natural += 2 * (pad - self.TIGHT_PAD) * len(buttons)
        tight = narrow and natural > self.width() - 32  # the bar's side margins
        if getattr(self, "_switches_tight", False) != tight:
            self._switches_tight = tight
            style = f"padding: 0 {self.TIGHT_PAD}px;" if tight else ""
            for button in (self.read_button, self.language_button, self.elder_button, self.help_button):
                button.setStyleSheet(style)

    def _arrange_top_bar(self, wide: bool) -> None:
        """One row when the window is wide; in portrait the switches take a second row."""
        if wide == self.bar_wide:
            return
        self.bar_wide = wide
        self.bar_grid.removeWidget(self.switches)
        if wide:
            self.bar_grid.addWidget(self.switches, 0, 3)
        else:
            self.bar_grid.addWidget(self.switches, 1, 0, 1, 4)

    def retranslate_ui(self) -> None:
        self.back_button.setText("‹ " + tr("Back"))
        self.home_button.setText(tr("Home"))
        # The switch names the *other* language in that language, so each reader finds it.
        self.language_button.setText("English" if self.ctx.state.language.startswith("zh") else "中文")
        self.elder_button.setText(tr("Elder mode"))
        self.help_button.setText(tr("Need help?"))
        self.read_button.setText(tr("Read aloud"))
        speech, lang = self.speech, self.ctx.state.language
        self.read_button.setVisible(speech is not None and speech.available(lang))
        screen = self.screens.get(self.current_id)
        self.title_label.setText(screen.title() if screen else "")
        at_home = self.current_id == self.home_id
        self.back_button.setVisible(not at_home)
        self.home_button.setVisible(not at_home)
        self.fit_top_bar()

    # -- navigation ---------------------------------------------------------------------------
    def screen(self, screen_id: str, args: Any = None) -> Screen:
        """The screen widget, created on first use.

        A screen whose class keeps a page per item (an indicator, a route, a chapter, a place) has one
        widget per argument, kept (at most the class's pages_kept): a page shown again is shown as it
        was, with no texts, chart or map filled again and laid out anew (issue 14: that refill was
        about half of a page change). The warm-up makes them ahead. At the limit a new item takes
        the least recently shown page, which show_screen fills (as a screen with one page is filled
        for each new item): no page is built beyond what the warm-up made.
        screens[screen_id] is the one shown last (show_screen). Kept pages catch up with a language,
        elder or content change when shown, as any hidden screen does (their stamps)."""
        if not screen_class(screen_id).page_per_item:
            if screen_id not in self.screens:
                self.screens[screen_id] = self._new_screen(screen_id)
            return self.screens[screen_id]
        key = item_key(screen_id, args)
        widget = self.item_pages.get(key)
        if widget is None:
            widget = self.item_pages[key] = self._spare_page(screen_id) or self._new_screen(screen_id)
            self._forget_pages(screen_id, keep=widget)
        self.item_pages.move_to_end(key)
        self.screens.setdefault(screen_id, widget)
        return widget

    def _new_screen(self, screen_id: str) -> Screen:
        widget = screen_class(screen_id)(self.ctx)
        widget.setProperty("language", self.ctx.state.language)  # built in this language
        widget.setProperty("content", self.content_stamp)  # ... on this content
        self.stack.addWidget(widget)
        widget.setUpdatesEnabled(False)  # hidden: see show_screen
        return widget

    def _spare_page(self, screen_id: str) -> Screen | None:
        """At the screen's limit: its least recently shown page (not the one on screen), taken from
        its item for another (its open() fills it for the new item); None below the limit."""
        mine = [key for key in self.item_pages if key[0] == screen_id]
        if len(mine) < screen_class(screen_id).pages_kept:
            return None
        for key in mine:
            if self.item_pages[key] is not self.stack.currentWidget():
                return self.item_pages.pop(key)
        return None

    def _forget_pages(self, screen_id: str, keep: Screen) -> None:
        """Drop the least recently shown pages of this screen beyond its pages_kept."""
        mine = [key for key in self.item_pages if key[0] == screen_id]
        for key in mine[:max(0, len(mine) - screen_class(screen_id).pages_kept)]:
            widget = self.item_pages[key]
            if widget in (keep, self.stack.currentWidget(), self.screens.get(screen_id)):
                continue
            del self.item_pages[key]
            catch_up(widget)  # no elder change left queued for a widget about to go
            self.stack.removeWidget(widget)
            widget.deleteLater()

    def all_screens(self) -> list[Screen]:
        """Every screen widget built, kept item pages included."""
        return list({id(w): w for w in (*self.screens.values(), *self.item_pages.values())}.values())

    def refresh_content(self, widget: Screen) -> None:
        """Bring a screen to the current content (a reload also sets its texts in this language)."""
        if widget.property("content") != self.content_stamp:
            widget.reload()
            widget.setProperty("content", self.content_stamp)
            widget.setProperty("language", self.ctx.state.language)

    def translate_screen(self, widget: Screen) -> None:
        """Bring a screen to the current language; hidden screens catch up when next shown."""
        if widget.property("language") != self.ctx.state.language:
            widget.retranslate_ui()
            widget.setProperty("language", self.ctx.state.language)

    def show_screen(self, screen_id: str, args: Any = None) -> None:
        if self.speech is not None:
            self.speech.stop()
        if screen_id not in SCREENS:
            log.warning("navigation to unknown screen %r", screen_id)
            return
        widget = self.screen(screen_id, args)
        self.screens[screen_id] = widget  # for a screen kept per item: this item's page
        self.style_screen(widget)
        catch_up(widget)  # elder switches made while it was hidden
        self.refresh_content(widget)
        self.translate_screen(widget)
        widget.open(args)
        # Only the shown page has updates enabled: a page switch toggles updates on the whole stack,
        # which walked every widget of every built screen (~2,000) twice.
        if not widget.updatesEnabled():  # (the first screen added is current without a switch)
            widget.setUpdatesEnabled(True)
        previous = self.stack.currentWidget()
        if previous is not widget:
            if previous is not None:
                previous.setUpdatesEnabled(False)
            self.stack.setCurrentWidget(widget)
        if not self.history or self.history[-1] != (screen_id, args):
            if screen_id == self.home_id:
                self.history = []
            self.history.append((screen_id, args))
        self.current_id = screen_id
        self.retranslate_ui()
        self.lay_out_now()
        widget.settle()
        self.screen_shown.emit(screen_id, args)

    @staticmethod
    def lay_out_now() -> None:
        """Lay the new page out, and take the repaints its shown parts asked for, before anything
        paints it. The texts' repaints were queued before their layout requests, so Qt drew the page
        once at the old geometry (the resident saw that frame) and again when the layouts had run;
        and a part shown again (a chart after a worded indicator, a note) asks for its repaint by a
        queued event that came after the first paint: most page changes painted twice."""
        for _ in range(4):  # a layout that resizes a child queues that child's request: a few rounds
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)

    def go_back(self) -> None:
        if len(self.history) > 1:
            self.history.pop()
            screen_id, args = self.history.pop()
            self.show_screen(screen_id, args)

    def go_home(self) -> None:
        self.show_screen(self.home_id, None)

    # -- view state ---------------------------------------------------------------------------
    def toggle_language(self) -> None:
        self.set_language("en" if self.ctx.state.language.startswith("zh") else "zh_CN")

    def set_language(self, lang: str) -> None:
        if lang == self.ctx.state.language:
            return
        self.ctx.state.language = lang
        set_language(lang)
        current = self.screens.get(self.current_id)
        if current is not None:  # the others are retranslated when shown (translate_screen) ...
            self.translate_screen(current)
        self.retranslate_ui()
        self.ctx.hub.language_changed.emit(lang)
        # ... or before, while nobody touches the screen
        # (kept item pages other than each screen's last one catch up when shown: ~70 pages of
        # quiet work after every switch was more than a visitor's next minutes needed)
        self.warmup.catch_up("translate", list(self.screens),
                             lambda s: self.translate_screen(self.screens[s]))

    def set_elder_mode(self, on: bool) -> None:
        if on == self.ctx.state.elder_mode:
            return
        self.ctx.state.elder_mode = on
        self.elder_button.setChecked(on)
        self.apply_style()
        self.ctx.hub.elder_mode_changed.emit(on)
        self.warmup.catch_up("style", list(self.screens), lambda s: self.restyle_hidden(self.screens[s]))

    def apply_style(self) -> None:
        """Elder mode restyles the bar, the panels and the screen on show; other screens on demand.

        Restyling the whole application (~2,000 widgets once every screen was visited) took about a
        second, so normal mode is the application's stylesheet and elder mode is a widget stylesheet
        given to each part when it is shown (style_screen)."""
        app = QApplication.instance()
        if not self.base_styled:
            app.setFont(resources.app_font(False))
            app.setStyleSheet(resources.stylesheet(False))
            self.base_styled = True
        self.elder_sheet = resources.stylesheet(True) if self.ctx.state.elder_mode else ""
        for part in self.chrome():
            part.setStyleSheet(self.elder_sheet)
        self.fit_top_bar()
        current = self.screens.get(self.current_id)
        if current is not None:
            self.style_screen(current)

    def chrome(self) -> list[QWidget]:
        """Everything outside the screen stack that residents see."""
        parts = [self.top_bar, self.overlay, self.attract]
        access = getattr(self, "staff_access", None)
        return parts + ([access.panel] if access is not None else [])

    def restyle_hidden(self, widget: Screen) -> None:
        """A quiet step after an elder switch: one hidden screen's sheet, sizes and pictures."""
        self.style_screen(widget)
        catch_up(widget)

    def style_screen(self, widget: QWidget) -> None:
        if widget.property("elder_sheet_applied") != self.elder_sheet:
            widget.setStyleSheet(self.elder_sheet)
            widget.setProperty("elder_sheet_applied", self.elder_sheet)

    def reset_for_next_visitor(self) -> None:
        """Idle reset: home, default language, elder mode off, per-screen state cleared."""
        self.overlay.dismiss()
        for widget in self.all_screens():
            widget.reset()
        self.go_home()
        self.set_elder_mode(False)
        self.set_language(self.ctx.settings.default_language)
        trim_memory()
        self.idle.attracting = True  # no countdown over the attract loop, no reset loop
        self.attract.begin()

    def end_attract(self) -> None:
        """The next visitor touched the attract loop: the idle clock starts again from zero."""
        self.idle.attracting = False
        self.idle.idle_s = 0

    def show_idle_warning(self, seconds_left: int) -> None:
        """The last seconds before a reset: a countdown that any touch cancels."""
        if seconds_left == 0:
            if self.overlay.kind == "idle":
                self.overlay.dismiss()
            return
        self.overlay.show_message(
            "idle", tr("Are you still there?"),
            tr("Returning to the home page in {n} seconds. Touch the screen to stay.").format(
                n=seconds_left), tr("Stay"))

    def switch_content(self, path) -> None:
        """Open the content database at path (after an apply or rollback) and reload every screen."""
        old = self.ctx.content
        self.ctx.content = Content(path)
        log.info("content switched to %s", path)
        self.ctx.hub.content_changed.emit()
        if old is not self.ctx.content:
            old.close()

    def set_usb_packages(self, found: list) -> None:
        """The USB poll's result: the staff dot shows while a stick with a package is in."""
        self.usb_packages = list(found)
        self.staff_badge.setVisible(bool(found))
        self.staff_badge.raise_()
        admin = self.screens.get("admin")
        if admin is not None and self.current_id == "admin":
            admin.set_found(self.usb_packages)

    def reload_content(self) -> None:
        """New content: the screen shown and home at once, the other screens in quiet steps after
        (reloading all ~15 built screens at once froze the kiosk for about half a second)."""
        self.content_stamp += 1
        for screen_id in dict.fromkeys((self.current_id, self.home_id)):
            if screen_id in self.screens:
                self.refresh_content(self.screens[screen_id])
        self.retranslate_ui()
        self.warmup.catch_up("reload", list(self.screens),
                             lambda s: self.refresh_content(self.screens[s]))

    # -- messages -----------------------------------------------------------------------------
    def show_help(self) -> None:
        s = self.ctx.settings
        text = s.help_text_zh if self.ctx.state.language.startswith("zh") else s.help_text_en
        self.overlay.show_message("help", tr("Need help?"), text, tr("Close"))

    def recover_from_error(self) -> None:
        self.go_home()
        self.overlay.show_message(
            "error", tr("Sorry, something went wrong"),
            tr("We have gone back to the home page. Please try again."), tr("OK"))

    def closeEvent(self, event):  # noqa: N802 - Qt override
        if self.kiosk_mode and not self.allow_close:
            event.ignore()
            return
        if self.speech is not None:
            self.speech.shutdown()
        super().closeEvent(event)

    def install_tap_guard(self, filter_events: bool = True):
        """The running kiosk's guard against double taps acting twice (see guard.TapGuard), on this
        window's input; filter_events=False: the caller passes that input to its eventFilter
        (guard.EventFilters)."""
        from kiosk.ui.guard import TapGuard

        guard = TapGuard(self)
        for signal in (self.screen_shown, self.ctx.hub.language_changed, self.ctx.hub.elder_mode_changed,
                       self.attract.finished):
            signal.connect(guard.mark_change)
        for cover in (self.overlay, self.attract):
            guard.watch(cover)
        if self.staff_access is not None:
            guard.watch(self.staff_access.panel)
        self.tap_guard = guard  # enable_staff_access() adds the PIN pad when it is made
        if filter_events:
            from kiosk.ui.guard import WindowInput

            guard.window_input = WindowInput(self, guard)
        return guard

    # -- kiosk mode: the whole primary screen ------------------------------------------------------
    def cover_screen(self) -> None:
        """Cover the primary screen, with or without a window manager, and keep covering it when the
        screen changes size or is rotated (without a WM nobody honours the full-screen request)."""
        app = QApplication.instance()
        if not getattr(self, "_following_screens", False):
            self._following_screens = True
            app.primaryScreenChanged.connect(lambda _screen: self.cover_screen())
        screen = app.primaryScreen()
        if screen is None:
            self.showFullScreen()
            return
        if getattr(self, "_followed_screen", None) is not screen:
            self._followed_screen = screen
            screen.geometryChanged.connect(lambda _rect, s=screen: s is app.primaryScreen()
                                           and self.cover_screen())
        geometry = screen.geometry()
        log.info("kiosk window covers the primary screen %s: %dx%d at %d,%d", screen.name(),
                 geometry.width(), geometry.height(), geometry.x(), geometry.y())
        # The screen decides the size: no page's minimum may push the window past its edges.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(0, 0)
        self.setGeometry(geometry)
        self.showFullScreen()
        self.setGeometry(geometry)

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_top_bar()
        covers = [self.overlay, self.attract] + ([self.staff_access.panel] if self.staff_access else [])
        for cover in covers:
            if cover.isVisible():
                cover.setGeometry(self.centralWidget().rect())
