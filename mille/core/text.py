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


def is_ascii_digits(text: str, *, max_length: int = 18) -> bool:
    """Digits 0-9 only. `str.isdigit()` also accepts « ² » or « ٣ », which int() then refuses (or
    reads as another number): every number from a URL or a form goes through this."""
    return 0 < len(text) <= max_length and text.isascii() and text.isdigit()


def parse_int(raw, *, default: int | None = None, low: int = 0, high: int = 10**18) -> int | None:
    """A whole number from a query string or a form field, within [low, high]; else `default`."""
    text = str(raw or "").strip()
    if not is_ascii_digits(text):
        return default
    value = int(text)
    return value if low <= value <= high else default


_FORMULA_START = ("=", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet will show, never run: text that would start a formula
    (« =HYPERLINK(…) », « @SUM », « +cmd|… ») gets a leading apostrophe. A phone number such as
    « +33 3 20 00 00 00 » stays as it is. Readers of our CSV files remove the apostrophe again
    (`spreadsheet_value`)."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_FORMULA_START) or (
        value[0] in "+-" and any(char.isalpha() or char in "(|!" for char in value)
    ):
        return "'" + value
    return value


def spreadsheet_value(cell: str) -> str:
    """The text of a cell written by `spreadsheet_safe`."""
    if cell.startswith("'") and spreadsheet_safe(cell[1:]) == cell:
        return cell[1:]
    return cell
