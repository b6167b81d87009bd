"""What one request may ask for: bounds on time and memory, checked at the door.

Here, at the bottom, so the command line can state them in its options without importing
the engine, and the engine and the exam writer can enforce them without importing click.
"""

MAX_COUNT = 20_000  # questions in one set
VERSION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # an exam's versions
MAX_VERSIONS = 26 + 26 * 26  # A ... Z, then AA ... ZZ (as spreadsheet columns are named)


def version_name(index: int) -> str:
    """The name of version ``index`` (0-based): A ... Z, AA, AB, ... ZZ."""
    if not 0 <= index < MAX_VERSIONS:
        raise ValueError(f"version index {index} is out of range")
    if index < 26:
        return VERSION_LETTERS[index]
    return VERSION_LETTERS[index // 26 - 1] + VERSION_LETTERS[index % 26]
