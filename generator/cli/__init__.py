"""The command line (Click only): ``lstmq`` and its commands."""

from .main import cli, main

__all__ = ["cli", "main"]
