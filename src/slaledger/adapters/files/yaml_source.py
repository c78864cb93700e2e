"""YAML loading that remembers where every value came from.

PyYAML's constructed objects forget their position; contract and calendar files must
report errors by line, so we build the Python objects ourselves from the node tree and
keep a map from each value's path (keys and list indexes) to its line and column.
Duplicate keys, which PyYAML silently overwrites, are reported as errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from slaledger.adapters.files.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    UNITS,
    more_than,
    shown,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.message import Text, msg

PathKey = tuple[Any, ...]
#: The last part of a path that designates a mapping key rather than its value (the
#: marker pydantic puts in the location of an error about a key).
KEY = "[key]"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class YamlDocument:
    """A parsed YAML file and the position of every value (and mapping key) in it."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Iterable[Any]) -> tuple[int | None, int | None]:
        """Line and column of the deepest known value along ``path`` (1-based).

        A path ending in ``KEY`` gives the position of the key itself.
        """
        key = tuple(path)
        if key and key[-1] == KEY:
            key = key[:-1]
            if key in self.key_positions:
                return self.key_positions[key]
        while True:
            if key in self.positions:
                return self.positions[key]
            if not key:
                return None, None
            key = key[:-1]

    def problem(self, path: Iterable[Any], expected: Text, found: object) -> Problem:
        path = tuple(path)
        line, column = self.position(path)
        return Problem(
            file=self.file,
            field=dotted(path),
            expected=expected,
            found=describe(found),
            line=line,
            column=column,
        )


