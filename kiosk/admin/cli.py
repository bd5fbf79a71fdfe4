"""The staff command line: `python -m kiosk.admin <command>`; see docs/packages.md."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from kiosk.config import FACTORY_DB
from kiosk.data.packages import PackageError
from kiosk.data.validate import Problem

MAX_SHOWN = 50


def _problems(problems: list[Problem]) -> None:
    for problem in problems[:MAX_SHOWN]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > MAX_SHOWN:
        print(f"  … and {len(problems) - MAX_SHOWN} more / 另有 {len(problems) - MAX_SHOWN} 处",
              file=sys.stderr)


def _refused(code: str, en: str, zh: str, problems: list[Problem] | None = None) -> int:
    print(f"REFUSED [{code}] {en}\n        {zh}", file=sys.stderr)
    _problems(problems or [])
    return 1


# Problems with trusted_keys in the settings file, shown with a signature refusal they may explain.
_key_notes: list[str] = []


def _error(err: PackageError) -> int:
    code = _refused(err.code, err.message_en, err.message_zh, err.problems)
    if err.code in ("P_UNKNOWN_KEY", "P_BAD_SIGNATURE"):
        for note in _key_notes:
            print(f"  settings: {note}", file=sys.stderr)
    return code


def _report(args):
    """The kiosk's settings; P_SETTINGS (naming the file and line) when the file cannot be read."""
    from kiosk.settings import load_settings

    report = load_settings(args.settings)
    if report.unreadable:
        raise PackageError("P_SETTINGS", "; ".join(report.where(p) for p in report.problems))
    return report


def _settings(args):
    return _report(args).settings


def _data_dir(args) -> Path:
    return args.data_dir or _settings(args).data_path


def _trusted(args) -> list[str]:
    """--trusted-key values (base64 text or a .pub file), else the kiosk settings' trusted_keys.

    Settings with no usable trusted key are refused as P_SETTINGS naming the file and the lines.
    """
    if not args.trusted_key:
        report = _report(args)
        if not report.settings.trusted_keys:
            why = [report.where(p) for p in report.problems_about("trusted_keys")]
            missing = [report.where(p) for p in report.problems if "not found" in p]
            raise PackageError("P_SETTINGS", "; ".join(why or missing or [
                f"{report.path}: no trusted_keys; add the line keygen printed"]))
        _key_notes[:] = [report.where(p) for p in report.problems_about("trusted_keys")]
        return list(report.settings.trusted_keys)
    keys = []
    for value in args.trusted_key:
        path = Path(value)
        keys.append(path.read_text(encoding="ascii").strip() if path.is_file() else value)
    return keys


def _current_db(args) -> Path | None:
    from kiosk.data.store import choose_database

    db = args.against or choose_database(_data_dir(args), args.factory_db).database
    return db if db.is_file() else None


def cmd_keygen(args) -> int:
    from kiosk.data.packages import fingerprint, generate_key_pair, parse_public_key

    passphrase = os.environ.get(args.passphrase_env, "").encode() if args.passphrase_env else None
    private, public = generate_key_pair(passphrase or None)
    args.out.mkdir(parents=True, exist_ok=True)
    key_path, pub_path = args.out / f"{args.name}.key", args.out / f"{args.name}.pub"
    if key_path.exists():
        print(f"{key_path} exists; not overwritten / 文件已存在，未覆盖", file=sys.stderr)
        return 1
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private)
    pub_path.write_text(public + "\n", encoding="ascii")
    print(f"private key (keep on the office PC only): {key_path}")
    print(f"public key: {pub_path}  fingerprint {fingerprint(parse_public_key(public))}")
    print("add to each kiosk's settings.toml / 在每台信息亭的 settings.toml 中加入:")
    print(f'trusted_keys = ["{public}"]')
    return 0


