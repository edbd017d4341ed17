"""How names are stored and compared: NFC on write, a folded key for lookups."""

import functools
import unicodedata


def clean(value: str | None) -> str | None:
    """NFC-normalise and strip user text; empty text becomes None."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


def search_key(value: str) -> str:
    """Casefolded, accent-stripped, space-collapsed form: `zoe` matches `Zoë Núñez`. Folded and
    decomposed twice (Unicode's compatibility caseless match), else a letter whose compatibility
    form is a capital (`𝑨`, `ᴬ`) stays a capital and the key of a key differs. Names already
    stored with such letters keep their old key until edited."""
    if value.isascii():  # most names: nothing to decompose, casefold is lower
        return " ".join(value.lower().split())
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value.casefold()).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


# Words around a name that say what someone is, not who (domain.md, "Names"), compared folded and
# without dots (`Ph.D.` is `phd`). Honorifics only lead a name and post-nominals only end it, so a
# word in the middle is never taken for one.
HONORIFICS = frozenset({"dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "rev"})
POST_NOMINALS = frozenset({
    "md", "do", "phd", "dphil", "mph", "mbbs", "mbchb", "frcp", "frcpc", "frcs", "frcsc", "mrcp", "facs", "facp",
    "facc", "faha", "rn", "np", "pa-c", "msc", "ms", "ma", "mba", "mpp", "mha", "msn", "dnp", "bsn", "pharmd",
    "dds", "dmd", "edd", "jd", "scd", "drph", "bsc", "faan", "fnp", "aprn", "lcsw", "psyd", "dvm", "dpt",
    "jr", "sr", "ii", "iii", "iv", "esq", "obe", "mbe", "cbe", "frs", "fmedsci",
})
# Also surnames or given names (Linh Do, Ana Ma, Ii): taken for a post-nominal only when written
# as one (`DO`, `M.A.`) or set off by a comma.
_ALSO_NAMES = frozenset({"do", "ma", "ms", "ii", "md"})


@functools.lru_cache(maxsize=1 << 16)  # an import computes every contact's before taking the write lock
def match_key(value: str) -> str:
    """The search key without honorifics and post-nominals: how one person's names are compared.

    `Dr. Thomas Brennan` and `Priyanka Desai, MD, MPH` give `thomas brennan` and `priyanka desai`;
    a name that is nothing but such words keeps its last one (`Dr. Sr.` is `sr.`).
    """
    key = search_key(value)
    if "," not in key and ";" not in key:  # the common case, cheaply: nothing to strip at either end
        words_ = key.split()
        if not words_ or (words_[0].replace(".", "") not in HONORIFICS
                          and words_[-1].replace(".", "") not in POST_NOMINALS):
            return key
    words: list[tuple[str, str, bool]] = []  # (as written, folded, set off by a comma)
    comma = False
    for raw in (clean(value) or "").replace(",", ", ").split():  # `Desai,MD` is `Desai, MD`
        written = raw.strip(",;")
        # folding may split a word (`¨` is a space and a mark) or leave a mark at its end (`;¸` is `;`)
        for part in search_key(written).split():
            if folded := part.strip(",;"):
                words.append((written, folded, comma or raw.startswith(",")))
        comma = raw.endswith(",")
    start, end = 0, len(words)
    while start < end - 1 and words[start][1].replace(".", "") in HONORIFICS:
        start += 1
    while end > start + 1 and _post_nominal(*words[end - 1]):
        end -= 1
    return " ".join(folded for _, folded, _ in words[start:end])


def _post_nominal(written: str, folded: str, after_comma: bool) -> bool:
    bare = folded.replace(".", "")
    if bare not in POST_NOMINALS:
        return False
    return bare not in _ALSO_NAMES or after_comma or "." in written or written.isupper()


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
