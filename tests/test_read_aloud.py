"""Read-aloud is offered only with a real voice for the current language, and never blocks the UI."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import socket
import wave

import pytest

from kiosk.ui.speech import ENGINE_OVERRIDE, TIMEOUT_ENV, ReadAloud, choose_voice
from kiosk.ui.speech_wav import is_silent, synthesize_wav

# What speech-dispatcher with espeak-ng reports through Qt: Mandarin arrives with locale "C".
ESPEAK_VOICES = [
    {"name": "Bishnupriya Manipuri", "locale": "C", "language": "en-POSIX"},
    {"name": "Bishnupriya Manipuri+Max", "locale": "C", "language": ""},
    {"name": "Chinese (Cantonese)", "locale": "yue_HK", "language": "yue-HK"},
    {"name": "Chinese (Mandarin, latin as English)", "locale": "C", "language": "en-POSIX"},
    {"name": "Chinese (Mandarin, latin as Pinyin)", "locale": "C", "language": "en-POSIX"},
    {"name": "English (Caribbean)", "locale": "en_US", "language": "en-US"},
    {"name": "English (America)", "locale": "en_US", "language": "en-US"},
]


def test_mandarin_is_found_by_name_when_its_locale_is_c():
    assert choose_voice(ESPEAK_VOICES, "zh_CN")["name"] == "Chinese (Mandarin, latin as English)"
    assert choose_voice(ESPEAK_VOICES, "en")["name"] == "English (America)"
    # a language code is enough too, and Cantonese is better than nothing
    assert choose_voice([{"name": "x", "locale": "cmn", "language": "cmn"}], "zh_CN")
    assert choose_voice([{"name": "Chinese (Cantonese)", "locale": "C", "language": ""}], "zh_CN")
    assert choose_voice([{"name": "Chinese (Mandarin, latin as English)", "locale": "C"}], "en") is None
    assert choose_voice([{"name": "Deutsch", "locale": "de_DE", "language": "de-DE"}], "zh_CN") is None


def wait_settled(qtbot, speech: ReadAloud, timeout_ms: int = 20000) -> None:
    qtbot.waitUntil(lambda: speech.status != "probing", timeout=timeout_ms)


def test_hidden_without_a_usable_engine(kiosk, qtbot, monkeypatch):
    monkeypatch.delenv(ENGINE_OVERRIDE, raising=False)
    kiosk.window.init_speech(again=True)
    speech = kiosk.window.speech
    wait_settled(qtbot, speech)
    for lang in ("zh_CN", "en"):
        kiosk.window.set_language(lang)
        assert kiosk.window.read_button.isVisible() == speech.available(lang)


def mock_speech_in_english(kiosk, qtbot, monkeypatch) -> ReadAloud:
    """Read-aloud on Qt's test engine (English voices only), ready, the kiosk in English."""
    monkeypatch.setenv(ENGINE_OVERRIDE, "mock")
    kiosk.window.init_speech(again=True)
    speech = kiosk.window.speech
    wait_settled(qtbot, speech)
    if speech.status != "ready":
        pytest.skip("QtTextToSpeech cannot load on this machine (e.g. libpulse missing)")
    kiosk.window.set_language("en")
    return speech


def test_shown_for_a_language_the_engine_speaks(kiosk, qtbot, monkeypatch):
    speech = mock_speech_in_english(kiosk, qtbot, monkeypatch)
    assert kiosk.window.read_button.isVisible()
    states = []
    speech.state_changed.connect(states.append)
    assert speech.say("Home", "en")
    qtbot.waitUntil(lambda: "speaking" in states, timeout=10000)  # the helper's engine speaks
    kiosk.window.set_language("zh_CN")
    assert not kiosk.window.read_button.isVisible()  # no Chinese voice: no button, no silence


def test_a_page_change_stops_what_is_spoken_and_wakes_nobody_otherwise(kiosk, qtbot, monkeypatch):
    """Leaving a page stops its sentence; a page change with nothing said sends the helper nothing
    (a "stop" on every page change woke the helper and the speech server each time)."""
    speech = mock_speech_in_english(kiosk, qtbot, monkeypatch)
    sent = []
    send = speech._send
    monkeypatch.setattr(speech, "_send", lambda command: sent.append(command) or send(command))
    hub = kiosk.window.ctx.hub
    hub.navigate.emit("indicators", None)
    hub.navigate.emit("routes", None)
    assert sent == []
    states = []
    speech.state_changed.connect(states.append)
    kiosk.window.read_aloud()
    qtbot.waitUntil(lambda: "speaking" in states, timeout=10000)
    hub.navigate.emit("indicators", None)
    assert [c for c in sent if "stop" in c] == [{"stop": True}]
    qtbot.waitUntil(lambda: states[-1] != "speaking", timeout=10000)  # the mock engine stopped
    hub.navigate.emit("home", None)
    assert len([c for c in sent if "stop" in c]) == 1


def test_a_hanging_speech_engine_never_blocks_the_window(kiosk, qtbot, monkeypatch, tmp_path, caplog):
    """A speech-dispatcher that accepts the connection and never answers: the UI keeps working and
    the button stays hidden once the probe gives up."""
    if ctypes.util.find_library("speechd") is None:
        pytest.skip("libspeechd (speech-dispatcher's client library) is not installed: make system-deps")
    path = tmp_path / "speechd.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(4)  # accepts, never reads or answers
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    monkeypatch.delenv(ENGINE_OVERRIDE, raising=False)
    monkeypatch.setenv(TIMEOUT_ENV, "2")
    try:
        kiosk.window.init_speech(again=True)
        speech = kiosk.window.speech
        kiosk.window.ctx.hub.navigate.emit("indicators", None)  # the window still answers at once
        assert kiosk.window.current_id == "indicators"
        wait_settled(qtbot, speech)
        assert speech.status == "off"
        assert not kiosk.window.read_button.isVisible()
        assert "did not answer" in caplog.text
    finally:
        server.close()


SENTENCES = {"zh_CN": "金山区市民信息亭欢迎您。", "en": "Welcome to the Jinshan citizen kiosk."}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_each_language_is_spoken_aloud_not_silence(lang, tmp_path):
    """espeak-ng (the engine behind speech-dispatcher here) writes the sentence to a WAV that is
    not silent, with the voice the kiosk would choose."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make system-deps)")
    wav = tmp_path / f"{lang}.wav"
    voice = synthesize_wav(SENTENCES[lang], lang, wav)
    assert voice, "no espeak-ng voice for the language"
    with wave.open(str(wav)) as fh:
        assert fh.getnframes() > fh.getframerate() // 2  # at least half a second of speech
    assert not is_silent(wav)
    assert os.path.getsize(wav) > 10_000
