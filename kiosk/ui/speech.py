"""Read-aloud, offered only when a real engine has a voice for the language; the engine runs in a
helper process (speech_helper) so a speech engine that hangs can never freeze the touch screen."""

from __future__ import annotations

import json
import logging
import os
import re
import sys

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from kiosk.config import ROOT
from kiosk.ui.speech_helper import ENGINE_OVERRIDE

log = logging.getLogger(__name__)
TIMEOUT_ENV = "KIOSK_TTS_TIMEOUT_S"
PROBE_TIMEOUT_S = 10.0  # a healthy speech-dispatcher answers in well under a second
HELPER_FLAG = "--speech-helper"
__all__ = ["ENGINE_OVERRIDE", "ReadAloud", "choose_voice", "helper_command"]


def helper_command() -> list[str]:
    """This program again, as the speech helper (the bundle's executable, or main.py from source)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HELPER_FLAG]
    return [sys.executable, str(ROOT / "main.py"), HELPER_FLAG]


def probe_timeout_s() -> float:
    try:
        return max(0.5, float(os.environ.get(TIMEOUT_ENV, PROBE_TIMEOUT_S)))
    except ValueError:
        return PROBE_TIMEOUT_S


def _tokens(text: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", text.lower())) - {""}


def voice_score(voice: dict, lang: str) -> int:
    """How well a voice fits a language: 0 means not at all. espeak-ng's Mandarin reaches Qt with
    locale "C", so the voice name and language code count as well as the locale."""
    name = voice.get("name", "")
    words = _tokens(name)
    code = str(voice.get("language") or voice.get("locale") or "").lower().replace("_", "-")
    if code in ("c", "posix", "en-posix"):  # Qt's "no idea": only the name can tell
        code = ""
    primary = code.split("-")[0]
    if lang.startswith("zh"):
        if primary in ("zh", "cmn") and "yue" not in code and "hk" not in code.split("-"):
            score = 100
        elif words & {"mandarin", "cmn", "zh", "putonghua"}:
            score = 90 - (5 if "pinyin" in words else 0)
        elif primary == "yue" or words & {"cantonese", "yue"}:
            score = 50
        else:
            return 0
    else:
        if primary == "en" and not words & {"chinese", "latin"}:
            score = 100 + (5 if code.endswith(("us", "gb")) else 0)
        elif name.lower().startswith("english"):
            score = 80
        else:
            return 0
        score += 3 if words & {"america", "britain"} else 0  # the plain accents, not "Caribbean"
    return score


def choose_voice(voices: list[dict], lang: str) -> dict | None:
    """The best voice for the language, or None (then the button stays hidden)."""
    scored = [(voice_score(v, lang), -i, v) for i, v in enumerate(voices)]
    best = max((s for s in scored if s[0] > 0), default=None, key=lambda s: s[:2])
    return best[2] if best else None


class ReadAloud(QObject):
    """Starts the helper and waits for its list of voices without blocking; every failure
    (no module, no engine, no voice, no answer in time) means 'not offered'."""

    changed = Signal()  # the helper answered, gave up, or died: the button's visibility may change
    state_changed = Signal(str)  # "speaking", "ready", "error" as the helper reports them

    def __init__(self, parent: QObject | None = None, timeout_s: float | None = None):
        super().__init__(parent)
        self.engine = ""
        self.voices: list[dict] = []
        self.chosen: dict[str, dict | None] = {}
        self.status = "probing"  # -> "ready" or "off"
        self.buffer = bytearray()
        self.process: QProcess | None = None
        # A sentence was sent since the last stop. Only then does a page change send "stop": sent on
        # every page change, it woke the helper and the speech server each time on a two-core kiosk.
        self.said = False
        if os.environ.get(ENGINE_OVERRIDE, "").lower() == "none":
            self.status = "off"
            return
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self.process.setStandardErrorFile(QProcess.nullDevice())
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._process_error)
        self.timeout_s = probe_timeout_s() if timeout_s is None else timeout_s
        self.timer = QTimer(self)  # before start(): a failure to start may be reported at once
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timed_out)
        self.timer.start(int(self.timeout_s * 1000))
        command = helper_command()
        self.process.start(command[0], command[1:])

    # -- helper process ---------------------------------------------------------------------------
    def _read(self) -> None:
        self.buffer.extend(bytes(self.process.readAllStandardOutput()))
        while b"\n" in self.buffer:
            line, _, rest = bytes(self.buffer).partition(b"\n")
            self.buffer[:] = rest
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                self._handle(message)

    def _handle(self, message: dict) -> None:
        if "state" in message:
            self.state_changed.emit(str(message["state"]))
            return
        if self.status != "probing":
            return
        self.timer.stop()
        if "error" in message:
            self._give_up(f"read-aloud unavailable: {message['error']}")
            return
        self.engine = str(message.get("engine", ""))
        self.voices = [v for v in message.get("voices", []) if isinstance(v, dict)]
        self.chosen = {lang: choose_voice(self.voices, lang) for lang in ("zh_CN", "en")}
        self.status = "ready"
        for lang, voice in self.chosen.items():
            if voice is None:
                log.info("read-aloud: engine %s has no voice for %s (%d voices): button hidden",
                         self.engine, lang, len(self.voices))
            else:
                log.info("read-aloud: engine %s, voice %r (%s) for %s", self.engine, voice.get("name"),
                         voice.get("language") or voice.get("locale"), lang)
        self.changed.emit()

    def _timed_out(self) -> None:
        if self.status == "probing":
            self._give_up(f"read-aloud: the speech engine did not answer within {self.timeout_s:g} s; "
                          "read-aloud is hidden")

    def _finished(self, *_args) -> None:
        if self.status == "probing":
            self._give_up("read-aloud: the speech helper ended before answering; read-aloud is hidden")
        elif self.status == "ready":
            log.warning("read-aloud: the speech helper ended; read-aloud is hidden")
            self.status = "off"
            self.changed.emit()

    def _process_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart and self.status == "probing":
            self._give_up("read-aloud: the speech helper could not start; read-aloud is hidden")

    def _give_up(self, why: str) -> None:
        if "did not answer" in why:
            log.warning(why)
        else:
            log.info(why)
        self.status = "off"
        self.timer.stop()
        self.shutdown()
        self.changed.emit()

    def shutdown(self) -> None:
        """End the helper (never waits for a hung engine)."""
        process, self.process = self.process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.finished.disconnect(self._finished)
            process.kill()
            process.waitForFinished(200)

    # -- what the window asks ---------------------------------------------------------------------
    def voice_for(self, lang: str) -> dict | None:
        if self.status != "ready":
            return None
        return self.chosen.get("zh_CN" if lang.startswith("zh") else "en")

    def available(self, lang: str) -> bool:
        return self.voice_for(lang) is not None

    def _send(self, command: dict) -> bool:
        if self.process is None or self.process.state() != QProcess.ProcessState.Running:
            return False
        self.process.write((json.dumps(command, ensure_ascii=False) + "\n").encode("utf-8"))
        return True

    def say(self, text: str, lang: str) -> bool:
        voice = self.voice_for(lang)
        if voice is None or not text.strip():
            return False
        sent = self._send({"say": text, "voice": voice.get("name", "")})
        self.said = self.said or sent
        return sent

    def stop(self) -> None:
        """Every page change calls this: a message to the helper if anything was said since the last
        stop, never a wait on the engine."""
        if self.status == "ready" and self.said:
            self.said = False
            self._send({"stop": True})
