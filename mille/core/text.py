"""Text helpers shared by the apps."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\-’'_]+")


def normalize_search(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for search on every database.

    « Saint-Étienne » and « saint etienne » give the same key, so search needs no database
    extension to ignore accents and hyphens.
    """
    lowered = (text or "").lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.lower()).strip()


def squash_spaces(text: str | None) -> str:
    """One line with single spaces: what people type in a short field, tidied (None gives "")."""
    return " ".join((text or "").split())
