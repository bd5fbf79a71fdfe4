"""The read-aloud helper process: it alone touches QTextToSpeech, so a hung engine never freezes the UI.

Protocol (one JSON object per line): the helper first prints {"engine": name, "voices": [...]}
(or {"error": text}); then it reads {"say": text, "voice": name} and {"stop": true} on stdin and
prints {"state": "speaking"|"ready"|"error"} when the engine's state changes. EOF on stdin ends it.
"""

from __future__ import annotations

import json
import os
import sys

ENGINE_OVERRIDE = "KIOSK_TTS_ENGINE"


def emit(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def voice_record(voice) -> dict:
    """Name, locale and language code; Qt's "C" locale (bcp47 "en-POSIX") means: language unknown."""
    from PySide6.QtCore import QLocale

    locale = voice.locale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return {"name": voice.name(), "locale": "C", "language": ""}
    return {"name": voice.name(), "locale": locale.name(), "language": locale.bcp47Name()}


def open_engine(QTextToSpeech):  # noqa: N803 - the Qt class, imported late
    """The first engine that loads (never Qt's 'mock' test engine unless asked for by name)."""
    wanted = os.environ.get(ENGINE_OVERRIDE)
    names = [wanted] if wanted else [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    for name in names:
        engine = QTextToSpeech(name)
        if engine.state() != QTextToSpeech.State.Error:
            return name, engine
    return "", None


def every_voice(engine, QLocale) -> list:  # noqa: N803 - the Qt class, imported late
    """All voices of every locale (allVoices(None); a default QLocale() would mean the system's)."""
    try:
        return list(engine.allVoices(None))
    except TypeError:
        voices = []
        for locale in [QLocale.c(), *engine.availableLocales()]:
            voices.extend(engine.allVoices(locale))
        return voices


def main() -> int:
    from PySide6.QtCore import QCoreApplication, QLocale, QSocketNotifier

    app = QCoreApplication(sys.argv[:1])
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except (ImportError, OSError) as exc:  # e.g. libpulse missing on the machine
        emit({"error": f"QtTextToSpeech cannot load: {exc}"})
        return 0
    name, engine = open_engine(QTextToSpeech)
    if engine is None:
        emit({"error": "no speech engine loads"})
        return 0
    voices = {}
    for voice in every_voice(engine, QLocale):
        if "+" not in voice.name():  # espeak-ng's variants ("Chinese (Mandarin)+Max") add nothing
            voices.setdefault(voice.name(), voice)
    emit({"engine": name, "voices": [voice_record(v) for v in voices.values()]})
    states = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Ready: "ready",
              QTextToSpeech.State.Error: "error"}
    engine.stateChanged.connect(lambda s: s in states and emit({"state": states[s]}))
    pending = bytearray()

    def handle(command: dict) -> None:
        engine.stop()
        if "say" in command:
            voice = voices.get(command.get("voice", ""))
            if voice is not None:
                engine.setVoice(voice)
            engine.say(str(command["say"]))

    def readable() -> None:
        data = os.read(0, 65536)
        if not data:
            app.quit()
            return
        pending.extend(data)
        while b"\n" in pending:
            line, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            try:
                handle(json.loads(line))
            except (ValueError, TypeError, AttributeError):
                continue

    notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)
    notifier.activated.connect(readable)
    app.exec()
    engine.stop()
    return 0
