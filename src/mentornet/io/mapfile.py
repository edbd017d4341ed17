"""`map`: the mosaic drawn as text, SVG, Graphviz DOT or Mermaid.

You at the centre, your roles around you, each mentor (and each contact still forming) on the
role they fill, the role coloured by its status with a mark and a word beside the colour (never
colour alone), empty roles as empty places, and who introduced whom as edges.

The SVG is built with the standard library's ElementTree, which escapes every name and attribute
(a contact called `<script>` is text); the layout is a few lines of trigonometry (roles on a ring
around you, people on an arc outside their role), so it needs no Graphviz on the user's machine.
"""

import math
import xml.etree.ElementTree as ET

from mentornet.services.picture import Map, Person, RolePlace

STATUS = {  # colour, mark, word, what it means (the legend)
    "filled": ("#2e7d32", "✓", "filled", "enough committed mentors in touch"),
    "cold": ("#1565c0", "❄", "cold", "every committed mentor is going cold"),
    "forming": ("#a15c00", "◐", "forming", "short of target, someone forming"),
    "gap": ("#c62828", "○", "gap", "short of target, nobody forming"),
    "untracked": ("#616161", "·", "no target", "a role without a target that someone fills"),
}
SVG_NS = "http://www.w3.org/2000/svg"


def _status(place: RolePlace) -> str:
    colour, mark, word, _ = STATUS[place.status]
    return f"{mark} {word}"


def _who(person: Person) -> str:
    if person.status == "mentor":
        return f"{person.name} ({person.stage}{', going cold' if person.cold else ''})"
    if person.status == "forming":
        return f"{person.name} (forming: {person.stage})"
    return f"{person.name} ({person.stage})"


def text(the_map: Map) -> str:
    """A tree: roles, the people on each, and the people each of them referred."""
    lines = [f"You: your mosaic on {the_map.as_of}"]

    def branch(items: list[str], prefix: str) -> None:
        for i, item in enumerate(items):
            lines.append(f"{prefix}{'└── ' if i == len(items) - 1 else '├── '}{item}")

    for r, place in enumerate(the_map.roles):
        last_role = r == len(the_map.roles) - 1
        target = f", target {place.target}" if place.target else ""
        lines.append(f"{'└── ' if last_role else '├── '}{place.label} [{_status(place)}{target}]")
        inner = "    " if last_role else "│   "
        people = list(place.people)
        if not people:
            lines.append(f"{inner}└── (empty: nobody yet)")
        for p, person in enumerate(people):
            last = p == len(people) - 1 and not place.more
            lines.append(f"{inner}{'└── ' if last else '├── '}{_who(person)}")
            below = inner + ("    " if last else "│   ")
            referred = [f"referred {_who(other)}" for other in person.referred]
            if person.more_referred:
                referred.append(f"and {person.more_referred} more referred")
            branch(referred, below)
        if place.more:
            lines.append(f"{inner}└── and {place.more} more")
    if not the_map.roles:
        lines.append("└── (no roles with a target yet: `mentornet roles target ROLE N`)")
    lines.append("")
    lines.append("Legend: " + "; ".join(f"{mark} {word}: {meaning}" for _, mark, word, meaning in STATUS.values()))
    if the_map.warnings:
        lines.append("Warnings:")
        lines.extend(f"  [{w.code}] {w.message}" for w in the_map.warnings)
    return "\n".join(lines) + "\n"


# --- SVG ---

def _el(parent: ET.Element, tag: str, text_: str | None = None, **attrs: object) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()})
    if text_ is not None:
        element.text = text_
    return element


