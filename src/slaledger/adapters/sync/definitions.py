"""A source defined through the API (docs/sync.md): the mapping one entry of a sources
file holds, parsed by the sources file's own parser (``config.parse_definition``), for
the contract of the address, and with no secret in it.

A definition is stored in the database and shown to provider roles, so a credential is
never part of it: an option whose name says it holds one (``token``, ``password``,
``secret``, ``api_key``...) is refused, and so is a URL with a password in it; the
option ``<name>_env`` gives the name of the service's environment variable that holds
it instead (``token_env: PROM_TOKEN``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.sync.config import Source, parse_definition
from slaledger.adapters.sync.pullers import check_options
from slaledger.domain.message import msg

#: parts of an option's name (split on ``_`` and ``-``) that say it holds a credential
SECRET_WORDS = frozenset(
    {"token", "password", "passwd", "pwd", "secret", "apikey", "credential", "credentials"}
)
#: pairs of parts that say so together (``api_key``, ``private_key``, ``access_key``)
SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key")})
ENV_SUFFIX = "_env"
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,199}$")
WHERE = "request body"


def _parts(name: str) -> list[str]:
    return [p for p in re.split(r"[_\-.\s]+", name.lower()) if p]


def holds_secret(name: str) -> bool:
    """Whether an option named ``name`` would hold a credential itself."""
    if name.lower().endswith(ENV_SUFFIX):
        return False
    parts = _parts(name)
    if any(p in SECRET_WORDS for p in parts):
        return True
    return any(pair in SECRET_PAIRS for pair in pairwise(parts))


def _walk(value: Any, path: str) -> Iterator[tuple[str, str, Any]]:
    """Each (field, key, value) of nested mappings and lists under ``path``."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            field = f"{path}.{key}"
            yield field, str(key), item
            yield from _walk(item, field)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")


def _password_in_url(value: object) -> bool:
    if not isinstance(value, str) or "://" not in value or "@" not in value:
        return False
    try:
        return urlsplit(value.strip()).password is not None
    except ValueError:
        return False


def secret_problems(data: Mapping[str, Any], *, where: str = WHERE) -> list[Problem]:
    """What in a definition's ``options`` is a secret, or a ``*_env`` option that is no
    variable's name. The secret itself is never quoted."""
    problems = []
    options = data.get("options")
    if not isinstance(options, Mapping):
        return []
    for field, key, value in _walk(options, "options"):
        if holds_secret(key):
            expected = msg("input.sync.no-secret", option=f"{key}{ENV_SUFFIX}")
            problems.append(Problem(where, field, expected, "a secret value"))
        elif key.lower().endswith(ENV_SUFFIX) and not (
            isinstance(value, str) and ENV_NAME.match(value)
        ):
            expected = msg("input.sync.env-name")
            problems.append(Problem(where, field, expected, describe(value)))
        elif _password_in_url(value):
            expected = msg("input.sync.url-without-password")
            problems.append(Problem(where, field, expected, "a URL with a password in it"))
    return problems


def definition_source(
    data: object, *, contract: str, kinds: set[str], name: str | None = None
) -> Source:
    """The source that ``data`` defines for ``contract`` (the address's); ``name``: the
    address's source name, when it gives one (a replacement). Raises an InputError
    naming each field, what was expected and what was found; nothing is written."""
    if not isinstance(data, Mapping):
        raise InputError([Problem(WHERE, "", msg("input.sync.definition"), describe(data))])
    given = dict(data)
    problems = []
    if given.get("contract", contract) != contract:
        expected = msg("input.sync.address-contract", contract=contract)
        problems.append(Problem(WHERE, "contract", expected, describe(given["contract"])))
    if name is not None and given.get("id", name) != name:
        expected = msg("input.sync.address-name", name=name)
        problems.append(Problem(WHERE, "id", expected, describe(given["id"])))
    problems.extend(secret_problems(given))
    if problems:
        raise InputError(problems)
    given["contract"] = contract
    if name is not None:
        given.setdefault("id", name)
    source = parse_definition(given, kinds, where=WHERE)
    check_options(source)  # what would fail at every sync is refused now
    return source


def stored_mapping(source_data: Mapping[str, Any], *, contract: str) -> dict[str, Any]:
    """The definition as it is stored: the mapping given, with the contract filled in
    (JSON-ready: an instant as its ISO text)."""
    out = dict(source_data)
    out["contract"] = contract
    since = out.get("since")
    if since is not None and not isinstance(since, str):
        out["since"] = since.isoformat()
    return out
