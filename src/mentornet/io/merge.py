"""Bringing contacts from another tool into the network: match, fill what is empty, add the rest.

The rules (cli.md, "Import, export, backup"):
- A row matches an existing contact by email (case-insensitive), then by profile URL, then by
  name (the folded name key), and the rows before it in the same file count as existing. A name
  match is refused when both sides have an email, or both a profile URL, and they differ: two
  John Smiths with different LinkedIn pages are two people.
- A matched contact only gets the fields that are empty filled, and roles and tags it doesn't
  have added; nothing the user wrote is overwritten, so importing the same file twice changes
  nothing.
- A name that matches several contacts is skipped (never guessed) and reported.
- A row that can't be a person (no name: a hidden LinkedIn member, an email-only or
  organisation-only entry, a group card) arrives as a Candidate with `skip` set: it is reported
  with its line and reason, and the rest imports.
- Nothing the file says is silently lost: a value that differs from a filled field, and the
  second emails and phones a file holds (the schema stores one of each), are reported as
  conflicts (`kept X; the file says Y`). A contact whose name is only an email address takes the
  real name a file gives.

Parsing (one module per format) happens before this and raises on a broken file, so the whole
import runs in one transaction and either all of it is written or none.
"""

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from mentornet.text import clean, match_key, search_key

# Contact columns an import may fill when they are empty (None) on a matched contact.
FILLABLE = (
    "email", "phone", "title", "institution", "specialty", "city", "met_at", "met_on", "notes",
    "profile_url", "seniority", "locality", "cadence_days",
)
# Set only when the import creates the contact: they always have a value, so they are never "empty".
NEW_ONLY = ("direction", "supervisor", "paused")
_CREATED_FROM = FILLABLE + NEW_ONLY  # what a new contact takes from its row

Progress = Callable[[int], None]
SOURCE_LABELS = {"linkedin": "LinkedIn", "vcard": "vCard", "google-csv": "Google Contacts", "json": "mentornet JSON",
                 "outlook-csv": "Outlook/Thunderbird CSV", "mentornet-csv": "mentornet CSV"}
# Fields the schema holds once that a file may hold several of (`Candidate.extra`).
MULTI_VALUED = ("email", "phone")


@dataclass
class Candidate:
    """One contact as a file describes it, with the line it starts on (for error messages)."""

    line: int
    name: str
    fields: dict = field(default_factory=dict)  # Contact columns, cleaned: FILLABLE and NEW_ONLY
    categories: list[str] = field(default_factory=list)  # role keys become roles, the rest tags
    added_on: date | None = None
    stage: str | None = None
    skip: str | None = None  # why this row can't be a person ("no name", "a group card"...): reported, not imported
    extra: list[tuple[str, str]] = field(default_factory=list)  # (email|phone, value) beyond the first
    referred_by: str | None = None  # the referrer's name (our vCard's X-MENTORNET-REFERRED-BY)


@dataclass
class Outcome:
    """One line of `import --report`: what happened to a row of the file."""

    line: int | None
    name: str
    outcome: str  # added, updated, unchanged, merged, skipped, conflict
    detail: str = ""


@dataclass
class Summary:
    """What an import did, or would do with --dry-run."""

    format: str
    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # name, fields filled
    skipped: list[tuple[str, str]] = field(default_factory=list)  # name, why
    records: dict[str, int] = field(default_factory=dict)  # other tables' rows added (JSON)
    outcomes: list[Outcome] = field(default_factory=list)  # every row, for --report
    conflicts: list[Outcome] = field(default_factory=list)  # values kept out: the file says otherwise
    reasons: Counter = field(default_factory=Counter)  # "skipped: no name", "merged by email"... -> rows

    def note(self, line: int | None, name: str, outcome: str, detail: str = "", reason: str | None = None) -> None:
        self.outcomes.append(Outcome(line, name, outcome, detail))
        if reason:
            self.reasons[reason] += 1

    def conflict(self, line: int | None, name: str, detail: str) -> None:
        item = Outcome(line, name, "conflict", detail)
        self.outcomes.append(item)
        self.conflicts.append(item)


@functools.lru_cache(maxsize=1 << 16)  # a row's URL is looked up, then learnt
def normal_url(url: str | None) -> str | None:
    """`https://www.linkedin.com/in/ada/` and `http://linkedin.com/in/ada` are the same page."""
    if not url:
        return None
    return url.strip().lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/") or None


