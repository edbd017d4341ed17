"""Assertions shared by the CLI tests."""


def assert_error(result, code: int = 2, *fragments: str) -> None:
    """One `Error:` line (and maybe a `Try ...` line) on stderr naming the problem, nothing on
    stdout, no traceback, and never the catch-all for bugs."""
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("Error: "), result.stderr
    assert len(lines) <= 2, result.stderr
    if len(lines) == 2:
        assert lines[1].startswith("Try "), result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
