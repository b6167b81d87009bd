import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI runs derandomised so a red build is reproducible; locally hypothesis explores freely.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for every browser test of the session (Debian's, driven by Playwright)."""
    from sitekit import browser

    with browser() as b:
        yield b
