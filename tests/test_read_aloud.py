"""Read-aloud is offered only with a real voice for the current language."""

from __future__ import annotations

import pytest

from kiosk.ui.speech import ENGINE_OVERRIDE, ReadAloud


def test_hidden_without_a_usable_engine(kiosk, qtbot, monkeypatch):
    monkeypatch.delenv(ENGINE_OVERRIDE, raising=False)
    kiosk.window.init_speech(again=True)
    speech = kiosk.window.speech
    for lang in ("zh_CN", "en"):
        kiosk.window.set_language(lang)
        assert kiosk.window.read_button.isVisible() == speech.available(lang)


def test_shown_for_a_language_the_engine_speaks(kiosk, qtbot, monkeypatch):
    monkeypatch.setenv(ENGINE_OVERRIDE, "mock")  # Qt's test engine: English voices only
    probe = ReadAloud()
    if probe.engine is None:
        pytest.skip("QtTextToSpeech cannot load on this machine (e.g. libpulse missing)")
    kiosk.window.init_speech(again=True)
    kiosk.window.set_language("en")
    assert kiosk.window.read_button.isVisible()
    assert kiosk.window.speech.say("Home", "en")
    kiosk.window.set_language("zh_CN")
    assert not kiosk.window.read_button.isVisible()  # no Chinese voice: no button, no silence
