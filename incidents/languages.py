"""ISO 639-1 language choices for sources and excerpts, named in the reader's language.

Django's own language table gives names for most codes, and its translations name them in
Arabic; a few languages common in conflict reporting that it lacks are added here, with
translations of ours.
"""

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext, gettext_lazy, gettext_noop

_EXTRA_LANGUAGES = {
    "am": gettext_noop("Amharic"),
    "ha": gettext_noop("Hausa"),
    "ku": gettext_noop("Kurdish"),
    "ps": gettext_noop("Pashto"),
    "so": gettext_noop("Somali"),
    "ti": gettext_noop("Tigrinya"),
    "yo": gettext_noop("Yoruba"),
    "zh": gettext_noop("Chinese"),
}


def _language_names():
    names = {code: info["name"] for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info}
    names.update(_EXTRA_LANGUAGES)
    return names


_NAMES = _language_names()
# Sorted by English name, as stored choices must not change order with the reader's language;
# each label is translated when shown.
LANGUAGE_CHOICES = [(code, gettext_lazy(name)) for code, name in sorted(_NAMES.items(), key=lambda item: item[1])]
LANGUAGE_CODES = frozenset(_NAMES)


def language_name(code):
    """The language with this ISO 639-1 code, named in the active language; the code if unknown."""
    name = _NAMES.get(code)
    return gettext(name) if name else code
