import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from mille.core.text import is_ascii_digits, normalize_search
from mille.territories.models import Commune, Departement

_LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<code>\d[\dAB]\d{2,3})\)\s*$")


def commune_search(*, query: str, limit: int = 8) -> list[Commune]:
    """Communes whose name starts with the query, or whose postal or INSEE code does.

    Larger communes come first, so « Lille » finds Lille before Lille-sur-... villages.
    """
    text = query.strip()
    if len(text) < 2:
        return []
    qs = Commune.objects.select_related("departement")
    if is_ascii_digits(text) or (len(text) == 5 and text[:2] in {"2A", "2B"}):
        qs = qs.filter(Q(insee__startswith=text) | Q(postal_codes__contains=text))
    else:
        qs = qs.filter(search_name__startswith=normalize_search(text))
    return list(qs.order_by("-population", "name")[:limit])


class CommuneLookupError(ValueError):
    """A token that names no commune, or several."""

    def __init__(self, token: str, candidates: list[Commune] | None = None):
        super().__init__(token)
        self.token = token
        self.candidates = candidates or []

    @property
    def message(self) -> str:
        """What to tell the person, in plain words."""
        if self.candidates:
            examples = ", ".join(f"« {c.label} »" for c in self.candidates[:3])
            return gettext(
                "Plusieurs communes s'appellent « %(token)s ». Précisez, par exemple : %(examples)s."
            ) % {"token": self.token, "examples": examples}
        return gettext(
            "Commune inconnue : « %(token)s ». Vérifiez l'orthographe ou tapez le code postal."
        ) % {"token": self.token}


def commune_resolve(token: str) -> Commune:
    """Find the one commune a person meant by a name, « Name (postal code) », or a code."""
    text = token.strip()
    match = _LABEL.match(text)
    name, code = (match.group("name"), match.group("code")) if match else (text, "")
    if not match and re.fullmatch(r"\d[\dAB]\d{3}", text):
        name, code = "", text
    qs = Commune.objects.all()
    if name:
        qs = qs.filter(search_name=normalize_search(name))
    if code:
        qs = qs.filter(Q(insee=code) | Q(postal_codes__contains=code))
    found = list(qs[:6])
    if code and name:
        found = [c for c in found if c.insee == code or code in c.postal_codes.split()]
    # « 13015 » is Marseille and its 15th arrondissement: the arrondissement is what was meant.
    precise = [c for c in found if c.parent_id and c.parent_id in {f.insee for f in found}]
    if len(precise) == 1:
        return precise[0]
    if len(found) == 1:
        return found[0]
    raise CommuneLookupError(text, found)


def communes_covered(codes, *, with_cities: bool = False) -> set[str]:
    """The INSEE codes a territory covers: its communes and, for Paris, Lyon or Marseille, the
    arrondissements of the city (the Annuaire de l'éducation places schools in them). With
    `with_cities`, also the city of an arrondissement: a file may give the city's code, and the
    postal code then tells the arrondissement."""
    codes = set(codes)
    covered = codes | set(
        Commune.objects.filter(parent_id__in=codes).values_list("insee", flat=True)
    )
    if with_cities:
        covered |= set(
            Commune.objects.filter(insee__in=codes, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
    return covered


def departements_all() -> QuerySet[Departement]:
    return Departement.objects.order_by("code")


def departement_by_code(code: str) -> Departement:
    """The département of a URL code (« 59 », « 2A », « 971 »), or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Departement, code=code.upper())
