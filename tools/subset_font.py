"""Make the bundled CJK font: Noto Sans CJK SC subset to GB2312 plus every character the content uses.

Run once when content brings characters outside GB2312 (tests/test_fonts.py says so):
    apt-get install fonts-noto-cjk && .venv/bin/python tools/subset_font.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_FONTS = Path("/usr/share/fonts/opentype/noto")
WEIGHTS = ("Regular", "Bold")
FAMILY = "Noto Sans CJK SC"


def gb2312_characters() -> set[str]:
    """Every character of GB2312 (the 6,763 common hanzi and its symbols)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def content_characters() -> set[str]:
    """Characters in the content sources and the translation catalogs."""
    chars: set[str] = set()
    for pattern in ("db/*.csv", "i18n/*/LC_MESSAGES/*.po", "kiosk/**/*.py"):
        for path in ROOT.glob(pattern):
            chars.update(path.read_text(encoding="utf-8"))
    return chars


def wanted_characters() -> set[str]:
    basic = {chr(c) for c in range(0x20, 0x250)}  # ASCII, Latin-1, Latin Extended-A/B (ü, ā…)
    punctuation = {chr(c) for c in range(0x2000, 0x2070)} | {chr(c) for c in range(0x3000, 0x3040)}
    fullwidth = {chr(c) for c in range(0xFF01, 0xFF66)}
    extra = set("→←↑↓✓✔✗×÷±≥≤≈°·•…※—–℃㎡²³①②③④⑤⑥⑦⑧⑨⑩")
    return basic | punctuation | fullwidth | extra | gb2312_characters() | content_characters()


def make_subset(source: Path, out: Path, chars: set[str]) -> int:
    collection = TTCollection(str(source))
    index = next(i for i, f in enumerate(collection.fonts)
                 if f["name"].getDebugName(1) == FAMILY)
    options = subset.Options()
    options.font_number = index
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(c for c in chars if c.isprintable() or c == " ")))
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return out.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out-dir", type=Path, default=ROOT / "assets" / "fonts")
    parser.add_argument("--source-dir", type=Path, default=DEBIAN_FONTS,
                        help="folder with NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc")
    args = parser.parse_args()
    chars = wanted_characters()
    for weight in WEIGHTS:
        source = args.source_dir / f"NotoSansCJK-{weight}.ttc"
        if not source.exists():
            print(f"missing {source}: apt-get install fonts-noto-cjk", file=sys.stderr)
            return 1
        out = args.out_dir / f"NotoSansSC-Kiosk-{weight}.otf"
        size = make_subset(source, out, chars)
        print(f"{out.relative_to(ROOT)}: {len(chars)} characters requested, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
