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
def site(tmp_path_factory):
    """The project's docs plus a 120-question set, built once (sitekit.built_site)."""
    from sitekit import built_site

    return built_site(tmp_path_factory)


@pytest.fixture(scope="session")
def base_url(site):
    """The built site served over HTTP on 127.0.0.1."""
    from sitekit import http_server

    with http_server(site.site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for every browser test of the session (Debian's, driven by Playwright)."""
    from sitekit import browser

    with browser() as b:
        yield b
