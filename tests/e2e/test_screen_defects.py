"""The projector, phone and accessibility defects of issue 15, each measured in real Chromium:
numbers inside their cells and labels clear of them, whole button labels, a bias row that is
not a bullet, a step's result on the same screen as Next at 1280x720, results no smaller than
the text around them, no sidebar over the page on a phone, formulas that scroll instead of
being cut off."""

from __future__ import annotations

import re

import pytest
from browser_helpers import TRAIN_CHARTS, assert_no_exception, wait_ready
from playwright.sync_api import Page, expect

SIGMOID = "W=0.15,0.2;0.25,0.3&x=0.05,0.1&b=0.35,0.35&act=sigmoid"
BACKPROP = f"/backprop?{SIGMOID}&loss=mse&t=0.01,0.99&lr=0.5"
expect.set_options(timeout=20_000)  # the machine is shared: a run can take seconds
HEADER_PX = 60  # Streamlit's header overlays the top of the app

# For every plotly grid on the page: each number's box inside its heatmap cell, and no title,
# operator or label box over any cell. Cells come from the figure's own axes (data -> px).
FIGURE_FIT = """() => {
  const bad = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis;
    const box = gd.querySelector('.main-svg').getBoundingClientRect();
    const px = (x, y) => [box.left + fl._size.l + xa.l2p(x), box.top + fl._size.t + ya.l2p(y)];
    const cells = [];
    for (const t of gd._fullData) {
      if (t.type !== 'heatmap') continue;
      for (let r = 0; r + 1 < t.y.length; r++) for (let c = 0; c + 1 < t.x.length; c++) {
        const [x0, y0] = px(t.x[c], t.y[r]), [x1, y1] = px(t.x[c + 1], t.y[r + 1]);
        cells.push({l: Math.min(x0, x1), r: Math.max(x0, x1), t: Math.min(y0, y1),
                    b: Math.max(y0, y1)});
      }
    }
    for (const el of gd.querySelectorAll('.heatmap-label')) {
      const b = el.getBoundingClientRect();
      const cx = (b.left + b.right) / 2, cy = (b.top + b.bottom) / 2;
      const cell = cells.find(c => c.l <= cx && cx <= c.r && c.t <= cy && cy <= c.b);
      if (!cell) { bad.push(`number ${el.textContent} is in no cell`); continue; }
      if (b.left < cell.l - 1 || b.right > cell.r + 1) {
        bad.push(`number ${el.textContent} (${Math.round(b.width)} px) spills out of its ` +
                 `cell (${Math.round(cell.r - cell.l)} px)`);
      }
    }
    for (const el of gd.querySelectorAll('.annotation-text')) {
      const b = el.getBoundingClientRect();
      if (cells.some(c => b.left < c.r - 1 && b.right > c.l + 1 && b.top < c.b - 1 &&
                          b.bottom > c.t + 1)) {
        bad.push(`label "${el.textContent}" lies over a cell`);
      }
    }
    const svg = gd.querySelector('.main-svg').getBoundingClientRect();
    for (const el of gd.querySelectorAll('.heatmap-label, .annotation-text')) {
      const b = el.getBoundingClientRect();
      if (b.left < svg.left - 1 || b.right > svg.right + 1) {
        bad.push(`"${el.textContent}" is cut off at the figure's edge`);
      }
    }
  }
  return bad;
}"""


def open_at(page: Page, server: str, link: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(server + link)
    wait_ready(page)
    assert_no_exception(page)


def pick(page: Page, view: str) -> None:
    page.get_by_role("radio", name=view).click()
    wait_ready(page)


def step_now(page: Page) -> int:
    expect(page.get_by_text(re.compile(r"^Step \d+ of \d+$"))).to_be_visible()
    return int(re.search(r"Step (\d+) of", page.locator("body").inner_text()).group(1))


def go_to_step(page: Page, k: int) -> None:
    """Press Next until the stepper says step k (one click at a time, each one confirmed)."""
    while (now := step_now(page)) < k:
        page.get_by_role("button", name="Next", exact=True).click()
        expect(page.get_by_text(f"Step {now + 1} of")).to_be_visible()
        wait_ready(page)
    page.wait_for_timeout(400)  # plotly draws after the run


def figure_problems(page: Page) -> list[str]:
    page.locator(".js-plotly-plot .heatmap-label").first.wait_for()
    return page.evaluate(FIGURE_FIT)


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["projector", "phone"])
def test_explorer_step_figure_keeps_numbers_in_cells_and_labels_clear(
        server: str, page: Page, size: tuple[int, int]) -> None:
    open_at(page, server, f"/explorer?{SIGMOID}", size)
    pick(page, "Step by step")
    go_to_step(page, 8)  # every z and a = sigmoid(z) filled in: 0.59327, 0.596884
    expect(page.get_by_text("Step 8 of 8")).to_be_visible()
    assert figure_problems(page) == []


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["projector", "phone"])
def test_backprop_figures_keep_numbers_in_cells(server: str, page: Page,
                                                size: tuple[int, int]) -> None:
    open_at(page, server, BACKPROP, size)
    problems = figure_problems(page)  # the forward picture, and the step figure at step 0
    for k in (2, 4, 5, 9, 11, 12):  # δ, ∂L/∂W, ∂L/∂b and ∂L/∂x phases (12 steps)
        go_to_step(page, k)
        problems += [f"step {k}: {p}" for p in figure_problems(page)]
    assert problems == []


