"""`{% plain "<key>" %}`: one of the program's terms explained in a plain sentence
(`core/plain_words.py`), the same words wherever a page first uses the term."""

from django import template

from certify.core.plain_words import PLAIN

register = template.Library()


@register.simple_tag
def plain(key: str) -> str:
    """The sentence for `key`; an unknown key fails loudly (a typo would show nothing)."""
    return PLAIN[key]