@dataclass(eq=False, slots=True)  # an import makes one per new contact: slots make them cheaper
class Entry:
    """A contact the index knows: an existing one (with its row) or one this import adds."""

    values: dict  # column -> value: what the contact has now
    roles: set[str]
    tags: set[str]
    id: int | None = None
    line: int | None = None  # the file line that added it, for a contact this import creates
    # emails and phones beyond the primary (`values`): those stored, then those this import adds
    more: dict[str, list[str]] = field(default_factory=lambda: {key: [] for key in MULTI_VALUED})
    added_more: list[tuple[str, str]] = field(default_factory=list)

    def has(self, key: str, value: str) -> bool:
        return same_value(key, self.values.get(key), value) or any(same_value(key, known, value)
                                                                    for known in self.more[key])


class ContactIndex:
    """Contacts by email, profile URL and name key, for matching rows to people."""

    def __init__(self) -> None:
        self.by_email: dict[str, Entry] = {}
        self.by_url: dict[str, Entry] = {}
        self.by_name: dict[str, list[Entry]] = defaultdict(list)

    def add(self, entry: Entry, key: str | None = None) -> None:
        """`key`: match_key of the entry's name, when the caller has it already."""
        self.by_name[match_key(entry.values["name"]) if key is None else key].append(entry)
        self.learn(entry)

    def learn(self, entry: Entry) -> None:
        """Index the entry's email and URL (again, after an import filled them)."""
        for email in (entry.values.get("email"), *entry.more["email"]):
            if email:
                self.by_email.setdefault(email.casefold(), entry)
        url = normal_url(entry.values.get("profile_url"))
        if url:
            self.by_url.setdefault(url, entry)

    def match(self, name: str, email: str | None, url: str | None) -> tuple[Entry | None, list[Entry]]:
        """(the contact this row is, or None; the contacts it could be when the name is ambiguous)."""
        entry, possible, _how = self.match_how(name, email, url)
        return entry, possible

    def match_how(self, name: str, email: str | None, url: str | None) -> tuple[Entry | None, list[Entry], str]:
        """match(), and how: "email", "profile" or "name"."""
        return self.match_keyed(name, email, url)[:3]

    def match_keyed(self, name: str, email: str | None,
                    url: str | None) -> tuple[Entry | None, list[Entry], str, str | None]:
        """match_how(), and the name's match_key when the name was looked up (always when nothing
        matched), for `add`: one key per row."""
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()], [], "email", None
        if url and normal_url(url) in self.by_url:
            return self.by_url[normal_url(url)], [], "profile", None
        key = match_key(name)
        possible = [entry for entry in self.by_name.get(key, []) if not _conflict(entry, email, url)]
        if len(possible) == 1:
            return possible[0], [], "name", key
        return None, possible, "", key

    def entries(self) -> list[Entry]:
        """Every contact the index knows, each once."""
        seen: dict[int, Entry] = {}
        for entries in self.by_name.values():
            for entry in entries:
                seen.setdefault(id(entry), entry)
        return list(seen.values())

    def rename(self, entry: Entry, name: str) -> None:
        old = self.by_name.get(match_key(entry.values["name"]), [])
        if entry in old:
            old.remove(entry)
        entry.values["name"] = name
        self.by_name[match_key(name)].append(entry)


def _conflict(entry: Entry, email: str | None, url: str | None) -> bool:
    theirs = entry.values.get("email")
    if email and theirs and theirs.casefold() != email.casefold():
        return True
    their_url = normal_url(entry.values.get("profile_url"))
    return bool(url and their_url and their_url != normal_url(url))


def split_categories(categories: Iterable[str], role_keys: set[str]) -> tuple[list[str], list[str]]:
    """Categories that name a role (by key or label, like `Research`) are roles; the rest are tags."""
    if not categories:  # most rows of most files (LinkedIn has none): nothing to load or split
        return [], []
    from mentornet.services.roles import normalise_key

    roles, tags = [], []
    for text in categories:
        cleaned = clean(text)
        if not cleaned:
            continue
        key = normalise_key(cleaned)
        if key in role_keys:
            if key not in roles:
                roles.append(key)
        elif cleaned not in tags:
            tags.append(cleaned)
    return roles, tags


_EMAIL_NAME = re.compile(r"^[^@\s]+@[^@\s]+$")


def is_email_name(name: str | None) -> bool:
    """A contact named only by an email address (`ada@example.org`): a file's real name replaces it."""
    return bool(name and _EMAIL_NAME.match(name.strip()))


def same_value(key: str, ours, theirs) -> bool:
    """Two values that say the same thing: case, spacing and phone punctuation aside."""
    if ours is None or theirs is None:
        return ours is theirs
    if key == "phone":
        digits = [re.sub(r"\D", "", str(v)) for v in (ours, theirs)]
        if digits[0] and digits[1]:
            return digits[0] == digits[1] or digits[0].endswith(digits[1]) or digits[1].endswith(digits[0])
    if key == "profile_url":
        return normal_url(str(ours)) == normal_url(str(theirs))
    if key == "notes":
        return " ".join(str(theirs).split()).casefold() in " ".join(str(ours).split()).casefold()
    return " ".join(str(ours).split()).casefold() == " ".join(str(theirs).split()).casefold()


