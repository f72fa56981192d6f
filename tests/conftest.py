"""Shared test helpers: where the project, its data and the source texts are."""

from __future__ import annotations

from pathlib import Path

import pytest

from compendium.paths import sources_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of full source texts; skips the test when it is absent."""
    folder = sources_dir()
    if folder is None:
        pytest.skip("source texts not available (set COMPENDIUM_SOURCES or place ../shared/seeds beside the repo)")
    return folder


def pytest_terminal_summary(terminalreporter):
    """Report what the browser tests measured (links followed, failures) at the end of the run."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        props = dict(report.user_properties)
        if "claim_links_followed" in props and report.when == "call":
            terminalreporter.write_line(
                f"browser: followed {props['claim_links_followed']} claim links, "
                f"{props['claim_link_failures']} failures"
            )
