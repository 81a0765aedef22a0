"""Fixtures for the AppTest suite; the helpers live in apptest_helpers.py (a unique module
name, so app and browser tests can be collected in one run)."""

import pytest
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest


@pytest.fixture
def explorer() -> AppTest:
    at = open_page("explorer")
    no_exception(at)
    return at
