"""Text written in the user's $EDITOR (or $VISUAL): the one way a command opens an editor."""

import os

from mentornet.errors import BadInput


def edit_text(initial: str = "", *, suffix: str = ".md", instead: str = "") -> str:
    """Open the editor on a private temporary file holding `initial`; what was saved comes back.
    `instead` says what the command takes in place of --edit, for the error when there is no editor."""
    import shlex
    import subprocess
    import tempfile

    other = f"; or {instead}" if instead else ""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise BadInput(f"--edit needs an editor: set one with `export EDITOR=nano` (or vim, or `code --wait`){other}")
    try:
        command = shlex.split(editor)
    except ValueError as exc:
        raise BadInput(f"the editor {editor!r} ($VISUAL or $EDITOR) isn't a command line ({exc}); nothing was saved") from None
    handle, path = tempfile.mkstemp(prefix="mentornet-", suffix=suffix)  # 0600 by mkstemp
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(initial)
        try:
            completed = subprocess.run([*command, path], check=False)
        except OSError as exc:  # not installed, not executable
            raise BadInput(f"the editor {command[0]!r} ($VISUAL or $EDITOR) can't be started ({exc.strerror}); "
                           f"set EDITOR to one that is installed{other}") from None
        if completed.returncode != 0:
            raise BadInput(f"the editor exited with {completed.returncode}; nothing was saved")
        with open(path, encoding="utf-8") as file:
            return file.read()
    finally:
        os.unlink(path)
