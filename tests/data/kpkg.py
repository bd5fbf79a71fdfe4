"""Helpers that make signed (and deliberately broken) update packages for tests."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from kiosk.admin.builder import write_zip
from kiosk.data.packages import (
    FORMAT_VERSION,
    FileEntry,
    Manifest,
    fingerprint,
    generate_key_pair,
    load_private_key,
    now_iso,
    parse_public_key,
    table_path,
)

ROOT = Path(__file__).resolve().parent.parent.parent


class Signer:
    """A fresh Ed25519 key pair: the private key object and the base64 public key."""

    def __init__(self):
        pem, self.public = generate_key_pair()
        self.key = load_private_key(pem)
        self.fingerprint = fingerprint(parse_public_key(self.public))


def manifest_for(tables: dict[str, bytes], signer: Signer, sequence: int, **changes) -> Manifest:
    fields = dict(format=FORMAT_VERSION, sequence=sequence, created=now_iso(), author="test",
                  note="", key=signer.fingerprint, tables=tuple(tables),
                  files=tuple(FileEntry(table_path(n), len(b), hashlib.sha256(b).hexdigest())
                              for n, b in tables.items()))
    fields.update(changes)
    return Manifest(**fields)


def package_files(tables: dict[str, bytes], signer: Signer, sequence: int = 1,
                  manifest_bytes: bytes | None = None, **changes) -> dict[str, bytes]:
    """The entries of a correctly signed package (manifest_bytes replaces the signed manifest)."""
    data = manifest_bytes or manifest_for(tables, signer, sequence, **changes).to_bytes()
    files = {"manifest.json": data, "manifest.sig": signer.key.sign(data)}
    files.update({table_path(n): b for n, b in tables.items()})
    return files


def write_package(path: Path, tables: dict[str, bytes], signer: Signer, sequence: int = 1,
                  **changes) -> Path:
    write_zip(package_files(tables, signer, sequence, **changes), path)
    return path


def source_table(name: str) -> bytes:
    return (ROOT / "db" / f"{name}.csv").read_bytes()


def zip_bytes(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    """A zip made entry by entry, for names and attributes the writer would never produce."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, body in entries:
            zf.writestr(info, body)
    return buf.getvalue()
