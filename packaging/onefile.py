"""The Linux onefile binary: packaging/launcher/launcher.c with the onedir build appended.

PyInstaller's own onefile unpacks the whole bundle into a new temporary folder on every start
(~0.8 s here); this one unpacks once per version into the user's cache folder and then starts
as fast as the onedir build. The layout is documented at the top of launcher.c; `assemble`
writes it and `read_toc` reads it back (the tests use it to check what was written).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import struct
import subprocess
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAUNCHER_C = HERE / "launcher" / "launcher.c"
MAGIC = b"CBLNCH01"
TRAILER = struct.Struct("<8sQQII16s")  # magic, toc_offset, toc_size, count, reserved, key
ENTRY = struct.Struct("<B3xIQQQI")  # kind, mode, offset, stored_size, raw_size, path_len
KIND_DIR, KIND_FILE, KIND_ZLIB, KIND_LINK = 0, 1, 2, 3


@dataclass(frozen=True)
class Entry:
    kind: int
    mode: int
    offset: int
    stored: int
    raw: int
    path: str


def compiler() -> str | None:
    """The C compiler to build the launcher with, or None (then PyInstaller's onefile ships)."""
    return os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")


def compile_launcher(out: Path, cc: str, strict: bool = False) -> Path:
    """Builds the launcher, with zlib linked in statically when the static library exists.

    strict turns warnings into errors (the tests build it so; a user's newer compiler may
    warn about things ours does not).
    """
    libz = subprocess.run(
        [cc, "-print-file-name=libz.a"], capture_output=True, text=True, check=False
    ).stdout.strip()
    zlib_arg = libz if os.path.isabs(libz) and os.path.exists(libz) else "-lz"
    flags = ["-O2", "-s", "-std=c11", "-pthread", "-Wall", "-Wextra"]
    if strict:
        flags.append("-Werror")
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([cc, *flags, "-o", str(out), str(LAUNCHER_C), zlib_arg], check=True)
    return out


def _walk(root: Path) -> list[Path]:
    """Every folder, file and symlink under root, parents before children, in a stable order."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        base = Path(folder)
        for name in dirs:
            found.append(base / name)
        found.extend(base / name for name in sorted(files))
    return found


def _pack(path: Path) -> tuple[int, bytes, int]:
    """(kind, stored bytes, raw size) for one file system entry."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path).encode()
        return KIND_LINK, target, len(target)
    if stat.S_ISDIR(info.st_mode):
        return KIND_DIR, b"", 0
    raw = path.read_bytes()
    packed = zlib.compress(raw, 9)
    if len(packed) < len(raw):
        return KIND_ZLIB, packed, len(raw)
    return KIND_FILE, raw, len(raw)


def assemble(launcher: Path, onedir: Path, out: Path) -> str:
    """Writes launcher + onedir payload to out; returns the payload's key (its cache name)."""
    paths = _walk(onedir)
    digest = hashlib.sha256()
    toc = bytearray()
    tmp = out.with_name(out.name + ".part")
    with tmp.open("wb") as sink, ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        sink.write(launcher.read_bytes())
        # zlib releases the GIL: compress in parallel, write in order.
        for path, (kind, data, raw) in zip(paths, pool.map(_pack, paths), strict=True):
            rel = path.relative_to(onedir).as_posix().encode()
            mode = stat.S_IMODE(path.lstat().st_mode)
            toc += ENTRY.pack(kind, mode, sink.tell(), len(data), raw, len(rel)) + rel
            digest.update(struct.pack("<BI", kind, mode) + rel + b"\0" + data)
            sink.write(data)
        key = digest.hexdigest()[:16]
        toc_offset = sink.tell()
        sink.write(toc)
        sink.write(TRAILER.pack(MAGIC, toc_offset, len(toc), len(paths), 0, key.encode()))
    tmp.chmod(0o755)
    tmp.replace(out)
    return key


def read_toc(binary: Path) -> tuple[str, list[Entry]]:
    """The key and entries of an assembled binary (raises ValueError when it has none)."""
    with binary.open("rb") as src:
        src.seek(-TRAILER.size, os.SEEK_END)
        magic, toc_offset, toc_size, count, _, key = TRAILER.unpack(src.read(TRAILER.size))
        if magic != MAGIC:
            raise ValueError(f"{binary} carries no bundle")
        src.seek(toc_offset)
        toc = src.read(toc_size)
    entries, pos = [], 0
    for _ in range(count):
        kind, mode, offset, stored, raw, length = ENTRY.unpack_from(toc, pos)
        pos += ENTRY.size
        path = toc[pos : pos + length].decode()
        pos += length
        entries.append(Entry(kind, mode, offset, stored, raw, path))
    return key.decode(), entries
