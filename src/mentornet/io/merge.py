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

Parsing (one module per format) happens before this and raises on the first bad row, so the
whole import runs in one transaction and either all of it is written or none.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from mentornet.text import clean, search_key

# Contact columns an import may fill when they are empty (None) on a matched contact.
FILLABLE = (
    "email", "phone", "title", "institution", "specialty", "city", "met_at", "met_on", "notes",
    "profile_url", "seniority", "locality", "cadence_days",
)
# Set only when the import creates the contact: they always have a value, so they are never "empty".
NEW_ONLY = ("direction", "supervisor", "paused")

Progress = Callable[[int], None]
SOURCE_LABELS = {"linkedin": "LinkedIn", "vcard": "vCard", "google-csv": "Google Contacts", "json": "mentornet JSON"}


@dataclass
class Candidate:
    """One contact as a file describes it, with the line it starts on (for error messages)."""

    line: int
    name: str
    fields: dict = field(default_factory=dict)  # Contact columns, cleaned: FILLABLE and NEW_ONLY
    categories: list[str] = field(default_factory=list)  # role keys become roles, the rest tags
    added_on: date | None = None
    stage: str | None = None


@dataclass
class Summary:
    """What an import did, or would do with --dry-run."""

    format: str
    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # name, fields filled
    skipped: list[tuple[str, str]] = field(default_factory=list)  # name, why
    records: dict[str, int] = field(default_factory=dict)  # other tables' rows added (JSON)


def normal_url(url: str | None) -> str | None:
    """`https://www.linkedin.com/in/ada/` and `http://linkedin.com/in/ada` are the same page."""
    if not url:
        return None
    text = url.strip().lower()
    for prefix in ("https://", "http://"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if text.startswith("www."):
        text = text[4:]
    return text.rstrip("/") or None


@dataclass(eq=False)
class Entry:
    """A contact the index knows: an existing one (with its row) or one this import adds."""

    values: dict  # column -> value: what the contact has now
    roles: set[str]
    tags: set[str]
    id: int | None = None
    line: int | None = None  # the file line that added it, for a contact this import creates


class ContactIndex:
    """Contacts by email, profile URL and name key, for matching rows to people."""

    def __init__(self) -> None:
        self.by_email: dict[str, Entry] = {}
        self.by_url: dict[str, Entry] = {}
        self.by_name: dict[str, list[Entry]] = defaultdict(list)

    def add(self, entry: Entry) -> None:
        self.by_name[search_key(entry.values["name"])].append(entry)
        self.learn(entry)

    def learn(self, entry: Entry) -> None:
        """Index the entry's email and URL (again, after an import filled them)."""
        email = (entry.values.get("email") or "").casefold()
        if email:
            self.by_email.setdefault(email, entry)
        url = normal_url(entry.values.get("profile_url"))
        if url:
            self.by_url.setdefault(url, entry)

    def match(self, name: str, email: str | None, url: str | None) -> tuple[Entry | None, list[Entry]]:
        """(the contact this row is, or None; the contacts it could be when the name is ambiguous)."""
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()], []
        if url and normal_url(url) in self.by_url:
            return self.by_url[normal_url(url)], []
        possible = [entry for entry in self.by_name.get(search_key(name), []) if not _conflict(entry, email, url)]
        if len(possible) == 1:
            return possible[0], []
        return None, possible


def _conflict(entry: Entry, email: str | None, url: str | None) -> bool:
    theirs = entry.values.get("email")
    if email and theirs and theirs.casefold() != email.casefold():
        return True
    their_url = normal_url(entry.values.get("profile_url"))
    return bool(url and their_url and their_url != normal_url(url))


def split_categories(categories: Iterable[str], role_keys: set[str]) -> tuple[list[str], list[str]]:
    """Categories that name a role (by key or label, like `Research`) are roles; the rest are tags."""
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


