"""Every page and view at a projector's 1280x720, a wide 1920x1080 and a phone's 390x844:
screenshots to artifacts/screenshots/<page>_<view>_<w>x<h>.png (what the viewport shows: a
teacher's screen, not a page-long strip) and, at 1280x720, no element of the main area sticking
out of its container or cut off (bounding boxes measured in the browser).

Pages come from ui.nav.available_pages(), so a new page is screenshotted and checked the day
its file exists; the views of a page are read from its segmented control and must be the ones
listed here, so a new view is never skipped silently either.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import SHOTS, assert_no_exception, settle
from playwright.sync_api import Page

from ui.nav import available_pages

SIZES = ((1280, 720), (1920, 1080), (390, 844))
# Page path -> (view slug, the start of its segmented-control label). A page without views
# is shown as it opens ("main").
VIEWS = {
    "pages/1_explorer.py": (("compute", "Edit & compute"), ("steps", "Step by step"),
                            ("batch", "Batch"), ("geometry", "Geometry"),
                            ("quiz", "Check yourself")),
    "pages/2_backprop.py": (("steps", "Backward step by step"), ("check", "Gradient check"),
                            ("descent", "Gradient descent"), ("chain", "Two layers"),
                            ("quiz", "Check yourself")),
}
# A link per page that fills it with numbers worth looking at (a sigmoid layer and two
# outputs, so every kind of cell and formula appears).
LINKS = {
    "pages/2_backprop.py": "?W=0.15,0.2;0.25,0.3&x=0.05,0.1&b=0.35,0.35&act=sigmoid&loss=mse"
                           "&t=0.01,0.99&lr=0.5",
}
VIEW_BAR = '[data-testid="stMain"] [role="radiogroup"][aria-label="View"]'

# For every visible element of the main block: is its box inside its clipping ancestor (the
# nearest one that hides or scrolls horizontally, else the main block), and does a text block
# that is not meant to scroll show all of its text? Returns a description of each offender.
OVERFLOWS = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const mainBox = main.getBoundingClientRect();
  const clips = (el) => ['hidden', 'clip', 'auto', 'scroll']
    .includes(getComputedStyle(el).overflowX);
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const describe = (el) => {
    const id = el.getAttribute('data-testid') || '';
    const text = (el.innerText || el.textContent || '').trim().slice(0, 60);
    return `${el.tagName.toLowerCase()}${id ? '[' + id + ']' : ''} "${text}"`;
  };
  const bad = [], reported = new Set();
  const inside = (el) => { for (let p = el.parentElement; p && p !== main; p = p.parentElement)
    if (reported.has(p)) return true; return false; };
  for (const el of main.querySelectorAll('*')) {
    // KaTeX's MathML copy is for screen readers: a 1 px clipped box by design. Inside an
    // SVG, shapes are clipped by the chart's own clip paths (the svg itself is checked).
    if (el.closest('.katex-mathml') || el.ownerSVGElement || inside(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    // The clipping ancestor between el and the main block, if any.
    let box = mainBox, scroller = null;
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      if (clips(p)) { box = p.getBoundingClientRect(); scroller = scrolls(p) ? p : null; break; }
    }
    // A box of 1 px that clips is the visually-hidden pattern (screen-reader-only text, the
    // real input under a styled checkbox); inside a horizontal scroller, content beyond its
    // edge is reachable by scrolling.
    if (box.width <= 1 || box.height <= 1) continue;
    // A clipped box without text or media is decoration (a progress bar's sliding fill).
    const shows = (el.innerText || '').trim() || el.matches('img, canvas, svg, input, iframe');
    if (!scroller && (box === mainBox || shows) &&
        (r.right > box.right + 1 || r.left < box.left - 1)) {
      bad.push(`${describe(el)} spans x ${Math.round(r.left)}..${Math.round(r.right)}, ` +
               `its container ${Math.round(box.left)}..${Math.round(box.right)}`);
      reported.add(el);
      continue;
    }
    // Text that is clipped (ellipsis or hidden overflow) instead of shown or scrolled.
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (ownText && !scrolls(el) && clips(el) && el.scrollWidth > el.clientWidth + 1) {
      bad.push(`${describe(el)} is cut off: ${el.scrollWidth} px of text in ` +
               `${el.clientWidth} px`);
      reported.add(el);
    }
  }
  // Data frames are canvases: a grid wider than its frame hides columns behind a scrollbar.
  for (const s of main.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')) {
    if (s.scrollWidth > s.clientWidth + 1) {
      bad.push(`a data frame needs ${s.scrollWidth} px, has ${s.clientWidth} px`);
    }
  }
  return bad;
}"""


