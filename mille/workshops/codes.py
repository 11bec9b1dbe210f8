"""Short codes read aloud, typed on a phone or printed: no 0/O, 1/I/L, 5/S, 2/Z, 8/B."""

import hashlib
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6
RECOVERY_CODE_LENGTH = 8


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(raw: str) -> str:
    """What a person typed → the stored form: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def looks_valid(code: str, length: int) -> bool:
    return len(code) == length and all(ch in ALPHABET for ch in code)


def pretty(code: str) -> str:
    """Split in halves for reading: « KM4-TQX »."""
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}"


_SALT = "mille.workshops.recovery"


def digest(secret: str) -> str:
    """A keyed digest (HMAC-SHA256 with the site's secret key): a copy of the database alone does
    not let anyone find the codes by trying them all."""
    return salted_hmac(_SALT, secret, algorithm="sha256").hexdigest()


def digests(secret: str) -> list[str]:
    """Every digest a stored code may have: with the current key, with the previous keys
    (SECRET_KEY_FALLBACKS, while a key is being replaced), and the unkeyed form of older codes."""
    keyed = [
        salted_hmac(_SALT, secret, secret=key, algorithm="sha256").hexdigest()
        for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]
    return [*keyed, hashlib.sha256(secret.encode()).hexdigest()]