def import_contacts(conn, candidates: list[Candidate], *, source: str, today: date,
                    progress: Progress | None = None) -> Summary:
    """Match, fill and add `candidates` inside the connection's transaction; returns what changed.

    Rows go in through `io.tables` (plain SQL, values through the ORM's type processors and the
    schema's defaults): building an ORM object per row costs more than the insert itself, and a
    LinkedIn export can hold tens of thousands of rows.
    """
    from mentornet.io import tables
    from mentornet.store import reads

    contact_table, stage_table = tables.table("contact"), tables.table("stage_change")
    role_table, tag_table = tables.table("contact_role"), tables.table("contact_tag")
    role_keys = set(reads.role_keys(conn))
    roles_of, tags_of = defaultdict(set), defaultdict(set)
    for link in tables.read_rows(conn, role_table):
        roles_of[link["contact_id"]].add(link["role_key"])
    for link in tables.read_rows(conn, tag_table):
        tags_of[link["contact_id"]].add(link["tag"])
    index = ContactIndex()
    for row in tables.read_rows(conn, contact_table):
        index.add(Entry(row, roles_of[row["id"]], tags_of[row["id"]], id=row["id"]))

    summary = Summary(format=source)
    created: list[Entry] = []
    links: list[tuple[Entry, list[str], list[str]]] = []  # roles and tags to add to existing contacts
    for candidate in candidates:
        if progress:
            progress(1)
        name = clean(candidate.name)
        fields = {key: value for key, value in candidate.fields.items() if value not in (None, "")}
        roles, tags = split_categories(candidate.categories, role_keys)
        entry, possible = index.match(name, fields.get("email"), fields.get("profile_url"))
        if entry is None and possible:
            ids = ", ".join(str(p.id) for p in possible if p.id is not None) or "earlier rows of this file"
            summary.skipped.append((name, f"line {candidate.line}: the name matches several contacts (ids {ids})"))
            continue
        if entry is None:
            values = {key: fields[key] for key in FILLABLE + NEW_ONLY if key in fields}
            values.update(name=name, stage=candidate.stage or "prospect", added_on=candidate.added_on or today)
            entry = Entry(values, set(roles), set(tags), line=candidate.line)
            index.add(entry)
            created.append(entry)
            summary.added.append(name)
            continue
        filled = [key for key in FILLABLE if key in fields and entry.values.get(key) in (None, "")]
        new_roles = [key for key in roles if key not in entry.roles]
        new_tags = [tag for tag in tags if tag not in entry.tags]
        for key in filled:
            entry.values[key] = fields[key]
        entry.roles.update(new_roles)
        entry.tags.update(new_tags)
        if "email" in filled or "profile_url" in filled:
            index.learn(entry)
        changes = filled + [f"role {key}" for key in new_roles] + [f"tag {tag}" for tag in new_tags]
        if entry.id is None:  # a contact this file added a few rows up: the rows merge into it
            summary.skipped.append((name, f"line {candidate.line}: the same person as line {entry.line}"
                                    + (f", merged ({', '.join(changes)})" if changes else "")))
        elif not changes:
            summary.skipped.append((name, f"line {candidate.line}: already up to date"))
        else:
            tables.update(conn, contact_table, {"id": entry.id}, {key: fields[key] for key in filled})
            links.append((entry, new_roles, new_tags))
            summary.updated.append((name, changes))

    note = f"imported from {SOURCE_LABELS.get(source, source)}"
    for entry in created:
        row = tables.with_defaults(contact_table, {**entry.values, "name_key": search_key(entry.values["name"])})
        entry.id = tables.insert(conn, contact_table, row)
        tables.insert(conn, stage_table, tables.with_defaults(stage_table, {
            "contact_id": entry.id, "from_stage": None, "to_stage": row["stage"], "on_date": row["added_on"],
            "note": note}))
        links.append((entry, sorted(entry.roles), sorted(entry.tags)))
    for entry, roles, tags in links:
        for key in roles:
            tables.insert(conn, role_table, {"contact_id": entry.id, "role_key": key})
        for tag in tags:
            tables.insert(conn, tag_table, {"contact_id": entry.id, "tag": tag})
    return summary
