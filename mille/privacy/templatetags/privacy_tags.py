"""Showing a person's data (nested dicts and lists) as readable lists."""

from django import template

register = template.Library()


@register.filter
def is_mapping(value) -> bool:
    return isinstance(value, dict)


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def field_label(key: str) -> str:
    """`derniere_connexion` → « Derniere connexion »: the export's keys, read as words."""
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]