def dotted(path: Iterable[Any]) -> str:
    """``('calendars', 'x', 'hours', 'mon', 0)`` -> ``calendars.x.hours.mon[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_yaml_text(text: str, file: str) -> YamlDocument:
    """Parse YAML text; syntax errors become an InputError with the line. A text over
    MAX_DOCUMENT_BYTES (UTF-8) is refused before it is parsed."""
    if len(text) > MAX_DOCUMENT_BYTES.value() // 4:  # fewer characters cannot be over
        MAX_DOCUMENT_BYTES.check(file, len(text.encode("utf-8", "surrogatepass")))
    try:
        loader = _BoundedLoader(text, file)
    except yaml.reader.ReaderError as exc:
        raise InputError([_unreadable(text, file, exc)]) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            raise InputError([_unreadable(text, file, exc)]) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise InputError(
                [
                    Problem(
                        file=file,
                        field="",
                        expected=msg("input.files.valid-yaml"),
                        found=str(exc.problem or exc),
                        line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None,
                    )
                ]
            ) from None
        doc = YamlDocument(file=file, data=None)
        if node is None:
            doc.data = None
            return doc
        _check_expansion(node, file)
        problems: list[Problem] = []
        doc.data = _build(loader, node, (), doc, problems)
        if problems:
            raise InputError(problems)
        return doc
    finally:
        loader.dispose()


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses nesting deeper than MAX_YAML_DEPTH while composing
    (PyYAML's composer recurses: 900 levels end in a RecursionError)."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self._file = file
        self._depth = 0
        self._max_depth = MAX_YAML_DEPTH.value()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > self._max_depth:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                problem = MAX_YAML_DEPTH.problem(
                    self._file, msg("input.found.more-levels", n=self._max_depth), self._max_depth
                )
                raise InputError([_at(problem, mark.line + 1, mark.column + 1)])
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _at(problem: Problem, line: int, column: int) -> Problem:
    return Problem(problem.file, problem.field, problem.expected, problem.found, line, column)


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse a document whose aliases expand past MAX_YAML_NODES nodes or
    MAX_YAML_DEPTH levels, or refer to themselves, before building anything from it.

    Each distinct node is visited once (a post-order walk with the expanded size and
    depth of every node remembered), so an alias bomb costs its text, not its expansion.
    """
    max_nodes, max_depth = MAX_YAML_NODES.value(), MAX_YAML_DEPTH.value()
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            if size[key] > max_nodes:
                found = more_than(max_nodes, "YAML nodes")
                what = msg("input.found.aliases-expanded")
                problem = MAX_YAML_NODES.problem(file, found, max_nodes, what=what)
                raise InputError([_at(problem, line, column)])
            if depth[key] > max_depth:
                levels = msg("input.found.count", n=depth[key], unit=UNITS["levels of nesting"])
                what = msg("input.found.aliases-expanded")
                problem = MAX_YAML_DEPTH.problem(file, levels, max_depth, what=what)
                raise InputError([_at(problem, line, column)])
            continue
        if key in size:
            continue
        if key in open_nodes:  # only an ancestor is still open: the alias loops
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            raise InputError(
                [
                    Problem(
                        file,
                        "",
                        msg("input.files.earlier-aliases"),
                        msg("input.found.alias-loop"),
                        line,
                        column,
                    )
                ]
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _unreadable(text: str, file: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a control character), located by its offset."""
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - text.rfind("\n", 0, exc.position)
    found = (
        msg("input.found.character", character=repr(chr(exc.character)))
        if isinstance(exc.character, int)
        else msg("input.found.byte", byte=repr(exc.character))
    )
    return Problem(file, "", msg("input.files.printable-yaml"), found, line=line, column=column)


def load_yaml(path: str | Path) -> YamlDocument:
    """Read and parse a YAML file; a missing file is an InputError too."""
    p = Path(path)
    try:
        if p.is_file():  # its size before its text (a device or a pipe is read as it comes)
            MAX_DOCUMENT_BYTES.check(str(path), p.stat().st_size)
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            [
                Problem(
                    file=str(path),
                    field="",
                    expected=msg("input.files.existing-file"),
                    found=msg("input.found.no-such-file"),
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    file=str(path), field="", expected=msg("input.files.utf8-text"), found=str(exc)
                )
            ]
        ) from None
    except OSError as exc:  # a folder, a file it may not read
        found = exc.strerror or type(exc).__name__
        raise InputError(
            [
                Problem(
                    file=str(path), field="", expected=msg("input.files.readable-file"), found=found
                )
            ]
        ) from None
    return load_yaml_text(text, str(path))


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: PathKey,
    doc: YamlDocument,
    problems: list[Problem],
) -> Any:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node, doc.file)
            if not _hashable(key):
                problems.append(doc.problem(path, msg("input.files.plain-key"), key))
                continue
            if key in result:
                here = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                problems.append(
                    Problem(
                        file=doc.file,
                        field=dotted((*path, key)),
                        expected=msg("input.files.key-once"),
                        found=msg("input.found.second-key", key=str(key)),
                        line=here[0],
                        column=here[1],
                    )
                )
                continue
            doc.key_positions[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = _build(loader, value_node, (*path, key), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, (*path, index), doc, problems)
            for index, item in enumerate(node.value)
        ]
    return _construct(loader, node, doc.file)


def _construct(loader: yaml.SafeLoader, node: yaml.Node, file: str) -> Any:
    """The Python value of a node; a malformed date (2024-02-30) stays its text.

    PyYAML raises on dates that do not exist; kept as text, the value reaches
    validation, which reports it with its field and line.
    A scalar PyYAML has no constructor for (``=``, the ``value`` tag; an unknown ``!tag``)
    stays its text too. A JSON escape of a character outside the BMP (``"\\ud83d\\ude00"``)
    gives its two surrogates, which are paired again; a lone surrogate is refused.
    """
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        if isinstance(node, yaml.ScalarNode):
            value = node.value
        else:
            found = str(getattr(exc, "problem", None) or exc)
            raise InputError(
                [_located(node, file, msg("input.files.plain-yaml-value"), found)]
            ) from None
    if isinstance(value, str) and _SURROGATE.search(value) is not None:
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            lone = msg("input.found.lone-surrogate", text=shown(value))
            raise InputError([_located(node, file, msg("input.files.unicode"), lone)]) from None
    return value


def _located(node: yaml.Node, file: str, expected: Text, found: Text) -> Problem:
    mark = node.start_mark
    return Problem(file, "", expected, found, line=mark.line + 1, column=mark.column + 1)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return not isinstance(value, Mapping)
