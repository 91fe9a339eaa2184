"""The words of every text for people, in the reader's language: gettext catalogs, English the fallback.

The catalogs live in ``tokencomp/locale/<language>/LC_MESSAGES/messages.po``
and are compiled to ``messages.mo`` beside them (both committed and shipped in
the wheel; a test recompiles each ``.po`` and compares). They are kept with
babel's tools, from the repository's root::

    pybabel extract -F babel.cfg --no-location --sort-output -o src/tokencomp/locale/messages.pot src
    pybabel update -i src/tokencomp/locale/messages.pot -d src/tokencomp/locale --no-fuzzy-matching
    pybabel compile -d src/tokencomp/locale

A language without a catalog reads English: the English text is the message
itself. Numbers, dates and amounts are not translated here; they are
formatted for the full locale by ``tokencomp.reports.wording`` and babel.
"""

from __future__ import annotations

import functools
import gettext
import importlib.resources

from babel import Locale
from babel.support import Translations

__all__ = ["LANGUAGES", "N_", "translations"]

#: The languages with a catalog, besides English, which needs none.
LANGUAGES = ("de", "es", "fr", "ja")

_DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark *message* for the catalogs without translating it yet (for tables of labels).

    >>> N_("Salary")
    'Salary'
    """
    return message


@functools.lru_cache(maxsize=32)
def _load(language: str) -> gettext.NullTranslations:
    directory = importlib.resources.files("tokencomp") / "locale"
    with importlib.resources.as_file(directory) as path:
        return Translations.load(str(path), [language], _DOMAIN)


def translations(locale: Locale | str) -> gettext.NullTranslations:
    """Return the catalog for *locale*'s language; English (the messages as written) when there is none.

    >>> translations("de_DE").gettext("Salary"), translations("ja_JP").gettext("Salary")
    ('Gehalt', '給与')
    >>> translations("sw_KE").gettext("Salary")
    'Salary'
    """
    language = locale.language if isinstance(locale, Locale) else str(locale).replace("-", "_").split("_")[0]
    return _load(language)
