"""Proof that read-aloud makes sound: espeak-ng (the engine behind speech-dispatcher) writes a WAV."""

from __future__ import annotations

import array
import shutil
import subprocess
import sys
import wave
from pathlib import Path

from kiosk.ui.speech import choose_voice


def espeak_voices() -> list[dict]:
    """espeak-ng's voices as the kiosk's voice records: name as speech-dispatcher shows it, code."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, "--voices"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    voices = []
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 4:
            voices.append({"name": parts[3].replace("_", " "), "language": parts[1], "id": parts[1]})
    return voices


def synthesize_wav(text: str, lang: str, path: Path, voice_name: str = "") -> str:
    """Write text spoken in lang to path; the espeak-ng voice used, or "" when none fits."""
    voices = espeak_voices()
    voice = next((v for v in voices if v["name"] == voice_name), None) or choose_voice(voices, lang)
    if voice is None:
        return ""
    try:
        subprocess.run([shutil.which("espeak-ng") or "espeak-ng", "-v", voice["id"], "-w", str(path), text],
                       capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    return voice["id"]


def is_silent(path: Path, threshold: int = 1000) -> bool:
    """True when no 16-bit sample of the WAV rises above threshold (of 32767)."""
    try:
        with wave.open(str(path)) as fh:
            if fh.getsampwidth() != 2:
                return False
            samples = array.array("h", fh.readframes(fh.getnframes()))
    except (OSError, wave.Error, EOFError):
        return True
    if sys.byteorder == "big":
        samples.byteswap()
    return max((abs(s) for s in samples), default=0) < threshold
