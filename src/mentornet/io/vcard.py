"""vCard: import 3.0 and 4.0 (and a phone's old 2.1) cards, export 3.0, through vobject.

vobject (vobject PyPI project, maintained since 2004, used by Radicale and khard) handles
unfolding, escaped commas, semicolons and newlines, quoted-printable 2.1 cards and structured
values (N, ADR, ORG with units). It is imported inside the functions, so `mentornet --help`
doesn't load it.

Mapping, both ways: FN/N name, EMAIL, TEL, ORG (organisation = institution; its units =
specialty), TITLE, NOTE, URL (profile URL), ADR locality (city), CATEGORIES (roles and tags; on
import a category naming a role becomes that role, the others tags), and the mentoring fields as
X-MENTORNET-STAGE, -DIRECTION, -SENIORITY, -LOCALITY, -SUPERVISOR, -PAUSED, -CADENCE (days),
-MET-AT, -MET-ON, -ADDED-ON, -REFERRED-BY, -ID. A card without them imports as a prospect.

Before vobject sees a card, `normalise` makes what exporters really write readable (issue 13):
2.1 quoted-printable values continued over lines by a soft break (`=` at the end of a line:
Outlook 2003-2010, Android, Horde) and a bare `QUOTED-PRINTABLE` parameter (Thunderbird) are
decoded with their `CHARSET` (UTF-8, ISO-8859-1, Windows-1252...); `PROFILE:VCard` (Lotus Notes),
which vobject refuses, is dropped; PHOTO, LOGO, SOUND and KEY, which mentornet doesn't keep, are
dropped before a value that can't be decoded could fail the card; a comma in FN or N that
nobody escaped (Gmail) stays part of the name. Cards for a group or an organisation (`KIND:group`
or `org`, `X-ADDRESSBOOKSERVER-KIND:group`) and cards with no name are skipped and reported.
"""

import quopri
import re
import sqlite3
import uuid
from datetime import date

from mentornet import __version__
from mentornet.io import ImportFailed
from mentornet.io.csvrows import physical_lines
from mentornet.io.merge import Candidate
from mentornet.text import clean
from mentornet.vocabulary import Direction, Locality, Seniority, Stage

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
_PREFIXES = {"dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx."}
X = "X-MENTORNET-"
_CHOICES = {"STAGE": ("stage", Stage), "DIRECTION": ("direction", Direction),
            "SENIORITY": ("seniority", Seniority), "LOCALITY": ("locality", Locality)}


# --- import ---

_DROPPED = {"PHOTO", "LOGO", "SOUND", "KEY", "PROFILE"}
_STRUCTURED = {"N", "ADR", "ORG"}  # `;` separates their parts
_NAME_PROPS = {"FN", "N"}
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")
_PROPERTY = re.compile(r"^(?P<name>(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$", re.DOTALL)


def _split_params(params: str) -> list[str]:
    return [part for part in re.findall(r';((?:"[^"]*"|[^;"])*)', params)]


