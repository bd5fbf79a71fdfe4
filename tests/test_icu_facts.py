"""The bundle's smaller ICU data (tools/bundle/icu_subset.py): Qt answers as with ICU's full data."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6 import QtCore

from kiosk.ui.icu_facts import ICU_EXPECTED, icu_facts, icu_problems
from tools.bundle import icu_subset

ROOT = Path(__file__).resolve().parent.parent
QT_LIB = Path(QtCore.__file__).parent / "Qt" / "lib"
FULL = next(iter(sorted(QT_LIB.glob("libicudata.so.*"))), None)


def test_the_expected_answers_are_the_full_data_answers(qapp):
    """The venv's PySide6 carries the full data: the self-test's expectations are ICU's own answers."""
    assert icu_facts() == ICU_EXPECTED
    assert icu_problems() == []


@pytest.mark.parametrize(("item", "kept"), [
    ("coll/zh.res", True), ("coll/zh_Hans_CN.res", True), ("coll/ucadata.icu", True), ("coll/root.res", True),
    ("zone/en_GB.res", True), ("region/zh.res", True), ("pool.res", True), ("coll/res_index.res", True),
    ("zoneinfo64.res", True), ("supplementalData.res", True), ("cnvalias.icu", True), ("gb18030.cnv", True),
    ("windows-936-2000.cnv", True), ("ibm-1386_P100-2001.cnv", True), ("nfkc.nrm", True),
    ("coll/ko.res", False), ("coll/de__PHONEBOOK.res", False), ("zh_Hant_TW.res", False), ("fr.res", False),
    ("ibm-943_P15A-2003.cnv", False), ("brkitr/cjdict.dict", False), ("translit/root.res", False),
    ("unames.icu", False),
])
def test_the_subset_keeps_root_english_chinese_and_what_qt_calls(item, kept):
    assert icu_subset.wanted(item) is kept


@pytest.mark.skipif(FULL is None, reason="this PySide6 carries no ICU of its own (Windows, macOS)")
@pytest.mark.skipif(not all(shutil.which(t) for t in ("icupkg", "gcc", "nm")),
                    reason="icupkg, gcc or nm missing (make system-deps): make bundle keeps all ICU data")
def test_the_smaller_library_answers_as_the_full_one(tmp_path):
    probe = [sys.executable, "-m", "kiosk.ui.icu_facts"]
    library, dropped = icu_subset.build(FULL, tmp_path, [QT_LIB / "libQt6Core.so.6"], probe=probe, cwd=ROOT)
    assert library.name == FULL.name
    assert library.stat().st_size < FULL.stat().st_size / 4
    assert "coll/ko.res" in dropped and "coll/zh.res" not in dropped


def test_a_qt_calling_other_icu_services_keeps_the_full_data():
    """Qt's ICU calls are checked before anything is cut: a Qt using, say, ICU's text boundaries
    (whose data is left out) makes the build keep the full library."""
    qt_core_now = ["ucol_open_73", "ucnv_open_73@ICU", "UCNV_TO_U_CALLBACK_SUBSTITUTE_73", "u_strToUpper_73",
                   "ucal_getTimeZoneDisplayName_73", "malloc@GLIBC_2.2.5", "udev_device_get_action@UDEV_183"]
    assert icu_subset.unexpected_icu_calls(qt_core_now, "73") == []
    assert icu_subset.unexpected_icu_calls([*qt_core_now, "ubrk_open_73"], "73") == ["ubrk_open_73"]
    assert icu_subset.unexpected_icu_calls(["_ZN6icu_7313BreakIterator4nextEv"], "73") != []
