"""Staff mistakes named plainly (issue 11), driven through the staff command line as staff do.

Every refusal is checked for its text and for leaving the content the kiosk shows unchanged.
"""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest

from kiosk.data.tables import MAX_FIELD_CHARS
from tests.data.kpkg import Signer, write_package
from tests.staffcli import ROOT, check_config, make_office

HEADER = "indicator_code,year,value,note_zh,note_en,source,confidence"
# Made-up values for an indicator the content has (code 20): only the file's shape matters here.
VALUES = "\n".join([HEADER, *(f"20,{year},{80 + year - 2020}.5,测试值,test value,test,low"
                              for year in range(2021, 2026))]) + "\n"


@pytest.fixture
def office(tmp_path, content_db):
    return make_office(tmp_path, content_db)


def trusting(office, signer: Signer) -> None:
    """The kiosk's settings trust this signer too (for packages made outside the build command)."""
    office.settings.write_text(f'trusted_keys = ["{office.public}", "{signer.public}"]\n'
                               f'data_dir = "{office.data}"\n', encoding="utf-8")


def with_stray_quote(text: str, line: int) -> str:
    """The table text with an opening quote put before the note of the given line (1 = header)."""
    lines = text.split("\n")
    first, rest = lines[line - 1].split(",", 3)[:3], lines[line - 1].split(",", 3)[3]
    lines[line - 1] = ",".join(first) + ',"' + rest.replace('"', "")
    return "\n".join(lines)


# ---- 1. a stray quote ----------------------------------------------------------------------------

def test_a_stray_quote_is_refused_naming_the_line_where_it_opened(office):
    office.export("indicator_values", with_stray_quote(VALUES, 5))
    before = office.active_rows()
    result = office.build(sequence=7)
    assert result.returncode == 1, result.stdout
    assert "[E_QUOTE] indicator_values.csv" in result.stderr
    assert "opened on line 5" in result.stderr and "第 5 行有一个引号" in result.stderr
    assert not office.stick.exists()
    assert office.active_rows() == before


def test_a_stray_quote_in_a_signed_package_is_refused_on_the_kiosk(office, tmp_path):
    signer = Signer()
    trusting(office, signer)
    bad = with_stray_quote(VALUES, 3).encode("utf-8")
    package = write_package(tmp_path / "stick2" / "quote.kpkg", {"indicator_values": bad}, signer, 9)
    before = office.active_rows()
    result = office.apply(package)
    assert result.returncode == 1
    assert "P_INVALID_DATA" in result.stderr and "E_QUOTE" in result.stderr
    assert "line 3" in result.stderr and "Traceback" not in result.stderr
    assert office.active_rows() == before


def test_a_multi_line_note_is_still_accepted(office):
    lines = VALUES.split("\n")
    code, year, value, rest = lines[1].split(",", 3)
    lines[1] = f'{code},{year},{value},"第一行\n第二行",' + rest.split(",", 1)[1]
    office.export("indicator_values", "\n".join(lines))
    result = office.build("--allow-removal", "indicator_values", sequence=7)
    assert result.returncode == 0, result.stderr
    assert office.apply(office.stick / "jinshan-kiosk-7.kpkg").returncode == 0
    notes = {r["year"]: r["note_zh"] for r in office.active_rows()["indicator_values"]}
    assert notes[2021] == "第一行\n第二行" and len(notes) == 5


def test_a_row_wider_than_the_header_is_refused_not_cut(office):
    lines = VALUES.split("\n")
    lines[3] = lines[3].replace(",测试值,", ",测试值,多出的一格,")
    office.export("indicator_values", "\n".join(lines))
    before = office.active_rows()
    result = office.build(sequence=7)
    assert result.returncode == 1
    assert "[E_EXTRA_CELLS] indicator_values.csv, row 4" in result.stderr
    assert "line 4 has 8 cells but the header has 7 columns" in result.stderr
    assert office.active_rows() == before


# ---- 3. a huge cell ------------------------------------------------------------------------------

