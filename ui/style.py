"""The app's own CSS (one stylesheet, injected by ui.nav.setup_page on every page) and the one
way to show a figure laid out in pixels.

Why CSS at all: Streamlit's defaults are made for a laptop. On a 1280 x 720 projector the 6 rem
top padding and the 2.75 rem title push the results below the fold; on a phone a wide formula
or figure was cut off at its column's edge. Selectors use Streamlit's stable data-testid names
and st.container keys (.st-key-<key>), never its generated class names.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui.figures.colors import MARK

FIXED_PREFIX = "fixedfig_"  # st.container key prefix of a figure shown at its own size
MARK_PREFIX = "learnmark_"  # st.container key prefix of a part a lesson marks (ui.marks)

CSS = f"""
<style>
/* Less empty space above the title, and a title that leaves room for the content. */
[data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; padding-bottom: 3rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: clamp(1.7rem, 1.2rem + 1.6vw, 2.4rem);
  padding-top: 0.25rem; }}
/* A formula wider than its column scrolls inside its own block instead of being cut off. */
[data-testid="stMarkdownContainer"] .katex-display {{ overflow-x: auto; overflow-y: hidden;
  padding: 0.15rem 0; }}
/* /train: the output map is (about) square once the axes and the colour bar take their
   margins, as large as the first screen allows beside the network. */
.st-key-tr_boundary_box {{ aspect-ratio: 1.12 / 1; width: 100%; min-width: 260px;
  max-width: max(300px, calc(100vh - 330px)); }}
/* Tables of results in body-size text (Streamlit draws them smaller than the text around). */
[data-testid="stTable"] td, [data-testid="stTable"] th {{ font-size: 1rem; }}
/* A metric's value wraps instead of being cut to "1.625 → 0.136…". */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{ white-space: normal;
  overflow: visible; text-overflow: clip; overflow-wrap: anywhere; }}
/* The element holding the help-button script takes no room. */
[data-testid="stElementContainer"]:has(#name-help-buttons) {{ display: none; }}
/* A figure laid out in px keeps its size and scrolls sideways on a narrow screen. */
[class*="st-key-{FIXED_PREFIX}"] {{ overflow-x: auto; overflow-y: hidden; }}
/* The element holding presenter mode's script (ui.classroom.present) and the stepper's
   keyboard (ui.classroom.keyboard) take no room. */
.st-key-present_mode_mount, [class*="st-key-stepkeys_"] {{ display: none; }}
/* prefers-reduced-motion: no animated transitions (Streamlit's own fades and slides, the
   progress bar's glide while Play steps, expanders opening); the steps themselves still
   change at once. */
@media (prefers-reduced-motion: reduce) {{
  *, *::before, *::after {{ transition: none !important; animation: none !important;
    scroll-behavior: auto !important; }}
}}
/* A part a lesson step talks about (ui.marks.part): a dashed outline, with its caption. */
[class*="st-key-{MARK_PREFIX}"] {{ outline: 3px dashed {MARK}; outline-offset: 3px;
  border-radius: 0.5rem; }}
</style>
"""


# Streamlit 1.67 names a widget's help button "Help for <label>", but a Markdown line's help
# button only "Help": a screen reader cannot tell which of four it is. This names each after
# its line ("Help for Weights W"), also after re-renders. A fixed script written here: it reads
# the line's text and sets an attribute (setAttribute never parses markup).
NAME_HELP_BUTTONS = r"""<script id="name-help-buttons">
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const name = () => doc.querySelectorAll(
      '[data-testid="stMarkdownContainer"] [data-testid="stTooltipHoverTarget"] '
      + 'button[aria-label="Help"]').forEach(b => {
    const box = b.closest('[data-testid="stMarkdownContainer"]');
    const tip = b.closest('[data-testid="stTooltipIcon"]');
    const text = [...box.childNodes].map(n => n.contains(tip)
        ? [...n.childNodes].filter(c => !c.contains(tip)).map(c => c.textContent).join('')
        : n.textContent).join(' ').replace(/\s+/g, ' ').trim();
    if (text) b.setAttribute('aria-label', 'Help for ' + text);
  });
  if (!doc.__namesHelpButtons) {
    doc.__namesHelpButtons = true;
    new MutationObserver(name).observe(doc.body, {subtree: true, childList: true,
                                                   attributes: true,
                                                   attributeFilter: ['aria-label']});
  }
  name();
})();
</script>"""


def inject_css() -> None:
    """The stylesheet above (a style-only st.html takes no room on the page), and the script
    that names Markdown help buttons (its empty element is hidden by the stylesheet)."""
    st.html(CSS)
    st.html(NAME_HELP_BUTTONS, unsafe_allow_javascript=True)


def scroll_box(key: str, min_width: int):
    """A container whose chart is never drawn narrower than `min_width` px: on a narrower
    screen it scrolls sideways inside the box. Use as `with scroll_box(...): st.<chart>(...)`."""
    box = f"{FIXED_PREFIX}{key}"
    container = st.container(key=box)
    # Streamlit caps a chart at its column's width unless its element box may be wider.
    container.html(f"<style>.st-key-{box} > [data-testid='stElementContainer']"
                   f":not(:has(style)) {{ min-width: {int(min_width)}px; }}</style>")
    return container


def scaled(fig: go.Figure, scale: float) -> go.Figure:
    """A figure laid out in px (its axes in px, no margins) drawn `scale` times as large:
    the size and every font size scale together, so the cells still hold their numbers."""
    if scale == 1.0:
        return fig
    fig.update_layout(width=int(round(fig.layout.width * scale)),
                      height=int(round(fig.layout.height * scale)))
    for trace in fig.data:
        if getattr(trace, "textfont", None) is not None and trace.textfont.size:
            trace.textfont.size = trace.textfont.size * scale
    for note in fig.layout.annotations:
        if note.font.size:
            note.font.size = note.font.size * scale
    return fig


def fixed_figure(fig: go.Figure, key: str, scale: float = 1.0) -> None:
    """Show a figure at the width and height its layout sets (ui.figures.layer_grid lays its
    grids out in px): numbers keep their size on every screen, and when the column is
    narrower than the figure (a phone) it scrolls sideways inside its own box instead of
    being squeezed until the numbers spill out of their cells. scale: drawn that much
    smaller or larger (a lesson's tool beside its text)."""
    fig = scaled(fig, scale)
    width = int(fig.layout.width or 0)
    box = f"{FIXED_PREFIX}{key}"
    with st.container(key=box):
        if width:  # Streamlit caps a chart at its column's width unless its box may be wider
            st.html(f"<style>.st-key-{box} > [data-testid='stElementContainer']"
                    f":has([data-testid='stPlotlyChart']) {{ min-width: {width}px; "
                    "max-width: none; }</style>")
        st.plotly_chart(fig, width="content", key=key,
                        config={"displayModeBar": False, "staticPlot": True})
