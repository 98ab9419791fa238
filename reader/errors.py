"""The one exception type the reading side raises for bad input.

The CLI turns it into a single line on stderr and exit code 2, so its message must say what went wrong and where
(usually the file path) without a traceback.
"""


class InputError(Exception):
    """Bad input the user can fix: a wrong, empty, binary or missing file, a bad option."""
