"""Package reading refuses every malformed, unsigned, altered or hostile package with a reason code."""

from __future__ import annotations

import json
import os
import stat
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.data.packages import (
    REASONS,
    Limits,
    PackageError,
    parse_manifest,
    read_package,
)
from kiosk.data.validate import CJK
from tests.data.kpkg import Signer, manifest_for, package_files, source_table, write_package, zip_bytes

TABLES = {"indicator_values": b"indicator_code,year,value\r\n1,2021,1.5\r\n"}


@pytest.fixture(scope="module")
def signer():
    return Signer()


def refused(path, keys, code, limits=None):
    with pytest.raises(PackageError) as err:
        read_package(path, keys, **({"limits": limits} if limits else {}))
    assert err.value.code == code, err.value
    assert err.value.message_en and CJK.search(err.value.message_zh)
    return err.value


def write_raw(tmp_path, data: bytes, name="jinshan-kiosk-1.kpkg"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_good_package_reads_back(tmp_path, signer):
    path = write_package(tmp_path / "p.kpkg", TABLES, signer, sequence=7)
    pkg = read_package(path, [signer.public])
    assert pkg.info.sequence == 7 and pkg.info.signer == signer.fingerprint
    assert pkg.info.signature_checked
    assert pkg.files == {"indicator_values": TABLES["indicator_values"]}


@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_reason_has_a_message_in_both_languages(code):
    err = PackageError(code, "detail")
    assert not CJK.search(err.message_en) and CJK.search(err.message_zh)
    assert code in str(err)


def test_unsigned_package(tmp_path, signer):
    files = package_files(TABLES, signer)
    del files["manifest.sig"]
    refused(write_raw(tmp_path, zip_bytes(list(files.items()))), [signer.public], "P_UNSIGNED")


def test_signature_by_an_unknown_key(tmp_path, signer):
    path = write_package(tmp_path / "p.kpkg", TABLES, Signer())
    refused(path, [signer.public], "P_UNKNOWN_KEY")


def test_no_trusted_keys_configured(tmp_path, signer):
    path = write_package(tmp_path / "p.kpkg", TABLES, signer)
    assert "no usable trusted key" in refused(path, [], "P_UNKNOWN_KEY").message_en


def test_malformed_trusted_keys_are_ignored(tmp_path, signer):
    path = write_package(tmp_path / "p.kpkg", TABLES, signer)
    assert read_package(path, ["not base64!", "AAAA", signer.public]).info.signer == signer.fingerprint


def test_manifest_changed_after_signing(tmp_path, signer):
    files = package_files(TABLES, signer, sequence=3)
    files["manifest.json"] = files["manifest.json"].replace(b'"sequence": 3', b'"sequence": 9')
    refused(write_raw(tmp_path, zip_bytes(list(files.items()))), [signer.public], "P_BAD_SIGNATURE")


def test_a_truncated_signature(tmp_path, signer):
    files = package_files(TABLES, signer)
    files["manifest.sig"] = files["manifest.sig"][:10]
    refused(write_raw(tmp_path, zip_bytes(list(files.items()))), [signer.public], "P_BAD_SIGNATURE")


def test_a_data_file_changed(tmp_path, signer):
    files = package_files(TABLES, signer)
    files["tables/indicator_values.csv"] = files["tables/indicator_values.csv"].replace(b"1.5", b"9.5")
    refused(write_raw(tmp_path, zip_bytes(list(files.items()))), [signer.public], "P_HASH_MISMATCH")


def test_a_file_missing(tmp_path, signer):
    files = package_files(TABLES, signer)
    del files["tables/indicator_values.csv"]
    refused(write_raw(tmp_path, zip_bytes(list(files.items()))), [signer.public], "P_MISSING_FILE")


@pytest.mark.parametrize("name", ["tables/towns.csv", "readme.txt"])
def test_an_extra_file_not_in_the_manifest(tmp_path, signer, name):
    files = package_files(TABLES, signer)
    files[name] = b"id\r\n"
    refused(write_raw(tmp_path, zip_bytes(list(files.items()))), [signer.public], "P_EXTRA_FILE")


def test_a_file_longer_or_shorter_than_declared(tmp_path, signer):
    body = TABLES["indicator_values"]
    for actual in (body + b"1,2022,2\r\n", body[:-3]):
        files = package_files(TABLES, signer)
        files["tables/indicator_values.csv"] = actual
        refused(write_raw(tmp_path, zip_bytes(list(files.items()))), [signer.public],
                "P_SIZE_MISMATCH")


def test_an_unknown_format_version(tmp_path, signer):
    path = write_package(tmp_path / "p.kpkg", TABLES, signer, format=2)
    assert "format 2" in refused(path, [signer.public], "P_FORMAT_VERSION").message_en


@pytest.mark.parametrize("name", ["../evil.csv", "tables/../../evil.csv", "/etc/passwd",
                                  "tables\\x.csv", "C:/x.csv", "c:evil.csv", "other/x.csv",
                                  "tables/sub/x.csv", "other/"])
def test_unsafe_entry_names(tmp_path, signer, name):
    files = package_files(TABLES, signer)
    entries = [*files.items(), (name, b"x")]
    refused(write_raw(tmp_path, zip_bytes(entries)), [signer.public], "P_UNSAFE_PATH")


def test_a_duplicated_entry(tmp_path, signer):
    files = package_files(TABLES, signer)
    entries = [*files.items(), ("tables/indicator_values.csv", b"x")]
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = zip_bytes(entries)
    refused(write_raw(tmp_path, data), [signer.public], "P_UNSAFE_PATH")


def test_a_symlink_entry(tmp_path, signer):
    files = package_files(TABLES, signer)
    link = zipfile.ZipInfo("tables/towns.csv")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    refused(write_raw(tmp_path, zip_bytes([*files.items(), (link, b"/etc/passwd")])),
            [signer.public], "P_SYMLINK")


def test_random_bytes_and_an_empty_file(tmp_path, signer):
    refused(write_raw(tmp_path, os.urandom(4096)), [signer.public], "P_NOT_A_PACKAGE")
    refused(write_raw(tmp_path, b""), [signer.public], "P_EMPTY")
    refused(write_raw(tmp_path, zip_bytes([("tables/x.csv", b"")])), [signer.public],
            "P_NOT_A_PACKAGE")


def test_too_many_entries(tmp_path, signer):
    entries = [(f"tables/t{i}.csv", b"") for i in range(100)]
    refused(write_raw(tmp_path, zip_bytes(entries)), [signer.public], "P_TOO_LARGE")


def test_a_package_file_over_the_size_cap(tmp_path, signer):
    path = write_package(tmp_path / "p.kpkg", TABLES, signer)
    refused(path, [signer.public], "P_TOO_LARGE", Limits(package_bytes=100))


def _bomb(size: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(size >> 20)]
    return b"".join(parts) + comp.flush()


@contextmanager
def peak_memory() -> Iterator[Callable[[], int]]:
    """Peak Python allocation inside the block: a bomb check by memory, not by a clock."""
    peak = [0]
    tracemalloc.start()
    try:
        yield lambda: peak[0]
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def _bomb_package(signer, claimed: int, real: int, declared: int, crc_ok: bool = True) -> bytes:
    """A package whose table is `real` zero bytes but whose zip header claims `claimed`."""
    body = b"\0" * declared
    files = package_files({"indicator_values": body}, signer)
    data = zip_bytes([(n, b) for n, b in files.items() if not n.startswith("tables/")])
    # Append one deflated entry by hand so its headers can lie.
    stream, crc = _bomb(real), zlib.crc32(b"\0" * declared) ^ (0 if crc_ok else 1)
    name = b"tables/indicator_values.csv"
    archive = zipfile.ZipFile(__import__("io").BytesIO(data))
    offset = archive.start_dir
    central = data[offset:data.rindex(b"PK\x05\x06")]
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), claimed,
                        len(name), 0) + name
    entry = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(stream), claimed,
                        len(name), 0, 0, 0, 0, 0o100644 << 16, offset) + name
    central += entry
    count = len(archive.infolist()) + 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central),
                      offset + len(local) + len(stream), 0)
    return data[:offset] + local + stream + central + end


