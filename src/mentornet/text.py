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


# C0 (ESC among them), DEL and C1: what a terminal takes as commands (retitle the window, clear the
# screen, hide text, plant links). Shown as escapes, never sent raw.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_CONTROLS_BUT_LINES = {code: text for code, text in _CONTROLS.items() if code not in (ord("\n"), ord("\t"))}


def one_line(value: str) -> str:
    """`value` with every control character shown escaped (`\\n`, `\\x1b`): text from elsewhere, such
    as a path or a name, can neither break a one-line message nor drive the terminal."""
    return value.translate(_CONTROLS)


def visible(value: str) -> str:
    """`value` for a terminal: control characters escaped, but new lines and tabs kept (notes)."""
    return value if value.isprintable() else value.translate(_CONTROLS_BUT_LINES)
