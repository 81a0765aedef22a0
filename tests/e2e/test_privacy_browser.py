"""The app contacts no third party (issue 10, "privacy"): every request a page makes, while it
loads, draws its icons and fonts and (on /train) trains, goes to the app's own server.

A `:material/...:` page icon made Streamlit point the tab's favicon at fonts.gstatic.com; the
pages now use assets/favicon.png, which the app serves itself. Every page in ui.nav is
visited, so pages added later are covered too."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import assert_no_exception, screenshot, wait_ready
from playwright.sync_api import Browser

from ui.nav import available_pages


def page_url(script: str) -> str:
    """pages/1_explorer.py -> /explorer (pages-directory mode), app.py -> /."""
    if script == "app.py":
        return "/"
    return "/" + Path(script).stem.split("_", 1)[1]


def foreign(urls: list[str], server: str) -> list[str]:
    origin = urlsplit(server).netloc
    return [u for u in urls if not u.startswith("data:")
            and urlsplit(u.removeprefix("blob:")).netloc != origin]


@pytest.mark.parametrize("script", [p.path for p in available_pages()])
def test_a_page_requests_nothing_from_another_origin(server: str, browser: Browser,
                                                     script: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(server + page_url(script))
    wait_ready(page)
    if script.endswith("_train.py"):  # training draws live charts: record that too
        page.get_by_role("button", name="Train", exact=True).click()
        time.sleep(2)
        page.get_by_role("button", name="Pause", exact=True).click()
        wait_ready(page)
    page.mouse.wheel(0, 5000)  # anything drawn further down the page
    time.sleep(1)
    assert_no_exception(page)
    icon = page.locator("link[rel*='icon']").first.get_attribute("href") or ""
    assert urlsplit(icon).netloc in ("", urlsplit(server).netloc), icon
    screenshot(page, f"privacy_{page_url(script).strip('/') or 'home'}")
    context.close()
    assert len(urls) > 3  # the recording works (the page, its scripts, its styles...)
    assert foreign(urls, server) == []