def prepare_matching(conn) -> None:
    """Before the write lock: the name key of every contact, which `import_contacts` then finds
    computed (text.match_key keeps them). On 10,000 contacts the keys are most of the matching's
    cost, about a second on a busy machine that other writers would otherwise wait through."""
    for (name,) in conn.execute("SELECT name FROM contact"):
        match_key(name)


def import_contacts(conn, candidates: list[Candidate], *, source: str, today: date,
                    progress: Progress | None = None) -> Summary:
    """Match, fill and add `candidates` inside the connection's transaction; returns what changed.

    Rows go in through `io.tables` (plain SQL, values through the ORM's type processors and the
    schema's defaults): building an ORM object per row costs more than the insert itself, and a
    LinkedIn export can hold tens of thousands of rows.
    """
    from mentornet.io import tables
    from mentornet.services.database import inserting_many
    from mentornet.services.roles import role_keys as known_roles
    from mentornet.store import rows

    contact_table, stage_table = tables.table("contact"), tables.table("stage_change")
    role_table, tag_table = tables.table("contact_role"), tables.table("contact_tag")
    role_keys = set(known_roles(conn))
    roles_of, tags_of = defaultdict(set), defaultdict(set)
    for link in tables.read_rows(conn, role_table):
        roles_of[link["contact_id"]].add(link["role_key"])
    for link in tables.read_rows(conn, tag_table):
        tags_of[link["contact_id"]].add(link["tag"])
    index = ContactIndex()
    more_of: dict[int, dict[str, list[str]]] = defaultdict(lambda: {key: [] for key in MULTI_VALUED})
    for key in MULTI_VALUED:
        for contact_id, value in conn.execute(f"SELECT contact_id, {key} FROM contact_{key} ORDER BY position"):
            more_of[contact_id][key].append(value)
    for row in tables.read_rows(conn, contact_table):
        index.add(Entry(row, roles_of[row["id"]], tags_of[row["id"]], id=row["id"], more=more_of[row["id"]]))

    summary = Summary(format=source)
    created: list[Entry] = []
    links: list[tuple[Entry, list[str], list[str]]] = []  # roles and tags to add to existing contacts
    referrers: list[tuple[Entry, Candidate]] = []
    for candidate in candidates:
        if progress:
            progress(1)
        name = clean(candidate.name) or ""
        if candidate.skip:
            summary.skipped.append((name, f"line {candidate.line}: {candidate.skip}"))
            summary.note(candidate.line, name, "skipped", candidate.skip, f"skipped: {candidate.skip}")
            continue
        fields = {key: value for key, value in candidate.fields.items() if value not in (None, "")}
        roles, tags = split_categories(candidate.categories, role_keys)
        entry, possible, how, key = index.match_keyed(name, fields.get("email"), fields.get("profile_url"))
        if entry is None and possible:
            ids = ", ".join(str(p.id) for p in possible if p.id is not None) or "earlier rows of this file"
            why = f"the name matches several contacts (ids {ids})"
            summary.skipped.append((name, f"line {candidate.line}: {why}"))
            summary.note(candidate.line, name, "skipped", why, "skipped: the name matches several contacts")
            continue
        if entry is None:
            values = {key: value for key, value in fields.items() if key in _CREATED_FROM}
            values.update(name=name, stage=candidate.stage or "prospect", added_on=candidate.added_on or today)
            entry = Entry(values, set(roles), set(tags), line=candidate.line)
            index.add(entry, key)
            created.append(entry)
            summary.added.append(name)
            summary.note(candidate.line, name, "added", reason="added")
            if _keep_more(entry, candidate.extra):  # index.add learnt the rest
                index.learn(entry)
            if candidate.referred_by:
                referrers.append((entry, candidate))
            continue
        filled = [key for key in FILLABLE if key in fields and entry.values.get(key) in (None, "")]
        differing = [key for key in FILLABLE if key in fields and key not in filled
                     and not same_value(key, entry.values.get(key), fields[key])]
        # a second email or phone is kept beside the first, not reported as a conflict
        kept = _keep_more(entry, [(key, fields[key]) for key in differing if key in MULTI_VALUED] + candidate.extra)
        differing = [key for key in differing if key not in MULTI_VALUED]
        renamed = is_email_name(entry.values.get("name")) and not is_email_name(name) and name != entry.values["name"]
        new_roles = [key for key in roles if key not in entry.roles]
        new_tags = [tag for tag in tags if tag not in entry.tags]
        for key in filled:
            entry.values[key] = fields[key]
        if renamed:
            index.rename(entry, name)
        entry.roles.update(new_roles)
        entry.tags.update(new_tags)
        if "email" in filled or "profile_url" in filled or kept:
            index.learn(entry)
        changes = (["name"] if renamed else []) + filled + [f"role {key}" for key in new_roles] \
            + [f"tag {tag}" for tag in new_tags] + [f"{key} {value}" for key, value in kept]
        shown = entry.values["name"]
        if entry.id is None:  # a contact this file added a few rows up: the rows merge into it
            why = f"the same person as line {entry.line}" + (f", merged ({', '.join(changes)})" if changes else "")
            summary.skipped.append((name, f"line {candidate.line}: {why}"))
            summary.note(candidate.line, shown, "merged", why, f"merged by {how}")
        elif not changes:
            summary.skipped.append((name, f"line {candidate.line}: already up to date"))
            summary.note(candidate.line, shown, "unchanged", f"matched by {how}; already up to date",
                         f"merged by {how}")
        else:
            update = {key: fields[key] for key in filled}
            if renamed:
                update.update(name=name, name_key=search_key(name))
            tables.update(conn, contact_table, {"id": entry.id}, update)
            links.append((entry, new_roles, new_tags))
            summary.updated.append((name, changes))
            summary.note(candidate.line, shown, "updated", f"matched by {how}; {', '.join(changes)}",
                         f"merged by {how}")
        for key in differing:
            summary.conflict(candidate.line, shown, f"{key}: kept {entry.values[key]}; "
                                                    f"the file says {fields[key]}")
        if candidate.referred_by and entry.values.get("referred_by_id") is None:
            referrers.append((entry, candidate))

    note = f"imported from {SOURCE_LABELS.get(source, source)}"
    # The rows one import adds share one created_at: the instant of the import (one transaction).
    contact_defaults = rows.defaults("contact")
    stage_defaults = {**rows.defaults("stage_change"), "created_at": contact_defaults["created_at"]}
    contacts = tables.Inserter(contact_table, contact_defaults, with_id=True)
    stages = tables.Inserter(stage_table, stage_defaults)
    # The ids SQLite would give them one by one (the largest rowid plus one; the table has no
    # AUTOINCREMENT), given here so that the rows go in with one executemany.
    first_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM contact").fetchone()[0]
    stage_rows: list[dict] = []
    for number, entry in enumerate(created):
        entry.id = first_id + number
        # its id and name key, as an existing contact's values hold them
        entry.values.update(id=entry.id, name_key=search_key(entry.values["name"]))
        stage_rows.append({"contact_id": entry.id, "from_stage": None, "to_stage": entry.values["stage"],
                           "on_date": entry.values["added_on"], "note": note})
    with inserting_many(conn, "contact"):  # the caches note the new contacts at once, not a trigger per row
        contacts.insert_many(conn, [entry.values for entry in created])
    with inserting_many(conn, "stage_change"):
        stages.insert_many(conn, stage_rows)
    links.extend((entry, sorted(entry.roles), sorted(entry.tags)) for entry in created if entry.roles or entry.tags)
    for entry in index.entries():
        for key, value in entry.added_more:
            position = entry.more[key].index(value) + 1
            conn.execute(f"INSERT OR IGNORE INTO contact_{key} (contact_id, {key}, position) VALUES (?, ?, ?)",
                         (entry.id, value, position))
    for entry, roles, tags in links:
        for key in roles:
            tables.insert(conn, role_table, {"contact_id": entry.id, "role_key": key})
        for tag in tags:
            tables.insert(conn, tag_table, {"contact_id": entry.id, "tag": tag})
    for entry, candidate in referrers:
        _link_referrer(conn, tables, contact_table, index, summary, entry, candidate)
    return summary


def _keep_more(entry: Entry, values: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Emails and phones a file gives beyond the contact's: kept after its own, in the file's order;
    returns the ones added."""
    added = []
    for key, value in values:
        value = clean(value)
        if not value or key not in MULTI_VALUED or entry.has(key, value):
            continue
        entry.more[key].append(value)
        entry.added_more.append((key, value))
        added.append((key, value))
    return added


def _link_referrer(conn, tables, contact_table, index: ContactIndex, summary: Summary, entry: Entry,
                   candidate: Candidate) -> None:
    """X-MENTORNET-REFERRED-BY names the referrer: link them when exactly one contact has that name."""
    found = [other for other in index.by_name.get(match_key(candidate.referred_by), []) if other is not entry]
    if len(found) == 1 and found[0].id is not None:
        tables.update(conn, contact_table, {"id": entry.id}, {"referred_by_id": found[0].id})
        entry.values["referred_by_id"] = found[0].id
        return
    why = "no contact has that name" if not found else "several contacts have that name"
    summary.conflict(candidate.line, entry.values["name"],
                     f"referred_by: the file says {candidate.referred_by}, not linked ({why})")
