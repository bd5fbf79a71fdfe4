"""Table files decode by a fixed rule: UTF-8 (with or without BOM), UTF-16, strict GB18030."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.data.tables import DecodeError, decode_table_bytes, parse_csv_text

SAMPLE = "id,name_zh,name_en\nfengjing,枫泾镇,Fengjing\nlangxia,廊下镇,Langxia\n"


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
    lambda s: s.encode("utf-16"),  # with BOM, as Excel's "Unicode text"
    lambda s: s.encode("gbk"),
    lambda s: s.encode("gb18030"),
])
def test_every_accepted_encoding_reads_the_same(encode):
    assert parse_csv_text(decode_table_bytes(encode(SAMPLE))) == parse_csv_text(SAMPLE)


def test_a_stray_invalid_byte_names_its_line():
    data = SAMPLE.encode("gbk").replace("廊下镇".encode("gbk"), b"\x81\x20\xff")
    with pytest.raises(DecodeError) as err:
        decode_table_bytes(data)
    assert err.value.line == 3


def test_windows_line_endings_and_blank_rows_are_tolerated():
    header, rows = parse_csv_text("id,name_zh\r\na,甲\r\n\r\n,\r\nb,乙\r\n")
    assert header == ["id", "name_zh"]
    assert [r["id"] for r in rows] == ["a", "b"]


@given(st.text())
def test_any_text_round_trips_through_utf8_and_utf16(text):
    assert decode_table_bytes(text.encode("utf-8")) == text
    assert decode_table_bytes(text.encode("utf-16")) == text


@given(st.binary(max_size=200))
def test_any_bytes_either_decode_or_raise_decode_error(data):
    try:
        result = decode_table_bytes(data)
    except DecodeError:
        return
    assert isinstance(result, str)
