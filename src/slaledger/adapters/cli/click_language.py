"""click's own words (usage errors, ``Usage:``, ``Try ... for help.``, ``Error: ...``) in
the language the command runs in (docs/i18n.md).

click marks its strings for the standard library's gettext: each module that speaks does
``from gettext import gettext as _`` (and ``ngettext``) and calls those module globals
when it builds a message, at run time. The hooks gettext offers, and the one chosen:

- ``gettext.textdomain`` / ``bindtextdomain`` switch the default domain of *every*
  library in the process, and read a compiled ``.mo`` chosen by the ``LANGUAGE``/``LANG``
  variables: too wide, and it cannot follow ``--lang``;
- ``NullTranslations.install()`` puts ``_`` in builtins, which click never reads (its
  ``_`` is the module global it imported);
- so the globals ``_`` and ``ngettext`` of click's modules are rebound, once
  (``install``), to the two methods of one ``gettext.NullTranslations`` subclass
  (``_Speaking``) that hands each call to the translations of the language in force —
  a ``gettext.GNUTranslations`` read from ``locale/fr/LC_MESSAGES/click.po`` with Babel
  (compiled in memory: no ``.mo`` in the tree) — or, in English, to click's own
  ``gettext.gettext``, so English stays click's default text. Only globals that are still
  the standard library's functions are rebound, and a test checks that every module of
  click that imports gettext is covered.

``speaking(language)`` sets the language for the duration of a command (a context
variable), so nothing outside the ``sla`` run changes.
"""

from __future__ import annotations

import gettext
import importlib
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from slaledger.adapters.i18n.render import LOCALE_DIR

#: click's modules that mark strings for gettext (``_winconsole`` only loads on Windows)
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
    "click._termui_impl",
)
#: the languages click.po exists for; any other is click's English
TRANSLATED = ("fr",)

_ACTIVE: ContextVar[gettext.NullTranslations | None] = ContextVar("click_language", default=None)
_LANGUAGE: ContextVar[str] = ContextVar("cli_language", default="en")


def current_language() -> str:
    """The language the running command speaks (``speaking``; English outside one)."""
    return _LANGUAGE.get()


def catalog_path(language: str) -> str:
    return str(LOCALE_DIR / language / "LC_MESSAGES" / "click.po")


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """click's messages in ``language``, from its ``click.po`` (plural forms included)."""
    with open(catalog_path(language), "rb") as handle:
        catalog = read_po(handle, locale=language, domain="click")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class _Speaking(gettext.NullTranslations):
    """The translations click's modules call: those of the language in force, else the
    standard library's functions click was written against."""

    def gettext(self, message: str) -> str:
        active = _ACTIVE.get()
        return active.gettext(message) if active is not None else gettext.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        active = _ACTIVE.get()
        if active is not None:
            return active.ngettext(msgid1, msgid2, n)
        return gettext.ngettext(msgid1, msgid2, n)


SPEAKING = _Speaking()


def install() -> list[str]:
    """Rebind ``_`` and ``ngettext`` of click's modules to ``SPEAKING`` (idempotent);
    the names of the modules that speak through it."""
    covered = []
    for name in CLICK_MODULES:
        module = sys.modules.get(name) or importlib.import_module(name)
        if getattr(module, "_", None) is gettext.gettext:
            module._ = SPEAKING.gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = SPEAKING.ngettext  # type: ignore[attr-defined]
        if getattr(module, "_", None) == SPEAKING.gettext:
            covered.append(name)
    return covered


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """click speaks ``language`` (fr; any other is click's English) inside the block."""
    install()
    token = _ACTIVE.set(translations(language) if language in TRANSLATED else None)
    said = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(said)
        _ACTIVE.reset(token)