def test_a_zip_bomb_with_honest_headers_is_refused_before_reading(tmp_path, signer):
    data = _bomb_package(signer, claimed=300 << 20, real=1 << 20, declared=100)
    with peak_memory() as peak:
        refused(write_raw(tmp_path, data), [signer.public], "P_TOO_LARGE")
    assert peak() < 8 << 20  # the 300 MB it claims are never inflated


@pytest.mark.parametrize("crc_ok", [True, False])
def test_a_zip_bomb_with_lying_headers_is_cut_off_while_reading(tmp_path, signer, crc_ok):
    # The header and the manifest both claim 100 bytes; the stream would inflate to 64 MB.
    data = _bomb_package(signer, claimed=100, real=64 << 20, declared=100, crc_ok=crc_ok)
    with peak_memory() as peak:
        if crc_ok:  # only the 100 signed bytes are ever inflated, and they are what the manifest says
            pkg = read_package(write_raw(tmp_path, data), [signer.public])
            assert pkg.files["indicator_values"] == b"\0" * 100
        else:
            refused(write_raw(tmp_path, data), [signer.public], "P_DAMAGED")
    assert peak() < 8 << 20  # never the 64 MB the stream would inflate to


def test_total_size_is_capped_while_streaming(tmp_path, signer):
    tables = {"indicator_values": b"x" * 3000, "target_values": b"y" * 3000}
    path = write_package(tmp_path / "p.kpkg", tables, signer)
    refused(path, [signer.public], "P_TOO_LARGE", Limits(total_bytes=5000, file_bytes=4000))


