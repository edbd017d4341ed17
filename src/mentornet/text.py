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


_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def one_line(value: str) -> str:
    """`value` with every control character shown escaped (`\\n`, `\\x1b`): text from elsewhere, such
    as a path or a name, can neither break a one-line message nor drive the terminal."""
    return value.translate(_CONTROLS)
