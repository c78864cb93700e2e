"""What a backup archive may hold, checked from its directory before anything is read
from it or written anywhere.

A restore reads the archive's members into the database and extracts nothing to disk,
but it refuses an archive no ``sla backup`` makes all the same, so that no tool handed
it later (an unzip, an auditor's script) is led outside its folder: a member with an
absolute path (``/etc/x``, ``C:\\x``, ``\\\\host\\x``), a ``..`` part or a backslash; a
symbolic link (zip has no hard-link entry; a symbolic one is a member whose Unix mode
says so); a folder or any name but the manifest, its signature and ``tables/<table>.jsonl``
of a known table; a name twice (two readers could take different ones); a member that
declares more than ``SLALEDGER_MAX_BACKUP_MEMBER_BYTES`` once uncompressed (default
16 GiB; the zip reader stops at the declared size, and a member longer than it declares
fails its CRC check).
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path

from slaledger.adapters.files.limits import Limit

MAX_MEMBER_BYTES = Limit("SLALEDGER_MAX_BACKUP_MEMBER_BYTES", 16 * 1024**3, "bytes")
_DRIVE = re.compile(r"[A-Za-z]:")


def member_problem(info: zipfile.ZipInfo, expected: set[str], limit: int) -> str | None:
    """Why ``info`` may not be in a backup archive (None: it may)."""
    name = info.filename
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "an absolute path"
    if "\\" in name:
        return "a backslash in its path"
    if ".." in name.split("/"):
        return "a path out of the archive (..)"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if name not in expected:
        return "a member no backup holds (expected manifest.json, manifest.sig, tables/*.jsonl)"
    if info.file_size > limit:
        return (
            f"{info.file_size:,} bytes uncompressed; expected at most {limit:,} (the limit "
            f"{MAX_MEMBER_BYTES.variable}; set it higher to allow more)"
        )
    return None


def check_members(
    archive: zipfile.ZipFile, file: str | Path, members: Iterable[str], error: type[Exception]
) -> None:
    """Raise ``error`` naming the first member of ``archive`` a backup may not hold."""
    expected, limit = set(members), MAX_MEMBER_BYTES.value()
    seen: set[str] = set()
    for info in archive.infolist():
        problem = member_problem(info, expected, limit)
        if problem is None and info.filename in seen:
            problem = "a second member of that name"
        if problem is not None:
            raise error(
                f"{file}: member {info.filename!r}: {problem}: refused, nothing was restored"
            )
        seen.add(info.filename)