# The ligature names of the Material icons on the page ("skip_next"): a screen reader must not
# read them out as words, so none may be in the accessibility tree.
ICON_NAMES = """() => [...new Set([...document.querySelectorAll(
  '[data-testid="stIconMaterial"], [data-testid="stIconMaterial"] *')]
  .map(e => e.textContent.trim()).filter(t => /^[a-z_0-9]+$/.test(t)))]"""


def a11y_problems(page: Page) -> list[str]:
    """Icon names read out as words, and help buttons that do not say what they help with."""
    tree = page.locator("body").aria_snapshot()
    problems = []
    for icon in page.evaluate(ICON_NAMES):
        # A label that is itself a word ("Reset" with icon "restart_alt") is not an icon name;
        # an icon name is lower case, glued to the label ("skip_next Next") or on its own.
        name = re.escape(icon)
        if re.search(rf'"{name}( [A-Z][^"]*)?"|: {name}( [A-Z].*)?$', tree, re.MULTILINE):
            problems.append(f"the icon name {icon!r} is read out")
    for name in re.findall(r'button "([^"]*)"', tree):
        if not name.strip():
            problems.append("a button without a name")
        elif name.lower().startswith("help") and not name.lower().startswith("help for "):
            problems.append(f"help button {name!r} does not say what it is for")
    problems += [f"an unnamed button: {line.strip()}" for line in tree.splitlines()
                 if re.fullmatch(r"\s*- button( \[[a-z]+\])?:?", line)]
    return problems


def slug(path: str) -> str:
    return "home" if path == "app.py" else path.split("/")[-1].removesuffix(".py").split("_", 1)[1]


def view_labels(page: Page) -> list[str]:
    bar = page.locator(VIEW_BAR).first
    bar.get_by_role("radio").first.wait_for()
    return [b.inner_text().strip() for b in bar.get_by_role("radio").all()]


def pick_view(page: Page, label: str) -> None:
    bar = page.locator(VIEW_BAR).first
    bar.get_by_role("radio").filter(has_text=label).first.click()
    settle(page)
    to_top(page)


def to_top(page: Page) -> None:
    """Scroll the app back to the top, so every screenshot shows a page as it opens."""
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(100)


def open_page(page: Page, server: str, path: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    url = server + ("/" if path == "app.py" else "/" + slug(path)) + LINKS.get(path, "")
    page.goto(url)
    settle(page)
    assert page.get_by_text("Page not found").count() == 0
    assert_no_exception(page)


CASES = [(p.path, slug(p.path)) for p in available_pages()]


@pytest.mark.parametrize(("path", "name"), CASES, ids=[c[1] for c in CASES])
def test_every_view_at_three_sizes_fits_and_is_saved(server: str, page: Page, path: str,
                                                     name: str) -> None:
    views = VIEWS.get(path, (("main", None),))
    problems: list[str] = []
    for size in SIZES:
        open_page(page, server, path, size)
        if path in VIEWS:
            labels = view_labels(page)
            assert len(labels) == len(views), f"{name} has views {labels}, expected {views}"
            for (_, label), shown in zip(views, labels, strict=True):
                assert label in shown, f"{name}: view {shown!r} is not {label!r}"
        for view, label in views:
            if label is not None:
                pick_view(page, label)
            assert_no_exception(page)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}_{view}_{size[0]}x{size[1]}.png"))
            if size != (1920, 1080):
                problems += [f"{name}/{view}@{size[0]}: {p}" for p in page.evaluate(OVERFLOWS)]
            if size == (1280, 720):
                problems += [f"{name}/{view}: {p}" for p in a11y_problems(page)]
    assert not problems, "\n".join(problems)
