"""`{{ text|css_string }}`: text to put inside a CSS string, as in a PDF's running footer
(`content: "…"`). CSS escapes are `\\hex ` (not JavaScript's `\\u00XX`, which a PDF would print
as it is); quotes, backslashes, line breaks and `<`, `>`, `&` are escaped, every other character
(accents, Arabic...) stays as it is."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ESCAPED = set("\"'\\<>&") | {"\n", "\r", "\t", "\f"}


@register.filter
def css_string(value) -> SafeString:
    text = "".join(
        f"\\{ord(char):x} " if char in _ESCAPED or ord(char) < 0x20 else char for char in str(value)
    )
    return mark_safe(text)  # noqa: S308 — every character that could end the string or the style is escaped