def _short(name: str, width: int = 26) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def svg_element(the_map: Map, *, title: str = "Your mentoring map") -> ET.Element:
    """The map as an <svg> element (for a file, or inline in the report)."""
    places = the_map.roles
    n = max(len(places), 1)
    ring = 150 + 14 * n  # roles around you
    reach = 150  # people beyond their role
    size = 2 * (ring + reach + 150)
    legend_height = 24 * len(STATUS) + 20
    centre = size / 2
    root = ET.Element("svg", {"xmlns": SVG_NS, "viewBox": f"0 0 {size:.0f} {size + legend_height:.0f}",
                              "role": "img", "font-family": "system-ui, sans-serif", "font-size": "13",
                              "class": "mentornet-map"})
    _el(root, "title", title)
    _el(root, "desc", f"You at the centre, {len(places)} roles around you, mentors on the roles they fill; "
                      f"as of {the_map.as_of}")
    edges = _el(root, "g", class_="edges", stroke="#9e9e9e", fill="none")
    nodes = _el(root, "g", class_="nodes")
    where: dict[int, tuple[float, float]] = {}  # each person's first place, for the referral edges
    referrers: list[tuple[Person, float, float, float, str, int]] = []

    _el(nodes, "circle", cx=centre, cy=centre, r=38, fill="#263238")
    _el(nodes, "text", "You", x=centre, y=centre + 5, text_anchor="middle", fill="#ffffff", font_weight="bold")

    for i, place in enumerate(places):
        angle = 2 * math.pi * i / n - math.pi / 2
        rx, ry = centre + ring * math.cos(angle), centre + ring * math.sin(angle)
        colour, mark, word, _ = STATUS[place.status]
        _el(edges, "line", x1=centre, y1=centre, x2=rx, y2=ry, stroke=colour, stroke_width=2)
        group = _el(nodes, "g", class_=f"role status-{place.status}")
        _el(group, "title", f"{place.label}: {word}")
        empty = not place.people
        _el(group, "circle", cx=f"{rx:.1f}", cy=f"{ry:.1f}", r=44, fill="#ffffff" if empty else colour,
            stroke=colour, stroke_width=3, stroke_dasharray="6 4" if empty else "none")
        ink = colour if empty else "#ffffff"
        _el(group, "text", _short(place.label, 16), x=f"{rx:.1f}", y=f"{ry - 4:.1f}", font_size="12", text_anchor="middle",
            fill=ink, font_weight="bold")
        _el(group, "text", f"{mark} {word}", x=f"{rx:.1f}", y=f"{ry + 13:.1f}", text_anchor="middle", fill=ink)
        if empty:
            _el(group, "text", "empty place", x=f"{rx:.1f}", y=f"{ry + 62:.1f}", text_anchor="middle",
                fill=colour, font_style="italic")
        people = list(place.people)
        labels = people + ([None] if place.more else [])
        spread = min(math.pi / max(n, 2), 0.22 * max(len(labels) - 1, 0))  # the arc this role's people take
        for j, person in enumerate(labels):
            offset = 0.0 if len(labels) == 1 else -spread / 2 + spread * j / (len(labels) - 1)
            distance = ring + reach + (j % 2) * 40  # alternate, so neighbours' labels don't touch
            px = centre + distance * math.cos(angle + offset)
            py = centre + distance * math.sin(angle + offset)
            anchor = "start" if math.cos(angle + offset) > 0.2 else "end" if math.cos(angle + offset) < -0.2 else "middle"
            dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
            if person is None:
                _el(group, "text", f"and {place.more} more", x=f"{px + dx:.1f}", y=f"{py + 4:.1f}",
                    text_anchor=anchor, fill="#424242", font_style="italic")
                continue
            _el(edges, "line", x1=f"{rx:.1f}", y1=f"{ry:.1f}", x2=f"{px:.1f}", y2=f"{py:.1f}", stroke=colour)
            _person(group, person, px, py, anchor, dx, colour, py < centre)
            where.setdefault(person.id, (px, py))
            referrers.append((person, px, py, angle + offset, anchor, dx))
    for person, px, py, angle, anchor, dx in referrers:  # then the people referred who hold no role here
        placed = 0
        for other in person.referred:
            if other.id in where:
                continue
            ox = px + (70 + 20 * placed) * math.cos(angle + 0.45)
            oy = py + (70 + 20 * placed) * math.sin(angle + 0.45) + 20 * placed
            where[other.id] = (ox, oy)
            _person(nodes, other, ox, oy, anchor, dx, "#757575", oy < centre)
            placed += 1
    referral_edges = _el(edges, "g", class_="referrals", stroke="#6d4c41", stroke_dasharray="3 3")
    for source, target in the_map.edges:
        if source in where and target in where:
            (x1, y1), (x2, y2) = where[source], where[target]
            line = _el(referral_edges, "line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}")
            _el(line, "title", "introduced")

    legend = _el(root, "g", class_="legend")
    top = size + 4
    _el(legend, "text", "Legend (roles by status; dashed brown line: who introduced whom)", x=20, y=top,
        font_weight="bold")
    for k, (colour, mark, word, meaning) in enumerate(STATUS.values()):
        y = top + 22 + 22 * k
        _el(legend, "circle", cx=30, cy=y - 4, r=8, fill=colour)
        _el(legend, "text", f"{mark} {word}: {meaning}", x=46, y=y)
    return root


