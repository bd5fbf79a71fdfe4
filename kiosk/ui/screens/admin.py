"""Staff only: the hidden long-press + PIN entry, and the admin screen (USB packages, apply, undo, export).

Residents never see any of this: the top bar's title hides a 5-second press that opens a PIN pad;
the right PIN unlocks the "admin" screen until staff leave it or the kiosk resets after idling.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.i18n import format_number, tr
from kiosk.ui.screens.scrolling import ScrollScreen
from kiosk.ui.widgets.common import Card, TapCard, label
from kiosk.ui.widgets.flow import FlowLayout
from kiosk.ui.worker import BackgroundJob

log = logging.getLogger("kiosk.admin")

HOLD_MS = 5000  # the press on the title that opens the PIN pad
MAX_FAILURES = 5
LOCKOUT_S = 60
MAX_LINES = 12  # per table and for indicator values; the rest is counted
SCREENSHOT = "screenshot"  # args that render the screen without a PIN (offscreen platform only)
SCREENSHOT_SAMPLE = "screenshot-sample"  # ... with a sample package signed by a throwaway key


@dataclass
class StaffTools:
    """What the admin screen needs from the running kiosk (set on the window by the application)."""

    data_dir: Path
    factory_db: Path
    started: float
    stats: Any = None  # kiosk.data.stats.UsageStats


def bilingual(zh: str, en: str) -> str:
    return f"{zh}\n{en}"


# What staff see while a job runs on the worker thread (both languages at once, like the results).
BUSY = {
    "check": ("正在检查更新包…", "Checking the package…"),
    "apply": ("正在安装更新包…", "Installing…"),
    "rollback": ("正在恢复之前的内容…", "Going back to the previous content…"),
}
BUSY_HINT = ("请稍候，不要拔出 U 盘。", "Please wait; do not remove the USB stick.")
# Buttons that start or race with a job: disabled while one runs (a second tap does nothing).
RELEASE_CHUNK = 500  # rows freed at a time after an apply
JOB_START_DELAY_MS = 40  # a job's thread starts once the page showing it busy has been painted
JOB_BUTTONS = ("apply", "confirm", "rollback", "export", "scan", "close")


# ---- access: long press on the title, then the PIN ------------------------------------------------

class StaffAccess(QObject):
    """Watches the title for a long press, asks for the PIN, counts failures and unlocks "admin"."""

    def __init__(self, window, hold_ms: int = HOLD_MS):
        super().__init__(window)
        from kiosk.ui.widgets.pin_pad import PinPanel

        self.window = window
        self.hold_ms = hold_ms
        self.unlocked = False
        self.failures = 0
        self.locked_until = 0.0
        self.clock = time.monotonic
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.long_press)
        self.panel = PinPanel(window.centralWidget())
        self.panel.pad.submitted.connect(self.check_pin)
        window.title_label.installEventFilter(self)
        window.screen_shown.connect(self._screen_shown)
        window.ctx.hub.idle_reset.connect(self.lock)
        window.ctx.hub.language_changed.connect(lambda _lang: self.panel.pad.retranslate_ui())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self.timer.start(self.hold_ms)
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Leave, QEvent.Type.Hide):
            self.timer.stop()  # released (or slid off) before the time: an ordinary tap, nothing
        elif kind == QEvent.Type.MouseMove and not obj.rect().contains(event.position().toPoint()):
            self.timer.stop()
        return False

    def long_press(self) -> None:
        pin_hash = self.window.ctx.settings.admin_pin_hash
        if not pin_hash:
            log.warning("staff gesture: no admin_pin_hash in the settings, the admin screen is off "
                        "(python -m kiosk.admin pin-hash)")
            self.window.overlay.show_message(
                "staff", "工作人员入口未配置 / Staff access is not configured",
                bilingual("请由技术人员在设置文件中设置工作人员密码。",
                          "A technician must set the staff PIN in the settings file."), tr("Close"))
            return
        self.panel.open_panel(tr("Staff access"), tr("Enter the staff PIN."))
        self._show_lockout()

    def _show_lockout(self) -> bool:
        left = int(self.locked_until - self.clock() + 0.999)
        locked = left > 0
        self.panel.pad.set_enabled_keys(not locked)
        if locked:
            self.panel.message.setText(tr("Too many wrong PINs. Try again in {n} seconds.").format(n=left))
            QTimer.singleShot(1000, self._refresh_lockout)
        return locked

    def _refresh_lockout(self) -> None:
        if self.panel.isVisible() and not self._show_lockout():
            self.panel.message.setText(tr("Enter the staff PIN."))

    def check_pin(self, pin: str) -> None:
        from kiosk.settings import verify_pin

        if self._show_lockout():
            return
        if verify_pin(pin, self.window.ctx.settings.admin_pin_hash):
            self.failures = 0
            self.panel.close_panel()
            log.info("staff PIN accepted: admin screen opened")
            self.unlocked = True
            self.window.ctx.hub.navigate.emit("admin", None)
            return
        self.failures += 1
        log.warning("wrong staff PIN (%d in a row)", self.failures)
        if self.failures >= MAX_FAILURES:
            self.failures = 0
            self.locked_until = self.clock() + LOCKOUT_S
            self._show_lockout()
        else:
            self.panel.message.setText(tr("Wrong PIN. Please try again."))

    def _screen_shown(self, screen_id: str, _args) -> None:
        if screen_id != "admin":
            self.lock()

    def lock(self) -> None:
        self.unlocked = False
        self.panel.close_panel()


# ---- pure helpers ---------------------------------------------------------------------------------

def indicator_value_changes(old_rows: list[dict], new_rows: list[dict]) -> list[tuple[str, int, Any, Any]]:
    """(indicator code, year, old value or None, new value or None) for every value that changes."""
    old = {(r["indicator_code"], r["year"]): r["value"] for r in old_rows}
    new = {(r["indicator_code"], r["year"]): r["value"] for r in new_rows}
    out = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (str(k[0]), k[1] or 0)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None or float(a) != float(b):
            out.append((str(key[0]), key[1], a, b))
    return out


def make_sample_package(content_path: Path, folder: Path) -> tuple[Path, Path, str]:
    """For screenshots: (stick folder with a package, empty data folder, throwaway public key)."""
    import csv

    from kiosk.admin.builder import build_package
    from kiosk.data.diff import read_database_rows
    from kiosk.data.packages import generate_key_pair, load_private_key
    from kiosk.data.schema import TABLES_BY_NAME

    pem, public = generate_key_pair()
    rows = read_database_rows(content_path, ["indicator_values"])["indicator_values"]
    if rows:
        rows[0] = {**rows[0], "value": round(float(rows[0]["value"]) * 1.1, 1)}
        rows.append({**rows[-1], "year": int(rows[-1]["year"]) + 1,
                     "value": round(float(rows[-1]["value"]) * 1.05, 1)})
    source, stick, data = folder / "exports", folder / "stick", folder / "data"
    for path in (source, stick, data):
        path.mkdir(parents=True, exist_ok=True)
    columns = TABLES_BY_NAME["indicator_values"].column_names
    with open(source / "indicator_values.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows({c: ("" if r.get(c) is None else r[c]) for c in columns} for r in rows)
    # Made-up values: this package exists only in a temp folder for offscreen screenshots.
    out = build_package(source, load_private_key(pem), stick, sequence=202611281530,
                        author="示例 Sample", note="截图示例，非真实数据 / screenshot sample, not real data",
                        against=content_path)
    if out.problems:
        raise RuntimeError(f"sample package: {out.problems[:3]}")
    return stick, data, public


@dataclass
class Checked:
    """What the check job hands back: the prepared package and its indicator value changes."""

    prepared: Any  # generations.Prepared
    value_changes: list[tuple[str, int, Any, Any]]


def check_package(package: Path, data_dir: Path, trusted_keys: list[str], factory_db: Path,
                  shown_db: Path) -> Checked:
    """Worker thread: copy, verify, validate and diff (generations opens its own connections);
    shown_db is the database the kiosk shows now, read here through a connection of this thread."""
    from kiosk.data.diff import read_database_rows
    from kiosk.data.generations import prepare_package

    prepared = prepare_package(package, data_dir, trusted_keys, factory_db)
    old = read_database_rows(shown_db, ["indicator_values"])["indicator_values"]
    return Checked(prepared, indicator_value_changes(old, prepared.rows.get("indicator_values", [])))


def install_and_release(prepared, data_dir: Path, factory_db: Path):
    """On the worker thread: install, then free the package's rows here (freeing 10,000 rows took
    ~29 ms on the UI thread); a refused install keeps them for another try."""
    from kiosk.data import generations

    result = generations.install_prepared(prepared, data_dir, factory_db)  # looked up per call
    if result.ok:  # a few hundred rows per statement, so the UI thread gets the GIL in between
        for table in list(prepared.rows):
            rows = prepared.rows.pop(table)
            while rows:
                del rows[-RELEASE_CHUNK:]
    return result


def as_refusal(error: BaseException):
    """Any failure of a job as a PackageError: its own if it is one, else P_INTERNAL (no traceback)."""
    from kiosk.data.packages import PackageError

    if isinstance(error, PackageError):
        return error
    log.error("admin: unexpected error in a worker job", exc_info=error)
    return PackageError("P_INTERNAL", f"{type(error).__name__}: {error}"[:200])


def _value(v: Any) -> str:
    return "—" if v is None else format_number(v)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


# ---- the screen -----------------------------------------------------------------------------------

class AdminScreen(ScrollScreen):
    """Packages on USB sticks with verdict and diff; apply and roll back with one confirmation; export."""

    screen_id = "admin"

    def __init__(self, ctx, parent=None):
        self.found: list = []
        self.selected: Path | None = None
        self.prepared = None  # generations.Prepared for self.selected
        self.refusal = None  # PackageError for self.selected
        self.prepared_key: tuple = ()
        self.value_changes: list[tuple[str, int, Any, Any]] = []  # of self.prepared
        self.job: BackgroundJob | None = None  # the one job at a time (check, apply or rollback)
        self.busy = ""  # "", "check", "apply" or "rollback": what self.job does
        self.recheck = False  # the selection or the stick changed while a job ran: check again after
        self.batching = False  # a job's outcome is being shown: retranslates wait for its end ...
        self.stale = False  # ... and this says one is owed
        self.shown_busy = ""  # the busy state the page shows now
        self.confirm = ""  # "", "apply", "rollback" or "close"
        self.notice: tuple[bool, str] | None = None  # (ok, text) of the last action
        self.buttons: dict[str, QPushButton] = {}
        self.sample: tuple[Path, Path, str] | None = None  # screenshots only: stick, data dir, key
        self.built_for: tuple | None = None  # page_inputs() of the page built last
        super().__init__(ctx, parent)

    # -- access and services --------------------------------------------------------------------
    def tools(self) -> StaffTools:
        from kiosk.config import FACTORY_DB

        tools = getattr(self.window(), "staff_tools", None)
        if self.sample_mode():
            return StaffTools(self.sample[1], self.ctx.content.path, time.monotonic())
        return tools or StaffTools(self.ctx.settings.data_path, FACTORY_DB, time.monotonic())

    def trusted_keys(self) -> list[str]:
        return [self.sample[2]] if self.sample_mode() else list(self.ctx.settings.trusted_keys)

    def screenshot_mode(self) -> bool:
        return (self.args in (SCREENSHOT, SCREENSHOT_SAMPLE)
                and QGuiApplication.platformName() == "offscreen")

    def sample_mode(self) -> bool:
        return self.args == SCREENSHOT_SAMPLE and self.screenshot_mode() and self.sample is not None

    def allowed(self) -> bool:
        access = getattr(self.window(), "staff_access", None)
        return self.screenshot_mode() or bool(access and access.unlocked)

    def open(self, args=None) -> None:
        self.args = args
        self.confirm, self.notice = "", None
        if args == SCREENSHOT_SAMPLE and self.screenshot_mode() and self.sample is None:
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="kiosk-admin-sample-"))
            self.sample = make_sample_package(self.ctx.content.path, folder)
        if self.allowed():
            with self.one_rebuild():
                self.scan()  # starting the check would rebuild the page once more
        if self.stale or self.built_for != self.page_inputs(self.current_status()):
            self.retranslate_ui()  # else the page already shows all this: no rebuild on a revisit
        self.scroll.scroll_to_top()

    def current_status(self):
        """The installed content's status (generations.ContentStatus), or None off staff mode."""
        if not self.allowed():
            return None
        from kiosk.data.generations import content_status

        tools = self.tools()
        return content_status(tools.data_dir, tools.factory_db)

    def page_inputs(self, status) -> tuple:
        """Everything populate() shows: equal inputs build an equal page."""
        return (self.lang, self.args, self.allowed(), self.busy, self.notice, self.confirm,
                tuple((f.path, f.size, f.mtime, f.mount) for f in self.found), self.selected,
                self.prepared_key, self.prepared is None, self.refusal is None, status)

    def title(self) -> str:
        return tr("Staff: content updates")

    # -- actions ----------------------------------------------------------------------------------
    def scan(self) -> None:
        """Look for packages on the sticks now and check the chosen (else newest) one."""
        from kiosk.data import usb

        self.found = usb.find_packages([self.sample[0]] if self.sample_mode() else None)
        if not self.sample_mode():  # verified packages from the synced inbox folder (issue 15)
            self.found += list(getattr(self.window(), "inbox_packages", []))
        paths = [f.path for f in self.found]
        if self.selected not in paths:
            self.selected = paths[0] if paths else None
        self.check_selected()

    def set_found(self, found: list) -> None:
        """The application's USB poll saw a change while this screen is open."""
        if [f.path for f in found] != [f.path for f in self.found] and self.allowed():
            self.scan()
            self.retranslate_ui()

    def select(self, path: Path) -> None:
        self.selected, self.confirm, self.notice = path, "", None
        self.check_selected()
        self.retranslate_ui()

    def check_selected(self, force: bool = False) -> None:
        """Copy, verify and validate the selected package and compute its diff (nothing applied),
        on the worker thread; the verdict shows when it is done."""
        if self.selected is None:
            self.prepared = self.refusal = None
            self.prepared_key, self.value_changes = (), []
            return
        try:
            st = self.selected.stat()
            key = (self.selected, st.st_size, st.st_mtime)
        except OSError:
            key = (self.selected,)
        if key == self.prepared_key and not force:
            return
        if self.busy:  # one job at a time; the check runs when this one is done
            self.recheck = True
            return
        self.prepared_key, self.prepared, self.refusal, self.value_changes = key, None, None, []
        tools = self.tools()
        self._start("check", lambda result, error: self._checked(key, result, error), check_package,
                    self.selected, tools.data_dir, self.trusted_keys(), tools.factory_db,
                    self.ctx.content.path)

    def _checked(self, key: tuple, result: Checked | None, error: BaseException | None) -> None:
        if key != self.prepared_key:  # a newer check replaced this one
            return
        if error is not None:
            self.refusal = as_refusal(error)
            log.warning("package %s refused: %s", key[0].name, self.refusal.code)
        else:
            self.prepared, self.value_changes = result.prepared, result.value_changes

    # -- the worker thread ------------------------------------------------------------------------
    def _start(self, kind: str, on_done, func, *args) -> bool:
        """Run func(*args) on the worker thread; on_done(result, error) then runs here.
        Screenshots (offscreen only) run it inline so the picture shows the outcome."""
        if self.busy:
            log.warning("admin: %s ignored, %s still running", kind, self.busy)
            return False
        if self.screenshot_mode():
            try:
                result, error = func(*args), None
            except Exception as exc:
                result, error = None, exc
            on_done(result, error)
            return True
        self.busy = kind
        self.job = BackgroundJob(func, *args, name=f"admin-{kind}")
        self.job.done.connect(lambda result, error: self._job_done(on_done, result, error))
        self.job.start(after_ms=JOB_START_DELAY_MS)
        self._show_busy()
        return True

    def _job_done(self, on_done, result, error) -> None:
        import shiboken6

        self.busy, self.job = "", None
        if not shiboken6.isValid(self):  # the window is gone (shut down): nothing to show
            return
        with self.one_rebuild():  # the content switch, the outcome and a new check each asked
            try:  # for a rebuild of the page: one is made, at the end
                on_done(result, error)
            except Exception:  # a bug in showing the outcome must not leave the screen stuck
                log.exception("admin: showing the outcome failed")
            if self.recheck and self.allowed():
                self.recheck = False
                self.check_selected()
        if self.stale or self.on_screen():
            self.retranslate_ui()

    @contextmanager
    def one_rebuild(self):
        """Rebuilds asked for inside wait; self.stale then says whether one is owed."""
        self.batching, self.stale = True, False
        try:
            yield
        finally:
            self.batching = False

    def retranslate_ui(self) -> None:
        if self.batching:
            self.stale = True
            return
        self.stale = False
        super().retranslate_ui()
        self.built_for = self.page_inputs(getattr(self, "status", None) if self.allowed() else None)

    def _show_busy(self) -> None:
        if self.on_screen() and self.shown_busy != self.busy:
            self.retranslate_ui()

    def on_screen(self) -> bool:
        """Staff are on this screen now (a job's outcome may land after they left)."""
        window = self.window()
        return self.allowed() and getattr(window, "current_id", "admin") == "admin"

    def ask(self, what: str) -> None:
        self.confirm, self.notice = what, None
        self.retranslate_ui()
        if what:  # bring the question and its buttons into view
            QTimer.singleShot(50, lambda: "confirm" in self.buttons
                              and self.scroll.ensureWidgetVisible(self.buttons["confirm"], 50, 120))

    def do_apply(self) -> None:
        self.confirm = ""
        if self.prepared is None or self.busy:
            return
        tools, prepared = self.tools(), self.prepared
        info = prepared.info
        log.info("admin: applying package %s", info.sequence)
        self._start("apply", lambda result, error: self._finish(result, error, info),
                    install_and_release, prepared, tools.data_dir, tools.factory_db)

    def do_rollback(self) -> None:
        from kiosk.data.generations import roll_back

        self.confirm = ""
        if self.busy:
            return
        tools = self.tools()
        log.info("admin: rolling back")
        self._start("rollback", lambda result, error: self._finish(result, error), roll_back,
                    tools.data_dir, tools.factory_db)

    def _finish(self, result, error=None, info=None) -> None:
        """On the UI thread, after the worker finished: switch the content, show the outcome."""
        from kiosk.data.generations import ApplyResult

        if error is not None:
            result = ApplyResult.refused(as_refusal(error), info)
        here = self.on_screen()
        if result.ok:
            from kiosk.data.store import current_database

            tools = self.tools()
            if not here:
                log.info("admin: %s finished after staff left the admin screen; switching content",
                         result.message_en)
            self.ctx.hub.content_switch_requested.emit(current_database(tools.data_dir,
                                                                        tools.factory_db))
            self.prepared_key = ()
            self.prepared = None
            if here and self.allowed():  # the same package is now a replay: check it again (its
                self.check_selected()  # thread starts once this outcome is painted: _start)
            self.notice = (True, bilingual(result.message_zh, result.message_en))
        else:
            if not here:
                log.warning("admin: refused after staff left the admin screen: [%s] %s", result.code,
                            result.message_en)
            self.notice = (False, self.refusal_text(result.code, result.message_zh, result.message_en,
                                                    result.problems))
        if here:
            self.retranslate_ui()
            self.scroll.scroll_to_top()

    def do_export(self) -> None:
        from kiosk.data import stats, usb

        if self.busy in ("apply", "rollback"):
            return
        targets = usb.export_targets()  # detected removable sticks only, never any other mount
        chosen = [f.mount for f in self.found if f.path == self.selected and f.mount in targets]
        mounts = chosen + targets  # the stick in use first
        if not mounts:
            self.notice = (False, bilingual(
                "未找到可写入的 U 盘。请插入 U 盘（不要写保护）后再点“导出”。",
                "No USB stick to write to was found. Insert a stick (not write-protected) and tap "
                "Export again."))
        else:
            tools = self.tools()
            if tools.stats is not None:
                tools.stats.flush()
            try:
                folder = stats.export_to(mounts[0], tools.data_dir, tools.started, tools.stats,
                                         tools.factory_db, site=self.ctx.settings.town)
                log.info("statistics exported to %s", folder)
                self.notice = (True, tr("Exported to {folder}").format(folder=str(folder)))
            except OSError as exc:  # the errno and path go to the log, not to the screen
                log.warning("export to %s failed: %s", mounts[0], exc)
                self.notice = (False, self.refusal_text(
                    "P_DISK", "无法写入 U 盘：可能已写保护或已满。请换一个 U 盘再试。",
                    "The stick cannot be written: it may be write-protected or full. "
                    "Try another stick.", []))
        self.retranslate_ui()

    def do_close(self) -> None:
        log.info("kiosk closed by staff from the admin screen")
        window = self.window()
        window.allow_close = True
        window.close()

    def leave(self) -> None:
        self.ctx.hub.go_home.emit()

    # -- building the page ------------------------------------------------------------------------
    @staticmethod
    def refusal_text(code: str, zh: str, en: str, problems) -> str:
        lines = [f"[{code}] {zh}", en]
        lines += [str(p) for p in problems[:MAX_LINES]]
        if len(problems) > MAX_LINES:
            lines.append(f"… +{len(problems) - MAX_LINES}")
        return "\n".join(lines)

    def _card(self, heading: str, role: str = "Card") -> Card:
        card = Card(role=role)
        card.body.addWidget(label(heading, role="Heading"))
        self.body.addWidget(card)
        return card

    def _button(self, key: str, text: str, slot, row: FlowLayout) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(64)
        button.clicked.connect(lambda _=False: slot())
        row.addWidget(button)
        self.buttons[key] = button
        return button

    def _row(self, parent) -> FlowLayout:
        """Buttons side by side, wrapping when the page is narrow (portrait, elder mode)."""
        holder = QWidget()
        row = FlowLayout(holder, spacing=12)
        parent.addWidget(holder)
        return row

    def populate(self) -> None:
        self.buttons = {}
        self.shown_busy = self.busy
        if not self.allowed():
            self.add_text(tr("This page is for staff only."), role="Muted")
            return
        if self.busy:
            zh, en = BUSY[self.busy]
            busy = label(bilingual(zh, en) + "\n" + bilingual(*BUSY_HINT), role="Banner")
            busy.setObjectName("Busy")
            self.busy_label = busy
            self.body.addWidget(busy)
        if self.notice:
            ok, text = self.notice
            note = label(("✓ " if ok else "✗ ") + text, role="Banner")
            self.notice_label = note
            self.body.addWidget(note)
        self.status = self.current_status()  # UI thread
        self._packages()
        if self.selected is not None and self.busy != "check":
            self._verdict()
        self._installed()
        self._tools()
        self._disable_while_busy()

    def _disable_while_busy(self) -> None:
        """While a job runs nothing can start another: apply, undo, confirm, look again, choosing
        another package. Export and close wait for an install or rollback, not for a check."""
        if not self.busy:
            return
        blocked = set(JOB_BUTTONS)
        if self.busy == "check":
            blocked -= {"export", "close"}
        for key, button in self.buttons.items():
            button.setEnabled(key not in blocked)
        for button in self.package_buttons:
            button.setEnabled(False)

    def _installed(self) -> None:
        s = self.status
        card = self._card(tr("Installed content"))
        if s.damaged:
            card.body.addWidget(label(tr("The installed content is damaged"), role="Danger"))
            for en, zh in s.problems:
                card.body.addWidget(label("✗ " + bilingual(zh, en), role="Danger"))
            if s.fallback:
                en, zh = s.fallback
                card.body.addWidget(label(bilingual(
                    f"信息亭现改为显示{zh}。请重新安装最新的更新包，或恢复之前的内容。",
                    f"The kiosk shows {en} instead. Apply the latest package again, or go back "
                    "to the previous content."), role="Danger"))
        if s.factory and not s.damaged:  # when damaged, the red lines above say what is shown
            card.body.addWidget(label(tr("Factory content (no package installed).")))
        else:
            card.body.addWidget(label(tr("Package {seq}, generation {gen}, applied {when}").format(
                seq=s.sequence, gen=s.generation, when=s.applied)))
        card.body.addWidget(label(tr("Content version {version}, data as of {date}").format(
            version=s.content_version or "?", date=s.content_date or "?"), role="Muted"))
        card.body.addWidget(label(tr("Highest package number ever installed: {seq}").format(
            seq=s.high_water or "—"), role="Muted"))
        if s.can_roll_back:
            row = self._row(card.body)
            self._button("rollback", tr("Undo: go back to the previous content"),
                         lambda: self.ask("rollback"), row)
        if self.confirm == "rollback":
            self._confirm_panel(card, tr("Go back to the previous content? The current package "
                                         "cannot be applied again afterwards."),
                                tr("Yes, go back"), self.do_rollback)

    def _packages(self) -> None:
        card = self._card(tr("Packages on USB sticks"))
        self.package_buttons: list[TapCard] = []
        if not self.found:
            card.body.addWidget(label(tr("No update package found. Insert the USB stick with a "
                                         ".kpkg file at its top level or in a folder named kiosk."),
                                      role="Muted"))
        for found in self.found:
            chosen = found.path == self.selected
            button = TapCard(("✓ " if chosen else "") + found.path.name,
                             f"{_size(found.size)}  ·  {found.mount}")
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _=False, p=found.path: self.select(p))
            self.package_buttons.append(button)
            card.body.addWidget(button)
        row = self._row(card.body)
        self._button("scan", tr("Look again"), self._rescan, row)

    def _rescan(self) -> None:
        if self.busy:
            return
        self.notice, self.confirm = None, ""
        self.prepared_key = ()
        self.scan()
        self.retranslate_ui()

    def _verdict(self) -> None:
        if self.refusal is not None:
            err = self.refusal
            card = self._card(tr("Refused: this package will not be applied"), role="Panel")
            refusal = label(self.refusal_text(err.code, err.message_zh, err.message_en, err.problems))
            refusal.setObjectName("Refusal")
            card.body.addWidget(refusal)
            self.refusal_label = refusal
            return
        if self.prepared is None:
            return
        info = self.prepared.info
        m = info.manifest
        card = self._card(tr("Package {seq}").format(seq=m.sequence), role="Panel")
        card.body.addWidget(label("✓ " + tr("Signature verified: signed by trusted key {fp}").format(
            fp=info.signer)))
        card.body.addWidget(label(tr("Package number {seq}; installed now {installed}; highest ever "
                                     "{high}").format(seq=m.sequence, installed=self.status.sequence or "—",
                                                      high=self.status.high_water or "—")))
        card.body.addWidget(label(tr("Made {created} by {author}").format(
            created=m.created, author=m.author or "—"), role="Muted"))
        from kiosk.data.packages import far_future_warning

        if far := far_future_warning(m.sequence):
            card.body.addWidget(label("⚠ " + bilingual(far[1], far[0]), role="Danger"))
        if m.note:
            card.body.addWidget(label(m.note, role="Muted"))
        self._diff(card)
        row = self._row(card.body)
        self._button("apply", tr("Apply this package"), lambda: self.ask("apply"), row)
        removals = self.prepared.removals
        if self.confirm == "apply":
            self._confirm_panel(card, tr("Apply package {seq} now? Residents see the new content at "
                                         "once; you can undo it.").format(seq=m.sequence),
                                tr("Yes, apply"),
                                (lambda: self.ask("apply_removal")) if removals else self.do_apply)
        elif self.confirm == "apply_removal" and removals:
            lines = [tr("Really remove these rows? {removed} of {before} rows of {table}").format(
                removed=removed, before=before, table=name) for name, (removed, before) in
                sorted(removals.items())]
            self._confirm_panel(card, "\n".join(lines), tr("Yes, remove them and apply"),
                                self.do_apply, role="Danger")

    def _diff(self, card: Card) -> None:
        diff = self.prepared.diff
        added, changed, removed = diff.totals()
        card.body.addWidget(label(tr("What changes (rows): {a} added, {c} changed, {r} removed").format(
            a=added, c=changed, r=removed), role="Heading"))
        self.removal_labels = []
        for name, (gone, before) in sorted(self.prepared.removals.items()):
            warning = label(tr("Removes {removed} of the {before} rows of table {table}: the "
                                      "package's maker allowed this. Check before applying.").format(
                removed=gone, before=before, table=name), role="Danger")
            self.removal_labels.append(warning)
            card.body.addWidget(warning)
        for t in diff.tables:
            card.body.addWidget(label(tr("Table {table}: {a} added, {c} changed, {r} removed, "
                                         "{u} unchanged").format(table=t.table, a=t.added, c=t.changed,
                                                                 r=t.removed, u=t.unchanged)))
            if t.table == "indicator_values":
                self._indicator_values(card)
                continue
            lines = [f"+ {'/'.join(map(str, k))}" for k in t.added_keys]
            lines += [f"- {'/'.join(map(str, k))}" for k in t.removed_keys]
            for ch in t.changes:
                cols = ", ".join(f"{c}: {o} → {n}" for c, (o, n) in ch.columns.items())
                lines.append(f"~ {'/'.join(map(str, ch.key))}: {cols}"[:200])
            if lines:
                more = t.added + t.removed + t.changed - min(len(lines), MAX_LINES)
                text = "\n".join(lines[:MAX_LINES])
                if more > 0:
                    text += "\n" + tr("… and {n} more").format(n=more)
                card.body.addWidget(label(text, role="Small"))
        if diff.carried_over:
            card.body.addWidget(label(tr("Not in the package, kept as they are: {tables}").format(
                tables=", ".join(diff.carried_over)), role="Small"))

    def _indicator_values(self, card: Card) -> None:
        changes = self.value_changes  # computed with the verdict, on the worker thread
        lines = []
        for code, year, a, b in changes[:MAX_LINES]:
            ind = self.ctx.content.indicator(code)
            name = self.t(ind.name) if ind else code
            lines.append(f"{code} {name} · {year}: {_value(a)} → {_value(b)}")
        if len(changes) > MAX_LINES:
            lines.append(tr("… and {n} more").format(n=len(changes) - MAX_LINES))
        text = label("\n".join(lines) if lines else tr("No indicator value changes."))
        text.setObjectName("DiffValues")
        self.values_label = text
        card.body.addWidget(text)

    def _confirm_panel(self, card: Card, question: str, yes: str, action, role: str = "Heading") -> None:
        panel = Card(role="Panel")
        question_label = label(question, role=role)
        self.question_label = question_label
        panel.body.addWidget(question_label)
        row = self._row(panel.body)
        self._button("confirm", yes, action, row)
        self._button("cancel", tr("Cancel"), lambda: self.ask(""), row)
        card.body.addWidget(panel)

    def _tools(self) -> None:
        card = self._card(tr("Staff tools"))
        card.body.addWidget(label(tr("Export writes usage statistics (CSV), the health report and the "
                                     "event log to a new folder on the stick."), role="Muted"))
        row = self._row(card.body)
        self._button("export", tr("Export statistics to the stick"), self.do_export, row)
        self._button("leave", tr("Leave staff mode"), self.leave, row)
        self._button("close", tr("Close the kiosk"), lambda: self.ask("close"), row)
        if self.confirm == "close":
            self._confirm_panel(card, tr("Close the kiosk program? Residents cannot use it until it "
                                         "is started again."), tr("Yes, close"), self.do_close)

    def reset(self) -> None:
        self.confirm, self.notice = "", None
        super().reset()

    @classmethod
    def screenshot_args(cls, ctx) -> list[tuple[str, Any]]:
        return [("", SCREENSHOT), ("package", SCREENSHOT_SAMPLE)]
