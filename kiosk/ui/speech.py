"""Read-aloud through QtTextToSpeech, offered only when a real engine has a voice for the language."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QLocale, QObject

log = logging.getLogger(__name__)
# Qt ships a "mock" engine for its own tests; it is never offered to residents unless asked for.
ENGINE_OVERRIDE = "KIOSK_TTS_ENGINE"


class ReadAloud(QObject):
    """Wraps one QTextToSpeech; every failure (no module, no engine, no voice) means 'not offered'."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = None
        self._locales: dict[str, QLocale | None] = {}
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except (ImportError, OSError) as exc:  # e.g. libpulse missing on the machine
            log.info("read-aloud unavailable: %s", exc)
            return
        wanted = os.environ.get(ENGINE_OVERRIDE)
        names = [wanted] if wanted else [e for e in QTextToSpeech.availableEngines() if e != "mock"]
        for name in names:
            engine = QTextToSpeech(name, self)
            if engine.state() != QTextToSpeech.State.Error:
                self.engine = engine
                break
            engine.deleteLater()

    def locale_for(self, lang: str) -> QLocale | None:
        if self.engine is None:
            return None
        if lang not in self._locales:  # asked on every page change; the engine's answer is kept
            self._locales[lang] = self._find_locale(lang)
        return self._locales[lang]

    def _find_locale(self, lang: str) -> QLocale | None:
        language = QLocale.Language.Chinese if lang.startswith("zh") else QLocale.Language.English
        for locale in self.engine.availableLocales():
            if locale.language() == language:
                return locale
        return None

    def available(self, lang: str) -> bool:
        return self.locale_for(lang) is not None

    def say(self, text: str, lang: str) -> bool:
        locale = self.locale_for(lang)
        if locale is None or not text.strip():
            return False
        self.engine.stop()
        self.engine.setLocale(locale)
        self.engine.say(text)
        return True

    def stop(self) -> None:
        """Every page change calls this: stopping an idle engine cost ~4 ms, so only stop a voice."""
        if self.engine is not None and self.engine.state() != self.engine.State.Ready:
            self.engine.stop()
