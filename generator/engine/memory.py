"""The address-space limit (``ulimit -v``) this process runs under, read before torch loads:
below a few hundred MB torch fails inside its own import, not always in a way Python can catch."""

from __future__ import annotations


def address_space_limit() -> int | None:
    """The soft RLIMIT_AS in bytes, or None when there is none (or it cannot be read)."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        return None
    return None if soft == resource.RLIM_INFINITY else soft