def huge_cell_table(extra: int = 10) -> str:
    lines = VALUES.split("\n")
    code, year, value, rest = lines[2].split(",", 3)
    lines[2] = f"{code},{year},{value},{'长' * (MAX_FIELD_CHARS + extra)}," + rest.split(",", 1)[1]
    return "\n".join(lines)


def test_a_huge_cell_is_refused_by_build_naming_file_row_and_column(office):
    office.export("indicator_values", huge_cell_table())
    before = office.active_rows()
    result = office.build(sequence=7)
    assert result.returncode == 1
    assert "[E_CELL_TOO_LONG] indicator_values.csv, row 3, column note_zh" in result.stderr
    assert "131,072" in result.stderr and "Traceback" not in result.stderr
    assert office.active_rows() == before


def test_a_huge_cell_in_a_signed_package_is_refused_on_the_kiosk(office, tmp_path):
    signer = Signer()
    trusting(office, signer)
    package = write_package(tmp_path / "stick2" / "huge.kpkg",
                            {"indicator_values": huge_cell_table().encode("utf-8")}, signer, 9)
    before = office.active_rows()
    result = office.apply(package)
    assert result.returncode == 1
    assert "P_INVALID_DATA" in result.stderr and "P_INTERNAL" not in result.stderr
    assert "[E_CELL_TOO_LONG] tables/indicator_values.csv, row 3, column note_zh" in result.stderr
    assert "Traceback" not in result.stderr
    assert office.active_rows() == before


def test_a_cell_just_over_the_row_limit_is_refused_as_too_long_too(office):
    lines = VALUES.split("\n")
    code, year, value, rest = lines[2].split(",", 3)
    lines[2] = f"{code},{year},{value},{'x' * 30_000}," + rest.split(",", 1)[1]
    office.export("indicator_values", "\n".join(lines))
    result = office.build(sequence=7)
    assert result.returncode == 1 and "[E_CELL_TOO_LONG] indicator_values.csv, row 3" in result.stderr


# ---- 4. a full disk ------------------------------------------------------------------------------

def small_disk(limit: int):
    """In the child: files may not grow past limit bytes (EFBIG), as on a nearly full disk."""
    def limit_files():
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_files


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_leaves_no_partial_files_and_says_how_much_space_is_needed(office):
    office.export("facilities")
    assert office.build(sequence=7).returncode == 0
    package = office.stick / "jinshan-kiosk-7.kpkg"
    assert package.stat().st_size < 150_000 < office.factory.stat().st_size
    before = office.active_rows()
    result = office.admin("apply", package, "--yes", preexec=small_disk(150_000))
    assert result.returncode == 1
    assert "[P_DISK]" in result.stderr and "MB of free disk space is needed" in result.stderr
    assert "Traceback" not in result.stderr
    left = sorted(p.name for p in (office.data / "content").iterdir())
    assert not [n for n in left if n.endswith((".building", ".sqlite", ".kpkg", "-journal"))], left
    assert office.active_rows() == before
    # With room again the same package applies.
    assert office.apply(package).returncode == 0


# ---- 5. trust set-up -----------------------------------------------------------------------------

def test_check_config_names_each_unusable_trusted_key_and_its_line(office):
    truncated = office.public[:30]
    office.settings.write_text(f'data_dir = "{office.data}"\ntrusted_keys = [\n  "not-a-key",\n'
                               f'  "{truncated}",\n  "{office.public}",\n]\n', encoding="utf-8")
    result = check_config(office.settings)
    assert result.returncode == 1
    assert f"{office.settings}, line 3: trusted_keys: entry 1" in result.stdout
    assert f"{office.settings}, line 4: trusted_keys: entry 2" in result.stdout
    assert "not base64" in result.stdout and "ok" not in result.stdout.split()


def test_a_settings_file_saved_with_a_bom_is_read(office):
    text = office.settings.read_text(encoding="utf-8")
    office.settings.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert check_config(office.settings).stdout.strip().endswith(": ok")
    office.export("facilities")
    assert office.build(sequence=7).returncode == 0
    applied = office.apply(office.stick / "jinshan-kiosk-7.kpkg")
    assert applied.returncode == 0, applied.stderr