def cmd_build(args) -> int:
    from kiosk.admin.builder import build_package
    from kiosk.data.packages import load_private_key

    try:
        key = load_private_key(args.key.read_bytes())
    except (OSError, PackageError) as exc:
        return _error(exc if isinstance(exc, PackageError) else PackageError("P_KEY", str(exc)))
    out = build_package(args.source, key, args.out, sequence=args.sequence, author=args.author,
                        note=args.note, against=args.against, allow_removal=args.allow_removal)
    if out.problems:
        print(f"{len(out.problems)} problem(s); no package written / 发现 {len(out.problems)} 处错误，"
              "未生成更新包", file=sys.stderr)
        _problems(out.problems)
        return 1
    for name, count in out.counts.items():
        print(f"{name:18} {count:6} rows")
    for en, zh in out.warnings:
        print(f"WARNING: {en}\n         警告：{zh}")
    for name in out.manifest.allow_removal:
        print(f"WARNING: removal allowed for {name}: the kiosk will show it in red and ask twice / "
              f"已允许删除 {name} 的数据：信息亭将以红色显示并要求再次确认")
    print(f"wrote {out.path} (sequence {out.manifest.sequence})")
    return 0


def _show_info(pkg) -> None:
    m = pkg.info.manifest
    signer = pkg.info.signer + (" (verified)" if pkg.info.signature_checked else " (NOT checked)")
    print(f"package   {pkg.info.path}\nsequence  {m.sequence}\ncreated   {m.created}\n"
          f"author    {m.author}\nnote      {m.note}\nsigner    {signer}\nsha256    {pkg.info.sha256}")
    for entry in m.files:
        print(f"  {entry.path:32} {entry.size:10} bytes  {entry.sha256[:16]}")


def cmd_inspect(args) -> int:
    from kiosk.data.packages import read_package

    try:
        pkg = read_package(args.package, None)
    except PackageError as err:
        return _error(err)
    _show_info(pkg)
    return 0


def _verified(args):
    from kiosk.data.diff import read_database_rows
    from kiosk.data.packages import read_package, validate_package_tables

    pkg = read_package(args.package, _trusted(args))
    db = _current_db(args)
    current = read_database_rows(db) if db else None
    tables, problems = validate_package_tables(pkg, current)
    if problems:
        raise PackageError("P_INVALID_DATA", f"{len(problems)} problem(s)", problems)
    return pkg, tables, current


def cmd_verify(args) -> int:
    try:
        pkg, tables, _ = _verified(args)
    except PackageError as err:
        return _error(err)
    _show_info(pkg)
    print("OK: signature, sizes, hashes and every row are valid / 签名、大小、校验值和每一行均有效")
    return 0


def cmd_diff(args) -> int:
    from kiosk.data.diff import diff_content, format_diff

    try:
        _, tables, current = _verified(args)
    except PackageError as err:
        return _error(err)
    if current is None:
        print("no database to compare with; use --against / 没有可比较的数据库", file=sys.stderr)
        return 1
    print("\n".join(format_diff(diff_content({n: vt.rows for n, vt in tables.items()}, current))))
    return 0


def cmd_apply(args) -> int:
    from kiosk.data.diff import format_diff
    from kiosk.data.generations import install_prepared, prepare_package, recover
    from kiosk.data.packages import far_future_warning

    data_dir = _data_dir(args)
    recover(data_dir)
    try:
        prep = prepare_package(args.package, data_dir, _trusted(args), args.factory_db)
        print("\n".join(format_diff(prep.diff)))
        if far := far_future_warning(prep.info.sequence):
            print(f"WARNING: {far[0]}\n         警告：{far[1]}")
        for name, (removed, before) in prep.removals.items():
            print(f"WARNING: removes {removed} of {before} rows of {name} (allowed by the package's "
                  f"maker) / 警告：将删除 {name} 现有 {before} 行中的 {removed} 行（制作者已允许）")
        questions = ["apply? / 确认更新？ [y/N] "]
        if prep.removals:
            questions.append("rows will be removed; really apply? / 将删除数据，确定更新？ [y/N] ")
        for question in questions if not args.yes else []:
            try:
                answer = input(question)
            except EOFError:  # no terminal (a script, a scheduled task): nobody can answer
                print(file=sys.stderr)
                return _refused("P_NO_ANSWER", "nobody answered the confirmation (no terminal); "
                                "nothing changed. Check the changes above, then run apply again "
                                "with --yes", "没有人回答确认问题（没有终端），内容未变。请核对上面的更改，"
                                "然后加 --yes 重新执行 apply")
            if answer.strip().lower() not in ("y", "yes"):
                print("cancelled; nothing changed / 已取消，内容未变")
                return 1
        result = install_prepared(prep, data_dir, args.factory_db)
    except PackageError as err:
        return _error(err)
    print(f"{result.message_en} / {result.message_zh} (generation {result.generation})")
    return 0


