"""Printable exams: versions, keys, HTML and PDF."""
