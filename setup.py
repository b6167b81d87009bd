"""The package list, found rather than listed: a new subpackage of generator/ ships without an edit.

Everything else about the project is in pyproject.toml; ``generator/`` installs as ``lstmq``.
"""

from setuptools import find_packages, setup

setup(packages=["lstmq", *(f"lstmq.{name}" for name in find_packages("generator")), "lstmq.templates"])
