"""Hostile text in share links and uploaded files renders as text in real Chromium (issue 10).

Streamlit's Markdown has extensions that work on the parsed text (emoji shortcodes, GFM bare-URL
autolinks, :material/...: icons), so only the browser shows whether ui.safe_text.user_text
really stops them. Each message is checked element by element: it shows the hostile value
literally and holds no image, link, bold, italic, code, icon, colour or formula element; and
no request leaves for an address the text named."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from browser_helpers import SHOTS as SHOTS_DIR
from browser_helpers import assert_no_exception, screenshot, wait_ready
from playwright.sync_api import Browser, Page, expect

WORD_JOINER = "\u2060"
IMG, LINK, HTML, BOLD = ("![](//127.0.0.1:9/x)", "[a](javascript:alert(1))",
                         "<img src=x onerror=alert(1)>", "**bold**")
LATEX, ICON, COLOUR, URL = "$\\LaTeX$", ":material/home:", ":red[x]", "https://h.example/x"
# Elements the app never puts inside a message; any of them there came from a user's text.
FOREIGN = ("img, a, b, strong, em, i, code, del, h1, h2, h3, ul, ol, blockquote, .katex, "
           "span[role='img'], .stMarkdownColoredText")
SHOTS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "390x844": (390, 844)}
# page URL -> the hostile values it carries, one per parameter
LINKS = {
    "/explorer": {"act": ICON, "W": IMG, "x": LINK, "b": BOLD},
    "/backprop": {"loss": LATEX, "t": HTML, "act": COLOUR, "lr": URL, "W2": IMG},
    "/train": {"act": IMG, "data": LINK, "opt": BOLD, "init": LATEX, "loss": ICON,
               "n": COLOUR, "lr": URL, "feat": HTML},
}
PARAMETERS = {name for fields in LINKS.values() for name in fields} | {"b2"}


def record_requests(page: Page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    return urls


def foreign_requests(urls: list[str], server: str) -> list[str]:
    """Requests to anywhere but the app's server (data: URLs stay in the page; a blob: URL
    names the origin that made it)."""
    origin = urlsplit(server).netloc
    return [u for u in urls if not u.startswith("data:")
            and urlsplit(u.removeprefix("blob:")).netloc != origin]


def alerts(page: Page):
    return page.locator('[data-testid="stAlert"]')


def assert_messages_inert(page: Page, values: list[str]) -> str:
    """Every value shows literally (its first 8 characters, as messages cut long values) in
    the page's messages, which hold no element a user's text could have made."""
    expect(alerts(page).first).to_be_visible(timeout=30_000)
    text = " ".join(alerts(page).all_inner_texts()).replace(WORD_JOINER, "")
    for value in values:
        assert value[:8].lower() in text.lower(), (value, text)
    found = alerts(page).locator(FOREIGN)
    made = [found.nth(k).evaluate("e => [e.tagName, e.textContent, e.outerHTML]")
            for k in range(found.count())]
    # The app's own messages name a link parameter as code (`act`); nothing else is allowed.
    assert [html for tag, content, html in made
            if not (tag == "CODE" and content in PARAMETERS)] == []
    return text


@pytest.mark.parametrize("path", list(LINKS))
def test_hostile_link_values_show_as_text(server: str, browser: Browser, path: str) -> None:
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in LINKS[path].items())
    for name, (w, h) in SHOTS.items():
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        urls = record_requests(page)
        page.goto(f"{server}{path}?{query}")
        wait_ready(page)
        assert_messages_inert(page, list(LINKS[path].values()))
        assert_no_exception(page)
        screenshot(page, f"injection_link_{path.strip('/')}_{name}")
        assert foreign_requests(urls, server) == []
        assert not any("/x" in urlsplit(u).path for u in urls)  # the pixel was never asked for
        context.close()


def _open_train(server: str, page: Page) -> list[str]:
    urls = record_requests(page)
    page.goto(server + "/train")
    wait_ready(page)
    return urls


def test_hostile_csv_cell_and_file_name_show_as_text(server: str, page: Page) -> None:
    urls = _open_train(server, page)
    data = f'x1,x2,label\n1,2,0\n3,"{IMG} {BOLD}",1\n4,5,0\n6,7,1\n'.encode()
    chooser = page.locator('[data-testid="stFileUploader"]').filter(
        has_text="Your own data").locator("input[type=file]")
    chooser.set_input_files({"name": f"{LATEX} {ICON}.csv", "mimeType": "text/csv",
                             "buffer": data})
    wait_ready(page)
    text = assert_messages_inert(page, [IMG, LATEX, ICON])
    assert "is text, not a number" in text
    assert_no_exception(page)
    alerts(page).first.scroll_into_view_if_needed()  # the message is down the sidebar
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / "injection_csv_train.png"))
    assert foreign_requests(urls, server) == []
    assert not any(":9/" in u for u in urls)


def test_a_100_kb_csv_cell_is_not_echoed_in_full(server: str, page: Page) -> None:
    _open_train(server, page)
    data = ("x1,x2,label\n1,2,0\n3," + "z" * 100_000 + ",1\n4,5,0\n6,7,1\n").encode()
    chooser = page.locator('[data-testid="stFileUploader"]').filter(
        has_text="Your own data").locator("input[type=file]")
    chooser.set_input_files({"name": "big.csv", "mimeType": "text/csv", "buffer": data})
    wait_ready(page)
    expect(alerts(page).first).to_be_visible(timeout=30_000)
    text = " ".join(alerts(page).all_inner_texts())
    assert "zzzz" in text and len(text) < 600
