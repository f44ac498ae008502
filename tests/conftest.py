from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite scenarios/*.expected.yaml from the current answers (then review them with git diff)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def pytest_configure(config: pytest.Config) -> None:
    """The rewritten multi-case programs go to a store of the test run's own (multicase.py), not the user's
    ~/.cache: a test never reads an entry an earlier checkout wrote, nor leaves one behind."""
    import os
    import tempfile

    if "JUREX_PROGRAM_CACHE" not in os.environ:
        os.environ["JUREX_PROGRAM_CACHE"] = config._jurex_store = tempfile.mkdtemp(prefix="jurex-programs-")  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    store = getattr(config, "_jurex_store", None)
    if store:
        shutil.rmtree(store, ignore_errors=True)
