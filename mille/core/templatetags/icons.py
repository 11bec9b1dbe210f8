"""`{% icon "name" %}`: an inline SVG pictogram, rendered once per name and process.

The pictograms live in includes/icon.html (one long if/elif chain); rendering that chain for every
item of a long list cost most of a wall's rendering time, hence the memo.
"""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@lru_cache(maxsize=128)
def _svg(name: str) -> SafeString:
    return mark_safe(render_to_string("includes/icon.html", {"name": name}).strip())  # noqa: S308 — our own template


@register.simple_tag
def icon(name: str) -> SafeString:
    return _svg(str(name))