def test_inspect_mode_reads_without_trusting(tmp_path, signer):
    path = write_package(tmp_path / "p.kpkg", TABLES, Signer())
    pkg = read_package(path, None)
    assert not pkg.info.signature_checked


# ---- the manifest parser ----------------------------------------------------------------------

def good_manifest(signer, **changes) -> dict:
    return json.loads(manifest_for(TABLES, signer, 5, **changes).to_bytes())


@pytest.mark.parametrize("change", [
    {"sequence": 0}, {"sequence": "5"}, {"sequence": True}, {"sequence": 1.5},
    {"created": "yesterday"}, {"created": "2026-01-01T00:00:00"}, {"author": 5},
    {"author": "x" * 201}, {"note": "bell\x07"}, {"key": "XYZ"}, {"tables": ["nope"]},
    {"tables": []}, {"files": []}, {"extra": 1}, {"format": "1"},
    {"files": [{"path": "tables/indicator_values.csv", "size": -1, "sha256": "0" * 64}]},
    {"files": [{"path": "tables/indicator_values.csv", "size": 1, "sha256": "Z" * 64}]},
    {"files": [{"path": "../x.csv", "size": 1, "sha256": "0" * 64}]},
    {"files": [{"path": "tables/indicator_values.csv", "size": 1, "sha256": "0" * 64, "x": 1}]},
])
def test_manifest_fields_are_checked_strictly(signer, change):
    data = good_manifest(signer)
    data.update(change)
    with pytest.raises(PackageError) as err:
        parse_manifest(json.dumps(data).encode())
    assert err.value.code == "P_FORMAT"


def test_manifest_duplicate_keys_nan_and_size(signer):
    text = json.dumps(good_manifest(signer))
    for bad in (text[:-1] + ', "sequence": 6}', text.replace('"sequence": 5', '"sequence": NaN'),
                "[]", "\xff"):
        with pytest.raises(PackageError) as err:
            parse_manifest(bad.encode("utf-8", "surrogateescape"))
        assert err.value.code == "P_FORMAT"
    with pytest.raises(PackageError) as err:
        parse_manifest(b" " * 70_000)
    assert err.value.code == "P_TOO_LARGE"


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_manifest_parser_never_fails_otherwise_on_bytes(data):
    try:
        parse_manifest(data)
    except PackageError:
        pass


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(st.dictionaries(st.sampled_from(["format", "sequence", "created", "author", "note", "key",
                                        "tables", "files", "x"]), JSON))
@settings(max_examples=150, deadline=None)
def test_manifest_parser_on_arbitrary_json_objects(obj):
    try:
        manifest = parse_manifest(json.dumps(obj).encode())
    except PackageError:
        return
    assert manifest.sequence >= 1


@given(sequence=st.integers(1, 10**14), author=st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cf")), max_size=50),
    tables=st.lists(st.sampled_from(["towns", "pois", "indicator_values", "routes"]), min_size=1,
                    unique=True))
@settings(max_examples=100, deadline=None)
def test_manifests_round_trip(sequence, author, tables):
    signer = _SIGNER
    manifest = manifest_for({t: b"" for t in tables}, signer, sequence, author=author)
    assert parse_manifest(manifest.to_bytes()) == manifest


_SIGNER = Signer()


def test_source_tables_helper_reads_db():
    assert source_table("towns").startswith(b"id,")
