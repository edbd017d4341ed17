"""How names are stored and compared: NFC on write, a folded key for lookups."""

import unicodedata


def clean(value: str | None) -> str | None:
    """NFC-normalise and strip user text; empty text becomes None."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


def search_key(value: str) -> str:
    """Casefolded, accent-stripped, space-collapsed form: `zoe` matches `Zoë Núñez`."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())
