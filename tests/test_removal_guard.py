"""The removal guard: a header-only or mostly-empty table file is refused unless staff allow it."""

from __future__ import annotations

import json
import zipfile

import pytest

from kiosk.data.diff import read_database_rows
from kiosk.data.removal import REMOVAL_SHARE, removal_problems
from kiosk.data.validate import ValidatedTable
from tests.staffcli import ROOT, make_office

HEADER = (ROOT / "db" / "facilities.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"


@pytest.fixture
def office(tmp_path, content_db):
    return make_office(tmp_path, content_db)


def facilities_keeping(share: float) -> str:
    """facilities.csv with only the first share of its rows."""
    lines = (ROOT / "db" / "facilities.csv").read_text(encoding="utf-8").splitlines()
    rows = lines[1:]
    return "\n".join([lines[0], *rows[: round(len(rows) * share)]]) + "\n"


FACILITIES = len((ROOT / "db" / "facilities.csv").read_text(encoding="utf-8").splitlines()) - 1


def test_a_header_only_table_is_refused_by_build_even_without_a_database(office):
    office.export("facilities", HEADER)
    before = office.active_rows()
    result = office.build(against=False)
    assert result.returncode == 1
    assert "E_REMOVAL" in result.stderr and "facilities.csv" in result.stderr
    assert "--allow-removal facilities" in result.stderr and "删除此表的全部内容" in result.stderr
    assert not office.stick.exists()
    assert office.active_rows() == before


def test_removing_more_than_a_fifth_is_refused_against_the_installed_content(office):
    office.export("facilities", facilities_keeping(0.7))
    before = office.active_rows()
    result = office.build(sequence=5)
    assert result.returncode == 1, result.stdout
    assert "E_REMOVAL" in result.stderr and (
        f"would remove {FACILITIES - round(FACILITIES * 0.7)} of the {FACILITIES} rows"
        in result.stderr)
    assert "须加 --allow-removal facilities" in result.stderr
    assert office.active_rows() == before


def test_removing_a_few_rows_needs_no_permission(office):
    office.export("facilities", facilities_keeping(0.9))
    result = office.build(sequence=5)
    assert result.returncode == 0, result.stderr
    applied = office.apply(office.stick / "jinshan-kiosk-5.kpkg")
    assert applied.returncode == 0, applied.stderr
    assert len(office.active_rows()["facilities"]) == round(FACILITIES * 0.9)


def test_allowed_removal_is_signed_into_the_manifest_and_warned_about(office):
    office.export("facilities", HEADER)
    result = office.build("--allow-removal", "facilities", sequence=6)
    assert result.returncode == 0, result.stderr
    assert "WARNING: removal allowed for facilities" in result.stdout
    package = office.stick / "jinshan-kiosk-6.kpkg"
    with zipfile.ZipFile(package) as zf:
        assert json.loads(zf.read("manifest.json"))["allow_removal"] == ["facilities"]
    inspected = office.admin("inspect", package, kiosk=False)
    assert inspected.returncode == 0
    # Asked twice at a terminal; "no" to the second question changes nothing.
    before = office.active_rows()
    asked = office.admin("apply", package, stdin="y\nn\n")
    assert asked.returncode == 1 and (
        f"removes {FACILITIES} of {FACILITIES} rows of facilities" in asked.stdout)
    assert "really apply" in asked.stdout and "cancelled" in asked.stdout
    assert office.active_rows() == before
    applied = office.admin("apply", package, stdin="y\ny\n")
    assert applied.returncode == 0, applied.stderr
    assert office.active_rows()["facilities"] == []


def test_allow_removal_must_name_a_table_file_of_the_package(office):
    office.export("facilities")
    result = office.build("--allow-removal", "facilites", sequence=7)
    assert result.returncode == 1 and "E_REMOVAL" in result.stderr and "'facilites'" in result.stderr


def test_the_kiosk_refuses_a_large_removal_its_maker_did_not_allow(office):
    """Built without --against (nothing to compare with), the kiosk still catches it on apply."""
    office.export("facilities", facilities_keeping(0.5))
    built = office.build(sequence=8, against=False)
    assert built.returncode == 0, built.stderr
    before = office.active_rows()
    result = office.apply(office.stick / "jinshan-kiosk-8.kpkg")
    assert result.returncode == 1
    assert "P_REMOVAL" in result.stderr and "E_REMOVAL" in result.stderr
    assert "--allow-removal facilities" in result.stderr and "未允许删除" in result.stderr
    assert office.active_rows() == before


def test_older_packages_without_the_field_still_verify(office):
    office.export("indicator_values")
    assert office.build(sequence=9).returncode == 0
    package = office.stick / "jinshan-kiosk-9.kpkg"
    with zipfile.ZipFile(package) as zf:
        assert "allow_removal" not in json.loads(zf.read("manifest.json"))
    assert office.admin("verify", package).returncode == 0


def test_removal_problems_rule(content_db):
    current = read_database_rows(content_db)
    from kiosk.data.schema import TABLES_BY_NAME

    def vt(rows):
        return ValidatedTable(TABLES_BY_NAME["towns"], rows, [])

    towns = current["towns"]
    keep = len(towns) - int(len(towns) * REMOVAL_SHARE)  # removes exactly the share: allowed
    assert removal_problems({"towns": vt(towns[:keep])}, current, ()) == []
    assert [p.code for p in removal_problems({"towns": vt(towns[: keep - 1])}, current, ())] == [
        "E_REMOVAL"]
    assert removal_problems({"towns": vt([])}, current, ["towns"]) == []
    assert removal_problems({"towns": vt([])}, None, ()) != []
    assert removal_problems({"towns": vt(towns)}, None, ()) == []