def _person(group: ET.Element, person: Person, x: float, y: float, anchor: str, dx: int, colour: str,
            above: bool) -> None:
    node = _el(group, "g", class_=f"person {person.status}")
    _el(node, "title", _who(person))
    hollow = person.status != "mentor"  # forming and referred people: an open dot, a mentor a full one
    _el(node, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=7, fill="#ffffff" if hollow else colour, stroke=colour,
        stroke_width=2)
    suffix = " (going cold)" if person.cold else "" if person.status == "mentor" else f" ({person.stage})"
    dy = 4 if anchor != "middle" else -12 if above else 22  # a label straight above or below its dot
    _el(node, "text", _short(person.name) + suffix, x=f"{x + dx:.1f}", y=f"{y + dy:.1f}", text_anchor=anchor,
        fill="#212121")


def svg(the_map: Map) -> str:
    """A self-contained SVG file: no script, no external reference."""
    root = svg_element(the_map)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- DOT and Mermaid, for people who keep their own diagrams ---

def _dot_quote(value: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped (a backslash would otherwise start
    one of Graphviz's escStrings, like \\N), line breaks as \\n."""
    cleaned = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{cleaned}"'


def dot(the_map: Map) -> str:
    lines = ["digraph mosaic {", "  graph [layout=twopi, root=you, overlap=false, ranksep=1.6];",
             '  node [fontname="sans-serif", style=filled, fillcolor=white];',
             f'  you [label={_dot_quote("You")}, shape=circle, fillcolor="#263238", fontcolor=white];']
    declared: set[int] = set()
    for i, place in enumerate(the_map.roles):
        colour, mark, word, _ = STATUS[place.status]
        role_id = f"role{i}"
        style = 'style="dashed", fillcolor=white' if not place.people else f'fillcolor="{colour}", fontcolor=white'
        label = _dot_quote(f"{place.label}\n{mark} {word}")
        lines.append(f"  {role_id} [label={label}, shape=ellipse, "
                     f'color="{colour}", {style}];')
        lines.append(f'  you -> {role_id} [color="{colour}", arrowhead=none];')
        for person in place.people:
            if person.id not in declared:
                declared.add(person.id)
                lines.append(f"  p{person.id} [label={_dot_quote(_who(person))}, shape=box];")
            lines.append(f'  {role_id} -> p{person.id} [color="{colour}", arrowhead=none];')
        if place.more:
            lines.append(f"  {role_id}_more [label={_dot_quote(f'and {place.more} more')}, shape=plaintext];")
            lines.append(f"  {role_id} -> {role_id}_more [style=dotted, arrowhead=none];")
    for person in the_map.people().values():
        if person.id not in declared:
            declared.add(person.id)
            lines.append(f"  p{person.id} [label={_dot_quote(_who(person))}, shape=box, style=dashed];")
    for source, target in the_map.edges:
        lines.append(f'  p{source} -> p{target} [style=dashed, color="#6d4c41", label="introduced"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_quote(value: str) -> str:
    """A Mermaid node label in quotes: quotes and angle brackets as Mermaid's entity codes, so a
    name is never read as markup or as the end of the label."""
    cleaned = " ".join(value.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        cleaned = cleaned.replace(char, code)
    return f'"{cleaned}"'


def mermaid(the_map: Map) -> str:
    lines = ["flowchart LR", f"  you(({_mermaid_quote('You')}))"]
    declared: set[int] = set()
    styles = []
    for i, place in enumerate(the_map.roles):
        colour, mark, word, _ = STATUS[place.status]
        lines.append(f"  role{i}({_mermaid_quote(f'{place.label}: {mark} {word}')})")
        lines.append(f"  you --- role{i}")
        dash = ",stroke-dasharray: 5 5" if not place.people else ""
        styles.append(f"  style role{i} stroke:{colour},stroke-width:3px{dash}")
        for person in place.people:
            if person.id not in declared:
                declared.add(person.id)
                lines.append(f"  p{person.id}[{_mermaid_quote(_who(person))}]")
            lines.append(f"  role{i} --- p{person.id}")
        if place.more:
            lines.append(f"  role{i}_more[{_mermaid_quote(f'and {place.more} more')}]")
            lines.append(f"  role{i} -.- role{i}_more")
    for person in the_map.people().values():
        if person.id not in declared:
            declared.add(person.id)
            lines.append(f"  p{person.id}[{_mermaid_quote(_who(person))}]")
    for source, target in the_map.edges:
        lines.append(f"  p{source} -. introduced .-> p{target}")
    return "\n".join(lines + styles) + "\n"
