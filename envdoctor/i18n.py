"""The one translation layer: every user-facing message goes through `_()`.

Catalogs are standard gettext `.mo` files under `envdoctor/locale/<lang>/LC_MESSAGES/`.
Each area of the tool (check, mirrors, bench, ...) keeps its own domain file so the
areas can grow independently; all domains of a language are chained into one lookup.

The language is chosen once per process (`set_language`), from `--lang` or else the
usual locale variables in gettext's order (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
Machine output (JSON codes, keys) never goes through here.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from importlib import resources

SUPPORTED = ("en", "zh_CN")
_LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def normalise_language(value: str | None) -> str | None:
    """Map a locale string (`zh_CN.UTF-8`, `zh-Hans`, `en_US`) to a supported language."""
    if not value:
        return None
    tag = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()
    low = tag.lower()
    if low in {"c", "posix", ""}:
        return "en"
    if low in {"zh", "zh_cn", "zh_sg", "zh_hans", "zh_hans_cn"}:
        return "zh_CN"
    if low.startswith("en"):
        return "en"
    return None


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale variables ask for, or English."""
    env = os.environ if environ is None else environ
    for var in _LOCALE_VARS:
        raw = env.get(var)
        if not raw:
            continue
        # LANGUAGE may list several, colon-separated, in order of preference.
        for part in raw.split(":"):
            lang = normalise_language(part)
            if lang is not None:
                return lang
        # The first variable that is set decides, as in gettext.
        return "en"
    return "en"


def _load(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    folder = resources.files("envdoctor").joinpath("locale").joinpath(lang).joinpath("LC_MESSAGES")
    chain: gettext.NullTranslations | None = None
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except (FileNotFoundError, NotADirectoryError):
        return gettext.NullTranslations()
    for entry in entries:
        if not entry.name.endswith(".mo"):
            continue
        with entry.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)
        if chain is None:
            chain = catalog
        else:
            chain.add_fallback(catalog)
    return chain if chain is not None else gettext.NullTranslations()


def set_language(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Choose the output language; `None` means: from the environment. Returns the choice."""
    global _translations, _language  # noqa: PLW0603 - one process-wide language, set by the CLI
    chosen = normalise_language(lang) if lang else detect_language(environ)
    if chosen is None:
        chosen = "en"
    _translations = _load(chosen)
    _language = chosen
    return chosen


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate `message` into the current language (English when no catalog has it)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def sentence_gap() -> str:
    """What goes between two sentences: a space in English, nothing after Chinese 。."""
    return "" if _language == "zh_CN" else " "


def list_sep() -> str:
    """The separator of an inline list: ", " in English, "，" in Chinese."""
    return "，" if _language == "zh_CN" else ", "


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


__all__ = [
    "N_",
    "SUPPORTED",
    "_",
    "current_language",
    "detect_language",
    "list_sep",
    "ngettext",
    "normalise_language",
    "sentence_gap",
    "set_language",
]
