"""What one request may ask for: bounds on time and memory, checked at the door.

Here, at the bottom, so the command line can state them in its options without importing
the engine, and the engine and the exam writer can enforce them without importing click.
"""

MAX_COUNT = 20_000  # questions in one set
VERSION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # an exam's versions
MAX_VERSIONS = len(VERSION_LETTERS)