def test_a_syntax_error_in_settings_is_named_not_reported_as_no_trusted_keys(office):
    office.export("facilities")
    assert office.build(sequence=7).returncode == 0
    office.settings.write_text(f'trusted_keys = ["{office.public}"]\ndata_dir = = "x"\n',
                               encoding="utf-8")
    before = office.active_rows()
    result = office.admin("apply", office.stick / "jinshan-kiosk-7.kpkg", "--yes", "--settings",
                          office.settings, "--factory-db", office.factory, kiosk=False)
    assert result.returncode == 1
    assert "[P_SETTINGS]" in result.stderr and f"{office.settings}, line 2" in result.stderr
    assert "设置文件有错误" in result.stderr and "no usable trusted key" not in result.stderr
    assert office.active_rows() == before
    checked = check_config(office.settings)
    assert checked.returncode == 1 and f"{office.settings}, line 2:" in checked.stdout


def test_only_broken_trusted_keys_are_refused_as_a_settings_problem(office):
    office.export("facilities")
    assert office.build(sequence=7).returncode == 0
    office.settings.write_text(f'data_dir = "{office.data}"\ntrusted_keys = ["{office.public[:20]}"]\n',
                               encoding="utf-8")
    before = office.active_rows()
    result = office.apply(office.stick / "jinshan-kiosk-7.kpkg")
    assert result.returncode == 1 and "[P_SETTINGS]" in result.stderr
    assert f"{office.settings}, line 2: trusted_keys: entry 1" in result.stderr
    assert office.active_rows() == before


# ---- 6. damaged state ----------------------------------------------------------------------------

def installed(office, sequence: int = 7):
    """Apply one package (the unchanged facilities table) so the kiosk has an installed generation."""
    office.export("facilities")
    assert office.build(sequence=sequence).returncode == 0
    assert office.apply(office.stick / f"jinshan-kiosk-{sequence}.kpkg").returncode == 0
    return office.data / "content"


def test_a_garbage_pointer_is_reported_with_what_the_kiosk_fell_back_to(office):
    content = installed(office)
    (content / "current.json").write_text("{garbage", encoding="utf-8")
    result = office.admin("status")
    assert result.returncode == 2
    assert "DAMAGED: content/current.json is damaged" in result.stderr
    assert "已损坏" in result.stderr and "the kiosk shows the factory content instead" in result.stderr
    assert "(factory)" in result.stdout
    exported = office.admin("export", office.root / "out")
    assert exported.returncode == 0
    health = json.loads(next((office.root / "out").glob("*/health.json")).read_text("utf-8"))
    assert any("current.json is damaged" in p for p in health["content_problems"])


def test_a_corrupt_active_database_falls_back_to_the_earlier_package_and_says_so(office):
    content = installed(office, 7)
    installed(office, 8)
    active = json.loads((content / "current.json").read_text("utf-8"))["database"]
    (content / active).write_bytes(b"this is not a database" * 100)
    result = office.admin("status")
    assert result.returncode == 2
    assert f"content/{active} (the installed content) cannot be used" in result.stderr
    assert "the kiosk shows the earlier package 7" in result.stderr
    assert "package       7" in result.stdout
    # A package applied now is checked against what the kiosk shows, and mends the state.
    office.export("facilities")
    assert office.build(sequence=9).returncode == 0
    assert office.apply(office.stick / "jinshan-kiosk-9.kpkg").returncode == 0
    assert office.admin("status").returncode == 0


def test_the_admin_screen_shows_damaged_content(kiosk, qtbot, tmp_path, monkeypatch):
    from kiosk.data import usb
    from kiosk.settings import hash_pin
    from tests.test_admin_screen import PIN, unlock
    from tests.uitools import visible_texts

    data = tmp_path / "data"
    (data / "content").mkdir(parents=True)
    (data / "content" / "current.json").write_text("[1, 2", encoding="utf-8")
    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [])
    kiosk.settings.admin_pin_hash = hash_pin(PIN, iterations=1000)
    kiosk.settings.data_dir = str(data)
    kiosk.window.staff_tools.data_dir = data
    kiosk.window.staff_access.hold_ms = 50
    texts = "\n".join(visible_texts(unlock(qtbot, kiosk)))
    assert "已安装的内容已损坏" in texts
    assert "content/current.json is damaged" in texts and "content/current.json 已损坏" in texts
    assert "The kiosk shows the factory content instead" in texts and "信息亭现改为显示出厂内容" in texts