def cmd_rollback(args) -> int:
    from kiosk.data.generations import content_status, lower_high_water, roll_back

    data_dir = _data_dir(args)
    status = content_status(data_dir, args.factory_db)
    stuck = args.reset_sequence and status.high_water > status.sequence  # already rolled back
    if not stuck:
        result = roll_back(data_dir, args.factory_db)
        if not result.ok:
            return _refused(result.code, result.message_en, result.message_zh)
        print(f"{result.message_en} / {result.message_zh}")
    if args.reset_sequence:
        old, new = lower_high_water(data_dir, args.factory_db)
        print(f"highest package number lowered from {old} to {new or 'none'}: packages above {new} "
              f"can be applied again / 最高更新包编号已由 {old} 降为 {new or '无'}：编号大于 {new} 的"
              "更新包可以重新安装")
    return 0


def cmd_status(args) -> int:
    from kiosk.data.generations import content_status

    s = content_status(_data_dir(args), args.factory_db, deep=True)
    print(f"database      {s.database}{' (factory)' if s.factory else ''}\n"
          f"content       {s.content_version} ({s.content_date})\n"
          f"package       {s.sequence or '-'}  generation {s.generation or '-'}  applied {s.applied or '-'}\n"
          f"highest seen  {s.high_water}")
    for g in s.kept:
        print(f"  kept gen {g.generation:<4} package {g.sequence:<14} {g.applied}")
    if not s.damaged:
        return 0
    for en, zh in s.problems:
        print(f"DAMAGED: {en}\n         已损坏：{zh}", file=sys.stderr)
    if s.fallback:
        print(f"the kiosk shows {s.fallback[0]} instead; apply the latest package again, or use "
              f"rollback / 信息亭现改为显示{s.fallback[1]}；请重新安装最新的更新包，或执行 rollback",
              file=sys.stderr)
    return 2


def cmd_export(args) -> int:
    from kiosk.data.stats import export_to

    folder = export_to(args.dest, _data_dir(args), time.monotonic(), factory=args.factory_db)
    print(f"exported to {folder}")
    return 0


def cmd_fleet(args) -> int:
    """One table and one page for the office from a copy of the kiosks' outbox folders."""
    from kiosk.admin.fleet import write_report

    if not args.root.is_dir():
        print(f"{args.root}: not a folder / 不是文件夹", file=sys.stderr)
        return 1
    now = None
    if args.now:
        from datetime import datetime

        now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
    from datetime import timedelta

    rows, csv_path, html_path = write_report(args.root, args.out, now, args.days,
                                             timedelta(hours=args.silent_hours), args.expect_sequence)
    for row in rows:
        flags = ", ".join(row.flags) or "ok"
        print(f"{row.kiosk_id:24} package {row.content_sequence or '-':<14} {flags}")
    flagged = sum(1 for r in rows if r.flags)
    print(f"{len(rows)} kiosk(s), {flagged} flagged / {len(rows)} 台信息亭，{flagged} 台需要注意")
    print(f"wrote {csv_path} and {html_path}")
    return 0


