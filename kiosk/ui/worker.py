"""Run one Qt-free function off the UI thread and hand its outcome back on the UI thread.

    job = BackgroundJob(prepare_package, path, data_dir, keys, factory, name="check")
    job.done.connect(on_done)        # on_done(result, error): exactly one of them is not None
    job.start()

The function runs on a plain Python thread (daemon: a half-done job never keeps the process alive;
the data layer is crash-safe). It must not touch widgets or objects of the UI thread, and anything
thread-bound it needs (a sqlite3 connection, say) it must create itself. `done` is emitted on the
thread that created the job (queued through that thread's event loop), after the work has ended,
so its slots can update widgets. An exception in the function is delivered as `error`, never raised.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

log = logging.getLogger("kiosk.worker")

_RUNNING: set[BackgroundJob] = set()  # keeps each job (and its QObject) alive until `done` is delivered

# While a job runs, the UI thread must get the GIL back quickly: a 1 ms switch interval (not 5 ms)
# bounds each wait, and the cyclic collector is paused, because a full collection over a job's
# 10,000 rows held the GIL for ~190 ms (the rows themselves are freed by reference counting).
JOB_SWITCH_INTERVAL_S = 0.001
_quiet_lock = threading.Lock()
_quiet_jobs = 0
_saved: dict = {}


def _enter_job() -> None:
    global _quiet_jobs
    with _quiet_lock:
        if _quiet_jobs == 0:
            _saved.update(interval=sys.getswitchinterval(), gc=gc.isenabled())
            sys.setswitchinterval(JOB_SWITCH_INTERVAL_S)
            gc.disable()
        _quiet_jobs += 1


def _leave_job() -> None:
    global _quiet_jobs
    with _quiet_lock:
        _quiet_jobs -= 1
        if _quiet_jobs == 0:
            sys.setswitchinterval(_saved["interval"])
            if _saved["gc"]:
                gc.enable()


class BackgroundJob(QObject):
    """func(*args, **kwargs) on a worker thread; `done(result, error)` on the creating thread."""

    done = Signal(object, object)
    _ended = Signal(object, object)  # emitted from the worker thread, queued to this object's thread

    def __init__(self, func: Callable[..., Any], *args: Any, name: str = "job", **kwargs: Any):
        super().__init__()  # no parent: the job outlives nothing it reports to by accident
        self.func, self.args, self.kwargs, self.name = func, args, kwargs, name
        self.finished = threading.Event()  # set in the worker thread when func has returned or raised
        self.delivered = False
        self._thread: threading.Thread | None = None
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self, after_ms: int = 0) -> BackgroundJob:
        """Run the function on a new thread, now or after_ms later: a UI thread that is about to lay
        out and paint a page does it faster without a busy thread sharing the GIL with it."""
        if self._thread is not None:
            raise RuntimeError(f"job {self.name} already started")
        _RUNNING.add(self)
        self._thread = threading.Thread(target=self._run, name=f"kiosk-{self.name}", daemon=True)
        if after_ms > 0:
            QTimer.singleShot(after_ms, self, self._thread.start)
        else:
            self._thread.start()
        return self

    def running(self) -> bool:
        return self._thread is not None and not self.delivered

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the function has ended (its result is delivered later, by the event loop; a
        delayed start needs the event loop to run first)."""
        return self.finished.wait(timeout)

    def _run(self) -> None:
        result = error = None
        _enter_job()
        try:
            result = self.func(*self.args, **self.kwargs)
        except Exception as exc:  # delivered to the UI thread as a value; the receiver logs it
            log.debug("background job %s raised %r", self.name, exc)
            error = exc
        finally:
            _leave_job()
        self.finished.set()
        self._ended.emit(result, error)

    @Slot(object, object)
    def _deliver(self, result: Any, error: Any) -> None:
        self.delivered = True
        _RUNNING.discard(self)
        self.done.emit(result, error)


def run_in_background(func: Callable[..., Any], *args: Any, on_done: Callable[[Any, Any], None],
                      name: str = "job", **kwargs: Any) -> BackgroundJob:
    """Start func(*args, **kwargs) on a worker thread; on_done(result, error) runs on this thread."""
    job = BackgroundJob(func, *args, name=name, **kwargs)
    job.done.connect(on_done)
    return job.start()


def running_jobs() -> list[BackgroundJob]:
    """Jobs started and not yet delivered (for shutdown and tests)."""
    return list(_RUNNING)
