"""The statement's labels in French and English: gettext catalogs read with Babel.

The ``.po`` files in ``locales/`` are the only source: each is read with
``babel.messages.pofile.read_po`` and compiled in memory (``write_mo``) on first use, so
there is no compile step and no binary ``.mo`` file to keep in sync with its source, and
the result is a standard ``gettext.GNUTranslations`` (plural forms included) that Jinja2's
i18n extension installs directly. Reading a catalog takes a few milliseconds, once per
process and language.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from slaledger.adapters.reports.statement.formatting import check_language

LOCALES = Path(__file__).resolve().parent / "locales"


def catalog_path(language: str) -> Path:
    return LOCALES / f"{check_language(language)}.po"


def read_catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as source:
        return read_po(source, locale=language, domain="messages")


@cache
def translations(language: str) -> Translations:
    """The compiled catalog of ``language`` (fr or en)."""
    buffer = BytesIO()
    write_mo(buffer, read_catalog(language))
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Marks a label computed at run time (a status, a category) for the catalogs."""
    return message
