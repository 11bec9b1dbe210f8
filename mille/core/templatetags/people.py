"""`{{ count|people }}`: a count of people as the public may see it (statistical secrecy,
`mille.core.disclosure`): « moins de 5 » for 1 to 4, the others rounded to 5."""

from django import template
from django.utils.translation import gettext as _

from mille.core.disclosure import protect_one

register = template.Library()


@register.filter
def people(count) -> str:
    cell = protect_one(int(count or 0))
    return _("moins de 5") if cell.suppressed else str(cell.value)
