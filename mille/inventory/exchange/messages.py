"""The schema's errors told in French, one per field, with the closest allowed value suggested
(« Vouliez-vous dire … ? ») rather than the whole list."""

from __future__ import annotations

import difflib
import enum
import typing

import pydantic
from django.utils.translation import gettext as _

from mille.core.text import normalize_search


def _enum(model: type[pydantic.BaseModel], name: str) -> type[enum.Enum] | None:
    """The enum of a field holding one value or a set of values of it."""
    info = model.model_fields.get(name)
    stack = [info.annotation] if info else []
    while stack:
        kind = stack.pop()
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind
        stack.extend(typing.get_args(kind))
    return None


def _folded(value: str) -> str:
    return normalize_search(value).replace(" ", "-").replace("'", "")


def closest(value: str, allowed: list[str], labels: dict[str, str] | None = None) -> str | None:
    """The allowed value nearest to what was typed, by its code or by its label."""
    if not value:
        return None
    folded = {_folded(code): code for code in allowed}
    for code, label in (labels or {}).items():
        folded.setdefault(_folded(label), code)
    wanted = _folded(value)
    if wanted in folded:
        return folded[wanted]
    match = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.6)
    if match:
        return folded[match[0]]
    # « famille » for « famille--soutien-a-la-parentalite-et-a-leducation »: a prefix is a hint.
    starting = sorted(code for key, code in folded.items() if key.startswith(wanted))
    return starting[0] if len(starting) == 1 else None


FIELD_FORMATS = {
    "code_postal": lambda: _("Code postal attendu sur 5 chiffres (par exemple 59000)."),
    "code_insee": lambda: _(
        "Code INSEE de la commune attendu sur 5 caractères (par exemple 59350)."
    ),
    "siret": lambda: _("Numéro SIRET attendu sur 14 chiffres, sans espace."),
}


def error_message(model: type[pydantic.BaseModel], error: dict) -> tuple[str, str]:
    """(field, French message) for one error of `model.model_validate`."""
    location = error.get("loc") or ()
    name = str(location[0]) if location else "—"
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return name, _("Champ obligatoire absent.")
    if kind == "enum":
        members = list(_enum(model, name) or [])
        labels = {member.value: getattr(member, "label", "") or "" for member in members}
        guess = closest(str(value), list(labels), labels)
        if guess:
            return name, _("Valeur inconnue « %(value)s ». Vouliez-vous dire « %(guess)s » ?") % {
                "value": value,
                "guess": guess,
            }
        return name, _(
            "Valeur inconnue « %(value)s » : elle n'est pas dans la liste de data·inclusion."
        ) % {"value": value}
    if name in FIELD_FORMATS and kind.startswith("string_"):
        return name, FIELD_FORMATS[name]()
    if kind == "string_too_short":
        return name, _("Trop court : %(count)s caractères au moins.") % {
            "count": context.get("min_length")
        }
    if kind == "string_too_long":
        return name, _("Trop long : %(count)s caractères au plus.") % {
            "count": context.get("max_length")
        }
    if kind.startswith("date") or kind.startswith("datetime"):
        return name, _("Date attendue sous la forme AAAA-MM-JJ (par exemple 2025-02-14).")
    if kind.startswith("url"):
        return name, _("Adresse web non valable : elle doit commencer par https:// ou http://.")
    if name == "courriel":
        return name, _("Adresse e-mail non valable.")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return name, _("Nombre attendu (avec un point : 50.63).")
    if kind in ("greater_than_equal", "greater_than"):
        return name, _("Valeur trop petite.")
    if kind in ("list_type", "set_type", "too_short"):
        return name, _("Liste attendue (valeurs séparées par des virgules).")
    if kind in ("string_type",):
        return name, _("Texte attendu.")
    if kind in ("value_error", "avertissement"):
        # The schema's own checks already speak French (dates, names ending with a point).
        reason = str(context.get("error") or error.get("msg") or "")
        return name, reason.removeprefix("Value error, ")
    return name, _("Valeur non valable.")


def unknown_column(column: str, known: list[str], cutoff: float = 0.8) -> str | None:
    """A column name that looks like a typo of a known one: what it probably meant."""
    if column in known or not column:
        return None
    match = difflib.get_close_matches(column.lower(), known, n=1, cutoff=cutoff)
    return match[0] if match else None