def test_bias_row_of_the_step_table_is_text_not_a_bullet(server: str, page: Page) -> None:
    open_at(page, server, f"/explorer?{SIGMOID}", (1280, 720))
    pick(page, "Step by step")
    go_to_step(page, 3)  # two products, then + b
    table = page.locator('[data-testid="stTable"]').last
    expect(table).to_contain_text("+ b")
    assert table.locator("li, ul").count() == 0


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (390, 844)],
                         ids=["projector", "wide", "phone"])
def test_stepper_buttons_show_their_whole_labels(server: str, page: Page,
                                                 size: tuple[int, int]) -> None:
    open_at(page, server, BACKPROP, size)
    expect(page.get_by_role("button", name="Previous", exact=True)).to_be_visible()
    labels = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMain"] button [data-testid="stMarkdownContainer"]')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert labels == []


def test_a_backward_step_and_its_result_fit_one_projector_screen(server: str,
                                                                 page: Page) -> None:
    open_at(page, server, BACKPROP, (1280, 720))
    go_to_step(page, 5)  # the first ∂L/∂W cell, with its formula and gradient check
    expect(page.get_by_text(re.compile("Gradient check for"))).to_be_visible()
    top = page.get_by_role("button", name="Next", exact=True).bounding_box()["y"]
    result = page.get_by_text(re.compile("Gradient check for")).bounding_box()
    formula = page.locator('[data-testid="stMain"] .katex-display').last.bounding_box()
    bottom = max(result["y"] + result["height"], formula["y"] + formula["height"])
    assert bottom - top <= 720 - HEADER_PX, (top, bottom)


def font_px(page: Page, selector: str) -> list[float]:
    return page.evaluate(f"""() => [...document.querySelectorAll('{selector}')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")


def test_results_are_not_the_smallest_text(server: str, page: Page) -> None:
    open_at(page, server, BACKPROP, (1280, 720))
    go_to_step(page, 5)
    body = max(font_px(page, '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p'))
    cells = font_px(page, ".js-plotly-plot .heatmap-label")
    formulas = font_px(page, '[data-testid="stMain"] .katex-display .katex')
    assert cells and formulas
    assert min(cells) >= body and min(formulas) >= body, (body, min(cells), min(formulas))


def test_the_sidebar_does_not_cover_the_page_on_a_phone(server: str, page: Page) -> None:
    open_at(page, server, f"/explorer?{SIGMOID}", (390, 844))
    title = page.get_by_role("heading", level=1)
    box = title.bounding_box()
    hit = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('h1')",
                        [box["x"] + 10, box["y"] + box["height"] / 2])
    assert hit, "something covers the page's title"
    assert page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0


def test_wide_formulas_scroll_inside_their_block_on_a_phone(server: str, page: Page) -> None:
    open_at(page, server, "/explorer?W=4,2,1;-1,0.5,2&x=3,5,6&b=3,-1", (390, 844))
    page.locator('[data-testid="stMain"] .katex-display').first.wait_for()
    # A formula wider than its block must scroll inside it (a clipping parent cut it off).
    found = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMain"] .katex-display')]
        .filter(d => d.scrollWidth > d.getBoundingClientRect().width + 1)
        .map(d => getComputedStyle(d).overflowX)""")
    assert found, "the worked example should have a formula wider than a phone"
    assert set(found) <= {"auto", "scroll"}, found


CHART_BOXES = """() => Object.fromEntries(['network', 'boundary', 'loss'].map(name => {
  const el = document.querySelector(`.st-key-tr_chart_${name} canvas`);
  const r = el.getBoundingClientRect();
  return [name, {left: r.left, right: r.right, top: r.top, bottom: r.bottom}]; }))"""


def train_charts(page: Page, server: str, size: tuple[int, int]) -> tuple[dict, dict]:
    open_at(page, server, "/train", size)
    expect(page.locator('[data-testid="stEChartsChart"]')).to_have_count(TRAIN_CHARTS)
    page.wait_for_timeout(600)
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    return page.evaluate(CHART_BOXES), main


def test_train_shows_network_and_output_on_one_projector_screen(server: str,
                                                                 page: Page) -> None:
    boxes, _ = train_charts(page, server, (1280, 720))
    net, out = boxes["network"], boxes["boundary"]
    assert net["bottom"] <= 720 and out["bottom"] <= 720, boxes
    assert net["right"] <= out["left"] or out["right"] <= net["left"]  # side by side


def test_train_charts_use_a_wide_screen(server: str, page: Page) -> None:
    boxes, main = train_charts(page, server, (1920, 1080))
    net, out = boxes["network"], boxes["boundary"]
    assert net["top"] < out["bottom"] and out["top"] < net["bottom"], boxes  # one row
    used = (net["right"] - net["left"]) + (out["right"] - out["left"])
    assert used >= 0.8 * main["width"], (used, main["width"])
    assert boxes["boundary"]["bottom"] <= 1080


def test_explorer_results_are_as_large_as_the_text_around_them(server: str,
                                                               page: Page) -> None:
    open_at(page, server, "/explorer?W=4,2,1;-1,0.5,2&x=3,5,6&b=3,-1", (1280, 720))
    expect(page.locator('[data-testid="stTable"]').first).to_be_visible()
    body = max(font_px(page, '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p'))
    results = font_px(page, '[data-testid="stMain"] [data-testid="stTable"] td')
    assert results and min(results) >= body - 0.5, (min(results), body)
