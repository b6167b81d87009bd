"""Jinja templates shipped with lstmq (the top-level ``templates/`` folder of the project)."""
