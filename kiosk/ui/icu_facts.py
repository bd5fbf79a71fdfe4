"""What Qt answers through ICU: the bundle ships a smaller ICU data library (build.spec), checked by this."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QStringEncoder, QTimeZone

NAMES = ["赵六", "张三", "李四", "王五", "陈七", "曾", "长", "银行", "行走",
         "Zoe", "adam", "Émile", "10号", "9号"]
# Text in the encodings the subset keeps, as bytes (金山区市民信息亭, 金山€𠀀, 金山区, 金山區, € café):
# the bundle has no Python codec for Big5, and this checks Qt's ICU, not Python's codecs.
ENCODED = {"GBK": b"\xbd\xf0\xc9\xbd\xc7\xf8\xca\xd0\xc3\xf1\xd0\xc5\xcf\xa2\xcd\xa4",
           "GB18030": b"\xbd\xf0\xc9\xbd\xa2\xe3\x95\x32\x82\x36", "GB2312": b"\xbd\xf0\xc9\xbd\xc7\xf8",
           "Big5": b"\xaa\xf7\xa4\x73\xb0\xcf", "windows-1252": b"\x80 caf\xe9"}


def _xml_text(encoding: str, raw: bytes) -> str:
    """Qt's XML reader decodes a document declared in `encoding`: the one ICU path Python can reach."""
    buffer = QtCore.QBuffer()
    document = f'<?xml version="1.0" encoding="{encoding}"?><a>'.encode() + raw + b"</a>"
    buffer.setData(QtCore.QByteArray(document))
    buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
    reader, out = QtCore.QXmlStreamReader(buffer), []
    while not reader.atEnd():
        reader.readNext()
        if reader.isCharacters():
            out.append(reader.text())
    return "".join(out) if not reader.hasError() else f"error: {reader.errorString()}"


def icu_facts() -> dict:
    """Collation, case mapping, codecs and time-zone names, each answered by ICU inside Qt."""
    facts: dict = {}
    for lang in ("zh_CN", "en"):
        collator = QCollator(QLocale(lang))
        facts[f"sort {lang}"] = sorted(NAMES, key=collator.sortKey)
        collator.setNumericMode(True)
        facts[f"numeric sort {lang}"] = sorted(NAMES, key=collator.sortKey)
    for lang in ("zh_CN", "en", "tr"):
        facts[f"upper {lang}"] = QLocale(lang).toUpper("jinshan ǆ straße i 金山")
        facts[f"lower {lang}"] = QLocale(lang).toLower("JINSHAN Ǆ İ I 金山")
    for encoding, raw in ENCODED.items():
        facts[f"codec {encoding}"] = [QStringDecoder(encoding).isValid(), QStringEncoder(encoding).isValid(),
                                      _xml_text(encoding, raw)]
    facts["codec of <meta charset=gbk>"] = QStringDecoder.decoderForHtml(b'<meta charset="gbk">').name()
    zone = QTimeZone(b"Asia/Shanghai")
    noon = QtCore.QDateTime(QtCore.QDate(2026, 7, 1), QtCore.QTime(12, 0), QTimeZone.Initialization.UTC)
    facts["Asia/Shanghai"] = [zone.isValid(), zone.offsetFromUtc(noon)] + [
        zone.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale(lang))
        for lang in ("zh_CN", "en")]
    return facts


# Qt 6.11's answers with ICU 73's full data (tests/test_icu_facts.py keeps this honest in the venv).
ICU_EXPECTED = {
    "sort zh_CN": ["10号", "9号", "曾", "陈七", "李四", "王五", "行走", "银行", "张三", "长", "赵六",
                   "adam", "Émile", "Zoe"],
    "numeric sort zh_CN": ["9号", "10号", "曾", "陈七", "李四", "王五", "行走", "银行", "张三", "长", "赵六",
                           "adam", "Émile", "Zoe"],
    "sort en": ["10号", "9号", "adam", "Émile", "Zoe", "张三", "曾", "李四", "王五", "行走", "赵六", "银行",
                "长", "陈七"],
    "numeric sort en": ["9号", "10号", "adam", "Émile", "Zoe", "张三", "曾", "李四", "王五", "行走", "赵六",
                        "银行", "长", "陈七"],
    "upper zh_CN": "JINSHAN Ǆ STRASSE I 金山", "lower zh_CN": "jinshan ǆ i̇ i 金山",
    "upper en": "JINSHAN Ǆ STRASSE I 金山", "lower en": "jinshan ǆ i̇ i 金山",
    "upper tr": "JİNSHAN Ǆ STRASSE İ 金山", "lower tr": "jınshan ǆ i ı 金山",
    "codec GBK": [True, True, "金山区市民信息亭"], "codec GB18030": [True, True, "金山€𠀀"],
    "codec GB2312": [True, True, "金山区"], "codec Big5": [True, True, "金山區"],
    "codec windows-1252": [True, True, "€ café"],
    "codec of <meta charset=gbk>": "GBK",
    "Asia/Shanghai": [True, 28800, "中国标准时间", "China Standard Time"],
}


def icu_problems() -> list[str]:
    """The self-test's check: every answer as with the full ICU data."""
    facts = icu_facts()
    return [f"{key}: {facts.get(key)!r}, with full ICU data {want!r}"
            for key, want in ICU_EXPECTED.items() if facts.get(key) != want]


if __name__ == "__main__":  # tools/bundle/icu_subset.py compares full and smaller data with this
    import json

    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication([])
    print(json.dumps(icu_facts(), ensure_ascii=False, sort_keys=True))
