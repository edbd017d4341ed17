"""`map`: text, SVG, DOT and Mermaid of the demo network."""

import json
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tests.cli.conftest import HOSTILE_NAME, mentornet


def mosaic_names(db) -> set[str]:
    done = mentornet(db, "gaps", "--json")
    assert done.returncode == 0, done.stderr
    return {name for role in json.loads(done.stdout)["roles"] for name in role["mentors"] + role["forming"]}


def test_text_is_a_tree_of_roles_mentors_and_referrals(demo_db):
    done = mentornet(demo_db, "map")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("You: your mosaic on 2026-11-22\n")
    assert "├── Clinical [✓ filled, target 1]" in text
    assert "│   └── Dr. Ada Okafor (initiation, going cold)\n│       └── referred Mei Chen (prospect)" in text
    assert "Medical education [○ gap, target 1]\n│   └── (empty: nobody yet)" in text
    assert "Legend: ✓ filled" in text and "[supervisor-career]" in text
    assert HOSTILE_NAME in text  # as written: the text map is plain text
    for name in mosaic_names(demo_db):
        assert name in text


def test_svg_file_parses_holds_every_contact_and_is_the_owners(demo_db, tmp_path):
    target = tmp_path / "map.svg"
    done = mentornet(demo_db, "map", "--format", "svg", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    root = ET.parse(target).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(t for t in root.itertext())
    for name in mosaic_names(demo_db):
        assert name in texts, name
    for word in ("filled", "cold", "forming", "gap", "empty place", "Legend"):
        assert word in texts
    raw = target.read_text()
    assert "<script" not in raw and "&lt;script&gt;" in raw  # the hostile name, escaped
    assert "href" not in raw  # nothing external


def test_svg_on_a_terminal_asks_for_a_file_and_goes_to_a_pipe(demo_db):
    refused = mentornet(demo_db, "map", "--format", "svg", env={"MENTORNET_TERMINAL": "1"})
    assert refused.returncode == 2, refused.stderr
    assert "--output map.svg" in refused.stderr and refused.stdout == ""
    piped = mentornet(demo_db, "map", "--format", "svg")
    assert piped.returncode == 0, piped.stderr
    ET.fromstring(piped.stdout.split("\n", 1)[1])


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_dot_parses_with_graphviz(demo_db):
    done = mentornet(demo_db, "map", "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("digraph mosaic {")
    drawn = subprocess.run(["dot", "-Tsvg"], input=done.stdout, capture_output=True, text=True, timeout=60)
    assert drawn.returncode == 0, drawn.stderr
    assert "Mei Chen" in drawn.stdout and "introduced" in drawn.stdout


def test_dot_and_mermaid_quote_names():
    from datetime import date

    from mentornet.io import mapfile
    from mentornet.services.picture import Map, Person, RolePlace

    odd = Person(1, 'Dr. "Q" \\N <b>#1</b>', "cultivation", "mentor")
    the_map = Map(date(2026, 1, 1), (RolePlace("research", "Research", 1, "filled", (odd,)),), (), ())
    dot = mapfile.dot(the_map)
    assert 'label="Dr. \\"Q\\" \\\\N <b>#1</b> (cultivation)"' in dot
    mermaid = mapfile.mermaid(the_map)
    assert 'p1["Dr. #quot;Q#quot; \\N #lt;b#gt;#35;1#lt;/b#gt; (cultivation)"]' in mermaid


def test_mermaid_has_roles_people_and_referrals(demo_db):
    done = mentornet(demo_db, "map", "--format", "mermaid")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("flowchart LR\n")
    assert "-. introduced .->" in done.stdout
    assert "stroke-dasharray" in done.stdout  # the empty role


def test_an_empty_network_maps(tmp_path):
    from mentornet.services.database import prepare

    prepare(tmp_path / "new.db")  # a read of a --db that doesn't exist is an error: made as a first write would
    done = mentornet(tmp_path / "new.db", "map")
    assert done.returncode == 0, done.stderr
    assert "You: your mosaic" in done.stdout


def test_the_picture_libraries_load_only_inside_the_commands():
    """Jinja2 and pygal are the report's: importing the command modules (as `--help` and the lazy
    table of contents do) and running a daily command load neither."""
    import sys

    code = ("import sys, mentornet.cli.mapping, mentornet.cli.report, mentornet.cli.transfer, mentornet.cli.gaps; "
            "print(sorted(m for m in ('jinja2', 'pygal', 'markupsafe', 'playwright') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr
