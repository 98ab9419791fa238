"""Whether this terminal can show the reader: asked before Textual takes the screen over.

Without a terminal (stdin or stdout piped or redirected), on TERM=dumb, or with an output encoding that cannot
write Hangul and box drawing, the app would hang or print escape soup; instead the user gets one line saying
why, and exit code 2 (the batch commands need no terminal).
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Mapping
from typing import TextIO


def terminal_problem(stdin: TextIO, stdout: TextIO, env: Mapping[str, str]) -> str | None:
    """Why the reader cannot run on these streams and environment, or None when it can."""
    if not (stdin.isatty() and stdout.isatty()):
        return ("the reader needs a terminal, and stdin or stdout is not one "
                "(inspect, list, export and the other commands work without)")  # fmt: skip
    term = env.get("TERM", "")
    if term == "dumb" or (not term and sys.platform != "win32"):
        return f"TERM={term or '(unset)'} cannot show the reader: run it in a terminal emulator (TERM=xterm-256color)"
    encoding = stdout.encoding or "ascii"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    if not utf8:
        return f"the terminal's encoding is {encoding}, not UTF-8: set a UTF-8 locale (e.g. LANG=C.UTF-8)"
    return None
