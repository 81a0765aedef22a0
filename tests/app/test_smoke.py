"""Every page opens through the real entry point and its navigation, with no exception."""

import pytest
from apptest_helpers import PAGE_FILES, no_exception, open_page

from ui.nav import PAGES, available_pages


@pytest.mark.parametrize("name", list(PAGE_FILES))
def test_every_page_opens_without_exception(name: str) -> None:
    assert PAGE_FILES[name] in {p.path for p in PAGES}
    at = open_page(name)
    no_exception(at)
    assert at.title, f"{name} shows no title"


def test_every_listed_page_exists_and_the_sidebar_links_them_all() -> None:
    assert [p.path for p in available_pages()] == [p.path for p in PAGES]
    at = open_page("home")
    sidebar_links = [el.proto.label for el in at.sidebar if el.type == "page_link"]
    assert sidebar_links == [p.title for p in PAGES]


def test_home_page_has_a_card_per_page() -> None:
    at = open_page("home")
    text = " ".join(m.value for m in at.markdown)
    for p in PAGES[1:]:
        assert p.teaser[:30] in text


def test_home_links_to_the_worked_example() -> None:
    at = open_page("home")
    links = [el.proto for el in at.main if el.type == "page_link"]
    worked = [p for p in links if "worked example" in p.label]
    assert worked and "W=4" in worked[0].query_string and "x=3" in worked[0].query_string
