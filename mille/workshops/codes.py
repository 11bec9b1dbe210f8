"""Short codes read aloud, typed on a phone or printed: no 0/O, 1/I/L, 5/S, 2/Z, 8/B."""

import hashlib
import secrets

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


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
