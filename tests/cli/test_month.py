"""The README's "A month of mentoring" is what the commands print today."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "month.py"


def _month():
    spec = importlib.util.spec_from_file_location("month", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_walkthrough_is_current():
    month = _month()
    generated = month.walkthrough().strip("\n")
    assert "follow-up  2026-09-08  today" in generated  # the follow-up rule fired on its day
    assert month.readme_section(month.README.read_text(encoding="utf-8")) == generated, (
        "README is stale: run `python examples/month.py --write-readme`"
    )