def _is_quoted_printable(params: list[str]) -> bool:
    return any(p.strip().upper() in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE") for p in params)


def _charset(params: list[str]) -> str:
    for p in params:
        key, _, value = p.partition("=")
        if key.strip().upper() == "CHARSET" and value.strip():
            return value.strip().strip('"')
    return "utf-8"


def _decode_qp(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("utf-8", "surrogateescape"))
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


def _escape_text(value: str, structured: bool) -> str:
    """A decoded 2.1 value written as 3.0 text: newlines and commas escaped, `;` kept as a separator
    in structured properties and escaped elsewhere."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    value = _UNESCAPED_COMMA.sub("\\,", value)
    if not structured:
        value = re.sub(r"(?<!\\);", "\\;", value)
    return value


def normalise(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A card's (file line, text) lines rewritten as vobject reads them, each kept with its file line."""
    logical: list[list] = []  # [first file line, text, quoted-printable?]
    for number, line in lines:
        if logical and logical[-1][2] and logical[-1][1].endswith("="):
            logical[-1][1] = logical[-1][1][:-1] + line  # a quoted-printable soft line break
            continue
        if logical and line[:1] in (" ", "\t") and not logical[-1][2]:
            logical[-1][1] += line[1:]  # RFC folding
            continue
        match = _PROPERTY.match(line)
        qp = bool(match) and _is_quoted_printable(_split_params(match["params"]))
        logical.append([number, line, qp])
    out = []
    dropping = False
    for number, line, _qp in logical:
        if not line.strip():
            continue  # 2.1 ends a base64 value with a blank line
        match = _PROPERTY.match(line)
        if not match:
            if not dropping:  # an unindented line of a photo's base64 (Outlook 2.1) goes with the photo
                out.append((number, line))
            continue
        name = match["name"].rpartition(".")[2].upper()
        dropping = name in _DROPPED
        if dropping:
            continue
        params = _split_params(match["params"])
        value = match["value"]
        if _is_quoted_printable(params):
            value = _escape_text(_decode_qp(value, _charset(params)), name in _STRUCTURED)
            params = [p for p in params if p.strip().upper() not in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE")
                      and p.partition("=")[0].strip().upper() != "CHARSET"]
        elif name in _NAME_PROPS:
            value = _UNESCAPED_COMMA.sub("\\,", value)  # Gmail: `FN:Smith, John` is one name
        elif any(p.partition("=")[0].strip().upper() == "CHARSET" for p in params):
            params = [p for p in params if p.partition("=")[0].strip().upper() != "CHARSET"]
        out.append((number, match["name"] + "".join(";" + p for p in params) + ":" + value))
    return out


def cards(text: str, source: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """(first line, [(file line, text)...]) of each top-level card, line endings dropped."""
    found, depth, start, lines = [], 0, 0, []
    for number, raw in enumerate(physical_lines(text), start=1):
        line = raw.rstrip("\r\n")
        if depth == 0:
            if _BEGIN.match(line):
                depth, start, lines = 1, number, [(number, line)]
            elif line.strip():
                raise ImportFailed(f"{source} line {number}: text outside a BEGIN:VCARD ... END:VCARD card; "
                                   "nothing was imported")
            continue
        lines.append((number, line))
        if _BEGIN.match(line):
            depth += 1  # a card nested in another (AGENT): part of its parent
        elif _END.match(line):
            depth -= 1
            if depth == 0:
                found.append((start, lines))
    if depth:
        raise ImportFailed(f"{source} line {start}: the card starting here never ends (no END:VCARD); "
                           "is the file complete? Nothing was imported")
    if not found:
        raise ImportFailed(f"{source} holds no vCard (BEGIN:VCARD); nothing was imported")
    return found


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if str(v).strip())
    return clean(str(value).replace("\\:", ":"))  # Apple and Gmail escape colons in URLs and notes


def _preferred(card, name: str):
    """The property marked preferred (TYPE=pref or PREF=1), else the first; None if absent."""
    found = card.contents.get(name.lower(), [])
    for prop in found:
        types = {t.lower() for value in prop.params.get("TYPE", []) for t in value.split(",")}
        if "pref" in types or prop.params.get("PREF"):
            return prop
    return found[0] if found else None


def _card_name(card) -> str | None:
    fn = _text(card.fn.value) if "fn" in card.contents else None
    if fn:
        return fn
    if "n" in card.contents:
        n = card.n.value
        parts = [getattr(n, key, "") for key in ("prefix", "given", "additional", "family", "suffix")]
        return clean(" ".join(text for text in (_text(part) for part in parts) if text))
    return None


_NOT_A_PERSON = {"group": "a group card, not a person", "org": "an organisation card, not a person",
                  "organization": "an organisation card, not a person", "location": "a place card, not a person"}


def _skip_reason(card) -> str | None:
    for prop in ("kind", "x-addressbookserver-kind"):
        found = card.contents.get(prop)
        kind = (_text(found[0].value) or "").lower() if found else ""
        if kind in _NOT_A_PERSON:
            return _NOT_A_PERSON[kind]
    return None


def _card(card, line: int, source: str) -> Candidate:
    name = _card_name(card)
    skip = _skip_reason(card)
    if skip or not name:
        org = _text(card.org.value) if "org" in card.contents else None
        email = _preferred(card, "email")
        shown = name or org or (_text(email.value) if email else "") or ""
        why = skip or ("no name (an organisation, not a person)" if org else
                       "no name (only an email or phone)" if email or "tel" in card.contents else "no name")
        return Candidate(line=line, name=shown, skip=why)
    fields: dict = {}
    emails = [_text(prop.value) for prop in card.contents.get("email", [])]
    email = _preferred(card, "email")
    fields["email"] = _text(email.value) if email else None
    phones = [_phone(prop) for prop in card.contents.get("tel", [])]
    tel = _preferred(card, "tel")
    if tel:
        fields["phone"] = _phone(tel)
    if "org" in card.contents:
        org = card.org.value if isinstance(card.org.value, list) else [card.org.value]
        parts = [clean(str(part)) for part in org]
        fields["institution"] = parts[0] if parts else None
        fields["specialty"] = clean(", ".join(part for part in parts[1:] if part))
    for prop, column in (("title", "title"), ("url", "profile_url")):
        if prop in card.contents:
            fields[column] = _text(card.contents[prop][0].value)
    if "note" in card.contents:
        fields["notes"] = clean("\n\n".join(_text(note.value) or "" for note in card.contents["note"]))
    adr = _preferred(card, "adr")
    if adr is not None:
        fields["city"] = _text(getattr(adr.value, "city", None))
    categories = []
    for prop in card.contents.get("categories", []):
        values = prop.value if isinstance(prop.value, list) else str(prop.value).split(",")
        categories.extend(str(v) for v in values)
    extra = [("email", value) for value in emails if value] + [("phone", value) for value in phones if value]
    candidate = Candidate(line=line, name=name, fields=fields, categories=categories, extra=extra)
    _mentoring_fields(card, candidate, source)
    return candidate


def _phone(prop) -> str | None:
    phone = _text(prop.value) or ""
    return clean(phone[4:] if phone.lower().startswith("tel:") else phone)


def _x(card, suffix: str) -> str | None:
    found = card.contents.get((X + suffix).lower())
    return _text(found[0].value) if found else None


def _mentoring_fields(card, candidate: Candidate, source: str) -> None:
    """Our own X-MENTORNET-* properties, checked: a wrong value fails the card's line."""
    where = f"{source} line {candidate.line}"
    for suffix, (column, choices) in _CHOICES.items():
        value = _x(card, suffix)
        if value is None:
            continue
        if value not in {str(choice) for choice in choices}:
            raise ImportFailed(f"{where}: {X}{suffix} {value!r} is not one of {', '.join(choices)}; nothing was imported")
        if column == "stage":
            candidate.stage = value
        else:
            candidate.fields[column] = value
    for suffix, column in (("SUPERVISOR", "supervisor"), ("PAUSED", "paused")):
        value = _x(card, suffix)
        if value is not None:
            if value.upper() not in ("TRUE", "FALSE"):
                raise ImportFailed(f"{where}: {X}{suffix} must be TRUE or FALSE, not {value!r}; nothing was imported")
            candidate.fields[column] = value.upper() == "TRUE"
    cadence = _x(card, "CADENCE")
    if cadence is not None:
        if not cadence.isdigit() or int(cadence) < 1:
            raise ImportFailed(f"{where}: {X}CADENCE must be a number of days, not {cadence!r}; nothing was imported")
        candidate.fields["cadence_days"] = int(cadence)
    candidate.fields["met_at"] = _x(card, "MET-AT")
    candidate.referred_by = _x(card, "REFERRED-BY")
    for suffix in ("MET-ON", "ADDED-ON"):
        value = _x(card, suffix)
        if value is None:
            continue
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ImportFailed(f"{where}: bad date {value!r} in {X}{suffix} (expected YYYY-MM-DD); "
                               "nothing was imported") from None
        if suffix == "MET-ON":
            candidate.fields["met_on"] = day
        else:
            candidate.added_on = day


def parse(text: str, source: str = "the file") -> list[Candidate]:
    import vobject

    found = []
    for line, card_lines in cards(text, source):
        lines = normalise(card_lines)
        try:
            card = vobject.readOne("\n".join(text for _, text in lines) + "\n", validate=False)
        except Exception as exc:  # vobject raises ParseError, and sometimes plain errors, on broken input
            inner = getattr(exc, "lineNumber", None)
            if not (isinstance(inner, int) and 1 <= inner <= len(lines)):  # the parser didn't say: a line
                inner = next((i for i, (_, text) in enumerate(lines, 1) if ":" not in text), None)  # with no field
            at = lines[inner - 1][0] if inner else line
            # the field's name only: the parser's own message quotes the line, which may be a private note
            name = lines[inner - 1][1].split(":", 1)[0].split(";", 1)[0].strip() if inner else ""
            what = (f"its {name} field can't be read" if ":" in lines[inner - 1][1] and name.replace("-", "").isalnum()
                    else "a line that is no field") if inner else "it can't be read"
            raise ImportFailed(f"{source} line {at}: not a valid vCard ({what}); nothing was imported") from None
        found.append(_card(card, line, source))
    return found


# --- export ---

def split_name(name: str) -> tuple[str, str, str, str]:
    """(prefix, given, additional, family) for N: `Dr. María José Santos` -> Dr. / María / José / Santos."""
    words = name.split()
    prefix = []
    while len(words) > 1 and words[0].lower() in _PREFIXES:
        prefix.append(words.pop(0))
    if len(words) == 1:
        return " ".join(prefix), words[0], "", ""
    return " ".join(prefix), words[0], " ".join(words[1:-1]), words[-1]


def contact_uid(contact: dict) -> str:
    """Stable for a contact of this database: the same card updates, not duplicates, on re-import."""
    seed = f"mentornet:contact:{contact['id']}:{contact['created_at']}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def export(conn: sqlite3.Connection) -> str:
    """Every contact as a vCard 3.0, CRLF line endings, lines folded at 75 octets."""
    import vobject

    from mentornet.io.tables import contacts_with_links

    contacts = contacts_with_links(conn)
    names = {c["id"]: c["name"] for c in contacts}
    out = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("prodid").value = f"-//mentornet//mentornet {__version__}//EN"
        card.add("uid").value = contact_uid(contact)
        card.add("fn").value = contact["name"]
        prefix, given, additional, family = split_name(contact["name"])
        card.add("n").value = vobject.vcard.Name(family=family, given=given, additional=additional, prefix=prefix)
        for email in contact["emails"]:  # the primary first
            card.add("email").value = email
        for phone in contact["phones"]:
            card.add("tel").value = phone
        if contact["institution"] or contact["specialty"]:
            card.add("org").value = [contact["institution"] or ""] + ([contact["specialty"]] if contact["specialty"] else [])
        if contact["title"]:
            card.add("title").value = contact["title"]
        if contact["city"]:
            prop = card.add("adr")
            prop.value = vobject.vcard.Address(city=contact["city"])
            prop.type_param = "work"
        if contact["profile_url"]:
            card.add("url").value = contact["profile_url"]
        if contact["notes"]:
            card.add("note").value = contact["notes"]
        categories = contact["roles"] + contact["tags"]
        if categories:
            card.add("categories").value = categories
        extra = {
            "ID": str(contact["id"]), "STAGE": contact["stage"], "DIRECTION": contact["direction"],
            "SENIORITY": contact["seniority"], "LOCALITY": contact["locality"],
            "SUPERVISOR": "TRUE" if contact["supervisor"] else None, "PAUSED": "TRUE" if contact["paused"] else None,
            "CADENCE": str(contact["cadence_days"]) if contact["cadence_days"] else None,
            "MET-AT": contact["met_at"], "MET-ON": contact["met_on"], "ADDED-ON": contact["added_on"],
            "REFERRED-BY": names.get(contact["referred_by_id"]),
        }
        for suffix, value in extra.items():
            if value:
                card.add((X + suffix).lower()).value = str(value)
        out.append(card.serialize())
    return "".join(out)