# ---- 7. small ones -------------------------------------------------------------------------------

def test_apply_without_yes_and_without_a_terminal_refuses_and_says_use_yes(office):
    office.export("facilities")
    assert office.build(sequence=7).returncode == 0
    before = office.active_rows()
    result = office.admin("apply", office.stick / "jinshan-kiosk-7.kpkg")  # stdin: /dev/null
    assert result.returncode == 1
    assert "[P_NO_ANSWER]" in result.stderr and "--yes" in result.stderr
    assert "EOFError" not in result.stderr and "Traceback" not in result.stderr
    assert office.active_rows() == before


def test_a_far_future_sequence_is_warned_about_and_rollback_has_a_way_out(office):
    office.export("facilities")
    far = 99999999999999
    built = office.build(sequence=far)
    assert built.returncode == 0 and "WARNING: sequence 99999999999999 is far above" in built.stdout
    assert "警告：编号 99999999999999" in built.stdout
    applied = office.apply(office.stick / f"jinshan-kiosk-{far}.kpkg")
    assert applied.returncode == 0 and "is far above" in applied.stdout
    # A normal package is now refused as a replay ...
    assert office.build().returncode == 0
    normal = next(p for p in office.stick.glob("*.kpkg") if str(far) not in p.name)
    before = office.active_rows()
    assert "P_REPLAY" in office.apply(normal).stderr
    assert office.active_rows() == before
    # ... until staff roll back with --reset-sequence, as docs/packages.md says.
    back = office.admin("rollback", "--reset-sequence")
    assert back.returncode == 0, back.stderr
    assert f"lowered from {far} to none" in back.stdout
    assert "highest seen  0" in office.admin("status").stdout
    assert office.apply(normal).returncode == 0
    doc = (ROOT / "docs" / "packages.md").read_text(encoding="utf-8")
    assert "rollback --reset-sequence" in doc


def test_apply_caps_the_sequence_like_build(office, tmp_path):
    signer = Signer()
    trusting(office, signer)
    from tests.data.kpkg import source_table

    package = write_package(tmp_path / "stick2" / "big.kpkg", {"facilities": source_table("facilities")},
                            signer, 2**53)
    before = office.active_rows()
    result = office.apply(package)
    assert result.returncode == 1 and "[P_FORMAT]" in result.stderr
    assert "100,000,000,000,000" in result.stderr
    assert office.active_rows() == before
    assert "highest seen  0" in office.admin("status").stdout


def test_refusals_name_the_file_on_the_stick_not_the_kiosks_copy(office):
    office.stick.mkdir()
    for name, body in (("empty.kpkg", b""), ("junk.kpkg", b"not a zip at all")):
        (office.stick / name).write_bytes(body)
        result = office.apply(office.stick / name)
        assert result.returncode == 1 and name in result.stderr, result.stderr
        assert "incoming" not in result.stderr


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066"])
def test_hidden_direction_and_zero_width_characters_in_names_are_refused(office, char):
    lines = (ROOT / "db" / "facilities.csv").read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(",")
    column = lines[0].split(",").index("name_zh")
    cells[column] = cells[column][:2] + char + cells[column][2:]
    lines[1] = ",".join(cells)
    office.export("facilities", "\n".join(lines))
    before = office.active_rows()
    result = office.build(sequence=7)
    assert result.returncode == 1
    assert "[E_HIDDEN_CHAR] facilities.csv, row 2, column name_zh" in result.stderr
    assert f"U+{ord(char):04X}" in result.stderr and "改变文字方向" in result.stderr
    assert office.active_rows() == before


