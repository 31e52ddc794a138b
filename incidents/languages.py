"""ISO 639-1 language choices for sources and excerpts.

Django's own language table gives names for most codes; a few languages common in conflict
reporting that it lacks are added by hand.
"""

from django.conf.locale import LANG_INFO

_EXTRA_LANGUAGES = {
    "am": "Amharic",
    "ha": "Hausa",
    "ku": "Kurdish",
    "ps": "Pashto",
    "so": "Somali",
    "ti": "Tigrinya",
    "yo": "Yoruba",
    "zh": "Chinese",
}


def _language_choices():
    names = {code: info["name"] for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info}
    names.update(_EXTRA_LANGUAGES)
    return sorted(names.items(), key=lambda item: item[1])


LANGUAGE_CHOICES = _language_choices()
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGE_CHOICES)
