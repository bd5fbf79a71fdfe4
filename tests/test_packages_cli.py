"""The staff command line end to end, and every command documented in docs/packages.md."""

from __future__ import annotations

import shutil

import pytest

from kiosk.admin.cli import build_parser, main
from tests.data.kpkg import ROOT


@pytest.fixture
def office(tmp_path, capsys):
    assert main(["keygen", "--out", str(tmp_path / "keys"), "--name", "office"]) == 0
    out = capsys.readouterr().out
    assert "trusted_keys = [" in out
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.copy(ROOT / "db" / "indicator_values.csv", exports)
    return tmp_path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_keygen_refuses_to_overwrite_a_key(office, capsys):
    code, _, err = run(capsys, "keygen", "--out", office / "keys", "--name", "office")
    assert code == 1 and "not overwritten" in err


def test_build_verify_diff_apply_status_rollback(office, capsys, content_db):
    keys, pub = office / "keys", office / "keys" / "office.pub"
    data = ["--data-dir", office / "data", "--factory-db", content_db]
    code, out, _ = run(capsys, "build", office / "exports", "--key", keys / "office.key",
                       "--sequence", 12, "--author", "王芳", "--out", office / "stick",
                       "--against", content_db)
    assert code == 0 and "jinshan-kiosk-12.kpkg" in out
    pkg = office / "stick" / "jinshan-kiosk-12.kpkg"
    code, out, _ = run(capsys, "inspect", pkg)
    assert code == 0 and "NOT checked" in out and "王芳" in out
    code, out, _ = run(capsys, "verify", pkg, "--trusted-key", pub, *data)
    assert code == 0 and "(verified)" in out
    code, out, _ = run(capsys, "diff", pkg, "--trusted-key", pub, *data)
    assert code == 0 and "indicator_values" in out and "+0" in out
    code, out, err = run(capsys, "apply", pkg, "--yes", "--trusted-key", pub, *data)
    assert code == 0 and "generation 1" in out, err
    code, _, err = run(capsys, "apply", pkg, "--yes", "--trusted-key", pub, *data)
    assert code == 1 and "P_REPLAY" in err and "不比已安装的内容新" in err
    code, out, _ = run(capsys, "status", *data)
    assert code == 0 and "gen-000001.sqlite" in out and "highest seen  12" in out
    code, out, _ = run(capsys, "rollback", *data)
    assert code == 0 and "factory" in out
    code, _, err = run(capsys, "rollback", *data)
    assert code == 1 and "P_NO_ROLLBACK" in err
    code, out, _ = run(capsys, "export", office / "usb", *data)
    assert code == 0 and (office / "usb").is_dir()


def test_build_lists_every_problem_and_writes_nothing(office, capsys):
    bad = office / "exports" / "indicator_values.csv"
    bad.write_text(bad.read_text(encoding="utf-8") + "20,2030,lots,,,,\n", encoding="utf-8")
    code, _, err = run(capsys, "build", office / "exports", "--key", office / "keys" / "office.key",
                       "--out", office / "stick")
    row = len(bad.read_text(encoding="utf-8").splitlines())  # the line just added
    assert code == 1 and "E_NOT_A_NUMBER" in err and f"row {row}" in err and "column value" in err
    assert not (office / "stick").exists()


def test_refusals_are_bilingual_with_a_reason_code(office, capsys):
    junk = office / "jinshan-kiosk-1.kpkg"
    junk.write_bytes(b"")
    code, _, err = run(capsys, "verify", junk, "--trusted-key", office / "keys" / "office.pub")
    assert code == 1 and "[P_EMPTY]" in err and "文件为空" in err


def test_every_command_is_documented():
    doc = (ROOT / "docs" / "packages.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m kiosk.admin {name}" in doc, name


def test_the_default_sequence_counts_seconds_so_two_builds_a_minute_differ():
    from datetime import UTC, datetime

    from kiosk.admin.builder import MAX_SEQUENCE, default_sequence

    first = default_sequence(datetime(2026, 11, 28, 15, 30, 5, tzinfo=UTC))
    second = default_sequence(datetime(2026, 11, 28, 15, 30, 41, tzinfo=UTC))
    assert (first, second) == (20261128153005, 20261128153041)
    assert default_sequence(datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC)) < MAX_SEQUENCE


@pytest.mark.parametrize("sequence", [10**14 + 1, 2026112815300000, 0])
def test_build_refuses_a_sequence_that_would_block_later_packages(office, capsys, sequence):
    code, _, err = run(capsys, "build", office / "exports", "--key", office / "keys" / "office.key",
                       "--sequence", sequence, "--out", office / "stick")
    assert code == 1 and "E_SEQUENCE" in err and "100,000,000,000,000" in err
    assert not (office / "stick").exists()


def test_the_recovery_from_a_too_high_sequence_is_documented():
    doc = (ROOT / "docs" / "packages.md").read_text(encoding="utf-8")
    assert "content/sequence.json" in doc and "factory content" in doc and "E_SEQUENCE" in doc