def test_hidden_characters_in_author_and_note_are_stripped_with_a_warning(office):
    office.export("facilities")
    result = office.build("--author", "王\u202e五", "--note", "ok\u200b", sequence=7)
    assert result.returncode == 0, result.stderr
    assert "--author: removed invisible or direction-changing characters (U+202E" in result.stdout
    inspected = office.admin("inspect", office.stick / "jinshan-kiosk-7.kpkg", kiosk=False)
    assert "author    王五" in inspected.stdout


def test_formula_like_cells_are_escaped_in_the_exported_statistics(office):
    import csv

    from kiosk.data.stats import STATS_FILE, UsageStats

    stats = UsageStats(office.data / STATS_FILE)
    stats.record_view("facility", "-2-3")  # an id Excel would run as the formula =-2-3
    stats.record_view("facility", "ok-1")
    stats.flush()
    conn = sqlite3.connect(office.data / STATS_FILE)  # and a tampered file: text no id would have
    conn.execute("UPDATE views SET item = '=HYPERLINK(\"http://x\")' WHERE item = 'ok-1'")
    conn.commit()
    conn.close()
    result = office.admin("export", office.root / "out")
    assert result.returncode == 0, result.stderr
    path = next((office.root / "out").glob("*/usage-views.csv"))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        items = {row["item"] for row in csv.DictReader(fh)}
    assert items == {"'-2-3", "'=HYPERLINK(\"http://x\")"}
    daily = next((office.root / "out").glob("*/usage-daily.csv")).read_text(encoding="utf-8-sig")
    assert "views" in daily.splitlines()[0]


def test_every_refusal_code_is_in_the_when_something_goes_wrong_table():
    import re

    doc = (ROOT / "docs" / "packages.md").read_text(encoding="utf-8")
    table = doc[doc.index("## When something goes wrong"):]
    table = table[:table.index("\n## ")] if "\n## " in table else table
    codes = set()
    for path in (ROOT / "kiosk").rglob("*.py"):
        codes |= set(re.findall(r"[\"']([EP]_[A-Z_]{3,})[\"']", path.read_text(encoding="utf-8")))
    assert {"E_QUOTE", "P_SETTINGS", "P_NO_ANSWER"} <= codes
    missing = sorted(c for c in codes if f"`{c}`" not in table)
    assert not missing, f"codes missing from docs/packages.md 'When something goes wrong': {missing}"


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_stick_at_build_leaves_no_partial_package(office):
    office.export("facilities")
    result = office.admin("build", office.exports, "--key", office.key, "--out", office.stick,
                          "--sequence", 7, kiosk=False, preexec=small_disk(2_000))
    assert result.returncode == 1 and "[P_DISK]" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(office.stick.iterdir()) == []


def test_a_settings_file_saved_as_gbk_is_named_with_its_line(office):
    office.settings.write_bytes(f'data_dir = "{office.data}"\nsite_name_zh = "金山"\n'.encode("gbk"))
    result = check_config(office.settings)
    assert result.returncode == 1
    assert f"{office.settings}, line 2: cannot be read (not UTF-8 text" in result.stdout


def test_the_admin_screen_warns_about_a_far_future_package(kiosk, qtbot, tmp_path, monkeypatch):
    from kiosk.data import usb
    from kiosk.settings import hash_pin
    from tests.data.kpkg import source_table
    from tests.test_admin_screen import PIN, unlock
    from tests.uitools import visible_texts

    signer, stick, data = Signer(), tmp_path / "stick", tmp_path / "data"
    stick.mkdir()
    write_package(stick / "far.kpkg", {"facilities": source_table("facilities")}, signer,
                  99999999999999)
    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [stick])
    kiosk.settings.admin_pin_hash = hash_pin(PIN, iterations=1000)
    kiosk.settings.trusted_keys = [signer.public]
    kiosk.settings.data_dir = str(data)
    kiosk.window.staff_tools.data_dir = data
    kiosk.window.staff_access.hold_ms = 50
    texts = "\n".join(visible_texts(unlock(qtbot, kiosk)))
    assert "sequence 99999999999999 is far above today's numbering" in texts
    assert "编号 99999999999999 远高于当前的按时间编号" in texts
