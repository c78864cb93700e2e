"""Messages from files: ``.eml`` files (or folders of them) and ``mbox`` files."""

from __future__ import annotations

import mailbox
from collections.abc import Iterable, Iterator
from pathlib import Path

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest.mail.message import RawMail
from slaledger.domain.message import msg


def read_eml(paths: Iterable[str | Path]) -> list[RawMail]:
    """One message per ``.eml`` file; a folder stands for its ``*.eml`` files, by name."""
    files: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".eml" and p.is_file())
            if not found:
                problems.append(
                    Problem(
                        str(path),
                        "",
                        msg("input.ingest.eml-folder"),
                        msg("input.found.none-of-them"),
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "", msg("input.ingest.eml-file"), "no such file"))
    if problems:
        raise InputError(problems)
    return [RawMail(str(path), 1, path.read_bytes(), label="") for path in files]


def read_mbox(paths: Iterable[str | Path]) -> list[RawMail]:
    """Every message of each mbox file, numbered from 1 in its file."""
    result: list[RawMail] = []
    for given in paths:
        result.extend(_mbox_messages(Path(given)))
    return result


def _mbox_messages(path: Path) -> Iterator[RawMail]:
    if not path.is_file():
        raise InputError([Problem(str(path), "", msg("input.ingest.mbox-file"), "no such file")])
    box = mailbox.mbox(path, create=False)
    try:
        keys = list(box.keys())
        if not keys and path.stat().st_size > 0:
            raise InputError(
                [
                    Problem(
                        str(path),
                        "",
                        msg("input.ingest.mbox-messages"),
                        msg("input.found.none-of-them"),
                    )
                ]
            )
        for number, key in enumerate(keys, start=1):
            yield RawMail(str(path), number, box.get_bytes(key))
    finally:
        box.close()
