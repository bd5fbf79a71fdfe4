"""A smaller ICU data library for the bundle (build.spec): what Qt reaches, in root, English and Chinese.

Qt's libicudata.so.73 is one 32 MB symbol, icudt73_dat, holding ICU's data package for every locale,
converter and service. Qt calls only four ICU services (checked here on Qt's own libraries before
anything is cut): converters (ucnv_*, QStringConverter for non-UTF encodings), collation (ucol_*,
QCollator), case mapping (u_strToUpper/Lower, QLocale::toUpper; its data is compiled into libicuuc),
and calendars/time zones (ucal_*, QTimeZone ids and display names). This keeps

- every item that is not locale data (the key pools, indexes, supplemental data, time-zone rules,
  normalization, properties),
- locale data of every tree (coll/, zone/, region/, lang/, curr/, unit/, brkitr/, rbnf/ and the
  top level) for root, English and Simplified Chinese only: the kiosk's two languages,
- the Chinese converters (GB18030, GBK, GB2312, Big5) and windows-1252; UTF-8/16/32, ASCII and
  ISO-8859-1 are built into ICU's code;

and leaves out ICU's text-boundary rules and dictionaries, transliteration rules and character
names, which Qt never calls (it has its own text boundaries), ~220 other converters and the data of
~770 other locales.
The result is a library with the same soname and symbol, built with gcc, and Qt must give the same
answers with it as with the full one (kiosk/ui/icu_facts.py). When a tool is missing, Qt calls an
ICU function outside those four services or an answer differs, the full library is used and the
build says why.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

KEEP_LOCALES = {"root", "en", "en_001", "en_GB", "en_US", "en_US_POSIX",
                "zh", "zh_CN", "zh_Hans", "zh_Hans_CN"}
# GB18030; GBK (windows-936 on its base ibm-1386); GB2312 (EUC-CN); Big5 (windows-950 on ibm-1373);
# windows-1252 (ibm-5348).
KEEP_CONVERTERS = {"gb18030", "windows-936-2000", "ibm-1386_P100-2001", "ibm-1383_P110-1999",
                   "windows-950-2000", "ibm-1373_P100-2002", "ibm-5348_P100-1997"}
# Items ICU only reads for services Qt does not call: text boundaries with their dictionaries (ubrk),
# transliteration (utrans), Unicode character names (u_charName), spoof checking (uspoof).
DROP_SERVICES = ("brkitr/", "translit/", "unames.icu", "confusables.cfu")
# The ICU functions Qt may call for the data above to be enough (Qt's own libraries are checked).
QT_ICU_CALLS = re.compile(r"^(ucnv_|UCNV_|ucol_|ucal_|u_strToUpper|u_strToLower)")
LOCALE_ITEM = re.compile(r"^(?:[a-z]+/)?([a-z]{2,3}(?:_[A-Za-z0-9]*)*)\.res$")  # de__PHONEBOOK too
STRUCTURE = {"pool", "res_index"}


def wanted(item: str) -> bool:
    """Keep an item of the data package (a name as `icupkg -l` lists it)."""
    if item.startswith(DROP_SERVICES):
        return False
    if item.endswith(".cnv"):
        return item[:-4] in KEEP_CONVERTERS
    match = LOCALE_ITEM.match(item)
    if match and match.group(1) not in STRUCTURE:
        return match.group(1) in KEEP_LOCALES
    return True


def _run(*cmd: str, cwd: Path | None = None) -> str:
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def _symbol(library: Path) -> tuple[str, int, int]:
    """(name, address, size) of the data symbol icudtNN_dat."""
    for line in _run("nm", "-D", "-S", "--defined-only", str(library)).splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            return parts[3], int(parts[0], 16), int(parts[1], 16)
    raise RuntimeError(f"{library.name} exports no icudtNN_dat symbol")


def _file_offset(library: Path, address: int) -> int:
    """The file offset of a virtual address, from the ELF64 program headers (PT_LOAD)."""
    data = library.read_bytes()[:4096]
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise RuntimeError(f"{library.name} is not a 64-bit ELF library")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize)
        if p_type == 1 and p_vaddr <= address < p_vaddr + p_filesz:
            return address - p_vaddr + p_offset
    raise RuntimeError(f"{library.name}: the data symbol is in no loaded segment")


def unexpected_icu_calls(symbols: list[str], version: str) -> list[str]:
    """The ICU functions among a library's undefined symbols that are beyond what the subset serves."""
    names = [symbol.split("@")[0] for symbol in symbols]
    return [name for name in names
            if (name.endswith(f"_{version}") and not QT_ICU_CALLS.match(name)) or f"icu_{version}" in name]


def check_qt_calls(qt_libraries: list[Path], version: str) -> None:
    """Refuse (RuntimeError) when Qt calls an ICU function whose data this subset may lack."""
    for library in qt_libraries:
        if library.name.startswith("libicu"):
            continue
        undefined = _run("nm", "-D", "--undefined-only", str(library)).splitlines()
        if unexpected := unexpected_icu_calls([line.split()[-1] for line in undefined], version):
            raise RuntimeError(f"{library.name} calls {unexpected[0]}, which this ICU subset is not for")


def compare(out_dir: Path, probe: list[str], cwd: Path) -> None:
    """Refuse (RuntimeError) unless Qt answers the probe the same with the smaller library as with
    the full one (the probe prints kiosk/ui/icu_facts.py's answers; LD_LIBRARY_PATH comes before
    the $ORIGIN run path of Qt's libicuuc, so the smaller library is the one loaded)."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    full = subprocess.run(probe, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout
    env["LD_LIBRARY_PATH"] = str(out_dir)
    small = subprocess.run(probe, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout
    if small != full:
        raise RuntimeError(f"Qt answers differently with the smaller ICU data: {small} instead of {full}")


def build(library: Path, out_dir: Path, qt_libraries: list[Path], probe: list[str] | None = None,
          cwd: Path | None = None) -> tuple[Path, list[str]]:
    """Write the smaller library into out_dir; returns its path and the items left out. With a
    probe command, also check that Qt answers it as with the full library."""
    for tool in ("nm", "icupkg", "gcc"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed (make system-deps installs it)")
    symbol, address, size = _symbol(library)
    check_qt_calls(qt_libraries, symbol[len("icudt"):-len("_dat")])
    offset = _file_offset(library, address)
    with library.open("rb") as fh:
        fh.seek(offset)
        blob = fh.read(size)
    if blob[8:12] != b"CmnD" and blob[12:16] != b"CmnD":
        raise RuntimeError(f"{symbol} is not an ICU common data package")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        name = symbol[: -len("_dat")] + "l.dat"  # icudt73l.dat: little-endian package
        (work / name).write_bytes(blob)
        items = _run("icupkg", "-l", name, cwd=work).split()
        dropped = [item for item in items if not wanted(item)]
        (work / "drop.txt").write_text("\n".join(dropped) + "\n")
        # Under the same file name: icupkg names the items after it (icudt73l/coll/zh.res).
        (work / "subset").mkdir()
        subset = f"subset/{name}"
        _run("icupkg", "-r", "drop.txt", name, subset, cwd=work)  # fails on a dangling reference
        listed = set(_run("icupkg", "-l", subset, cwd=work).split())
        if listed != set(items) - set(dropped):
            raise RuntimeError("icupkg did not write the expected items")
        (work / "data.S").write_text(
            f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
            f'{symbol}:\n\t.incbin "{subset}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n')
        target = out_dir / library.name
        _run("gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(target),
             "data.S", cwd=work)
    if probe:
        compare(out_dir, probe, cwd or Path.cwd())
    return target, dropped