def cmd_pin_hash(args) -> int:
    """Ask for the staff PIN twice (not echoed) and print the settings line with its salted hash."""
    import getpass

    from kiosk.settings import hash_pin

    ask = getpass.getpass if sys.stdin.isatty() else (lambda prompt: input(prompt))
    pin = ask("staff PIN (4-12 digits) / 工作人员密码（4-12 位数字）: ").strip()
    if not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 12):
        print("the PIN must be 4 to 12 digits / 密码须为 4 至 12 位数字", file=sys.stderr)
        return 2
    if ask("again / 再输入一次: ").strip() != pin:
        print("the two PINs differ; nothing printed / 两次输入不一致", file=sys.stderr)
        return 1
    print("add to the kiosk's settings.toml / 在信息亭的 settings.toml 中加入:")
    print(f'admin_pin_hash = "{hash_pin(pin)}"')
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kiosk.admin",
                                     description="Jinshan kiosk content packages (staff tools)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--settings", type=Path, help="kiosk settings.toml (default: $KIOSK_SETTINGS)")
    common.add_argument("--data-dir", type=Path, help="kiosk data folder (default: from settings)")
    common.add_argument("--factory-db", type=Path, default=FACTORY_DB, help=argparse.SUPPRESS)
    common.add_argument("--trusted-key", action="append",
                        help="trusted public key (base64 or a .pub file); default: settings")
    common.add_argument("--against", type=Path, help="compare/check with this content database")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("keygen", cmd_keygen, "create a signing key pair (NAME.key private, NAME.pub public)")
    p.add_argument("--out", type=Path, default=Path("."))
    p.add_argument("--name", default="kiosk-signing")
    p.add_argument("--passphrase-env", help="encrypt the private key with the passphrase in this env var")
    p = add("build", cmd_build, "build a signed package from a folder of <table>.csv files")
    p.add_argument("source", type=Path)
    p.add_argument("--key", type=Path, required=True, help="private key file from keygen")
    p.add_argument("--out", type=Path, default=Path("."))
    p.add_argument("--sequence", type=int, help="default: YYYYMMDDHHMMSS (UTC) now")
    p.add_argument("--author", default="")
    p.add_argument("--note", default="")
    p.add_argument("--allow-removal", action="append", default=[], metavar="TABLE",
                   help="allow this table to be emptied or lose more than 20%% of its rows (repeatable)")
    add("inspect", cmd_inspect, "show a package's manifest without trusting it").add_argument(
        "package", type=Path)
    add("verify", cmd_verify, "check signature, sizes, hashes and every row").add_argument(
        "package", type=Path)
    add("diff", cmd_diff, "show rows added, changed and removed against a database").add_argument(
        "package", type=Path)
    p = add("apply", cmd_apply, "install a package as a new content generation")
    p.add_argument("package", type=Path)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add("rollback", cmd_rollback, "go back to the previous content generation").add_argument(
        "--reset-sequence", action="store_true",
        help="also lower the highest package number to the content shown (the way out after a "
             "wrong, too-high sequence; if already rolled back, only lower it); see docs/packages.md")
    add("status", cmd_status, "show installed content, sequence and kept generations")
    add("export", cmd_export, "write usage statistics, health report and event log to a folder"
        ).add_argument("dest", type=Path)
    p = add("fleet", cmd_fleet, "one CSV table and one HTML page of every kiosk's newest outbox export")
    p.add_argument("root", type=Path, help="a copy of the outbox folder (or of stick exports)")
    p.add_argument("--out", type=Path, default=Path("."), help="where fleet.csv and fleet.html go")
    p.add_argument("--days", type=int, default=30, help="count screen views of the last N days")
    p.add_argument("--silent-hours", type=float, default=24.0, help="flag kiosks silent this long")
    p.add_argument("--expect-sequence", type=int,
                   help="flag kiosks below this package number (default: the newest in the fleet)")
    p.add_argument("--now", help=argparse.SUPPRESS)  # tests: the report's clock (ISO-8601)
    add("pin-hash", cmd_pin_hash, "print admin_pin_hash for settings.toml from a PIN typed at a prompt")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except PackageError as err:  # settings refused before a command's own handling began
        return _error(err)
    except OSError as exc:
        return _error(PackageError("P_DISK", str(exc)[:200]))
