"""The presenter-mode stylesheet: large type and a palette that survives a washed-out projector.

Large type by one lever: Streamlit sizes its text, paddings and widgets in rem, and the cell
grids (ui/cell_grid.py, inside their own shadow root) size theirs in rem too, so raising the
root font size from the theme's 17 px to PRESENT_FONT_PX scales all of it at once, as a
browser zoom would, but without shrinking the layout's viewport. The figures laid out in px
(ui.style.fixed_figure) keep their size (numbers 20 px): at 1280 x 720 a larger grid pushed
the step's table below the screen.

Contrast: near-black text on white, captions and table headers that are not pale grey,
borders 2 px and dark, a deep-blue accent for the primary button and the progress bar, and
links underlined (colour is never the only sign of a link or of the step reached: the step
counter says "Step k of n" in words).
Selectors use Streamlit's data-testid names and st.container keys, as ui/style.py does.
"""

from __future__ import annotations

import streamlit as st

PRESENT_FONT_PX = 24  # body text at 1280 x 720 (issue 14: at least 24 px)
PHONE_FONT_PX = 19  # below 640 px wide
INK = "#000000"
SECOND_INK = "#1f2937"  # captions, table headers: dark, not the theme's pale grey
ACCENT = "#003a8c"  # deep blue: still blue when a projector washes colours out
RULE = "#111827"
HEADER_PX = 40  # the top bar's height (Streamlit's 3.75 rem would be 90 px at this size)

PRESENTER_CSS = f"""
<style>
html {{ font-size: {PRESENT_FONT_PX}px !important;
  --course-grid-ink: {SECOND_INK}; --course-grid-rule: {RULE}; }}  /* (ui/cell_grid.py) */
/* A phone is not a projector: large, but not so large that a word fills a line. */
@media (max-width: 640px) {{ html {{ font-size: {PHONE_FONT_PX}px !important; }} }}
/* Streamlit draws paragraphs, labels and button text a step below the root size. */
[data-testid="stMarkdownContainer"] :is(p, li):not([data-testid="stMetricValue"] *),
[data-testid="stWidgetLabel"] p,
[data-testid^="stBaseButton"] p, [data-testid="stCaptionContainer"],
[data-testid="stCaptionContainer"] p, [data-testid="stMarkdownContainer"] code,
[data-testid="stCaptionContainer"] code {{
  font-size: 1rem !important; }}
[data-testid="stApp"], [data-testid="stMarkdownContainer"], [data-testid="stWidgetLabel"],
[data-testid="stTable"] td {{ color: {INK}; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *,
[data-testid="stTable"] th {{ color: {SECOND_INK} !important; }}
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; }}  /* (Streamlit fades it) */
/* Less chrome: no menu, little space above the title, a title that leaves room. */
[data-testid="stMainMenu"], [data-testid="stAppDeployButton"], [data-testid="stDecoration"]
  {{ display: none; }}
[data-testid="stExpandSidebarButton"] span {{ color: {INK} !important; }}
/* The top bar keeps only the button that opens the sidebar, in a thin strip. */
[data-testid="stHeader"] {{ height: {HEADER_PX}px; min-height: {HEADER_PX}px; }}
[data-testid="stMainBlockContainer"] {{ padding: {HEADER_PX + 4}px 1.2rem 1rem 1.2rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 1.15rem; padding: 0; line-height: 1.25; }}
[data-testid="stMarkdownContainer"]:has(> [data-testid="stHeadingWithActionElements"]) {{
  margin: 0 !important; }}  /* (Streamlit pulls the next element up under a heading) */
[data-testid="stMainBlockContainer"] h2 {{ font-size: 1.35rem; padding: 0.3rem 0 0 0; }}
[data-testid="stMainBlockContainer"] h3 {{ font-size: 1.2rem; padding: 0.2rem 0 0 0; }}
[data-testid="stMainBlockContainer"] :is(h4, h5, h6) {{ font-size: 1.05rem; padding: 0; }}
/* Tighter spacing, so a step's results and the stepper fit one 1280 x 720 screen. */
[data-testid="stVerticalBlock"] {{ gap: 0.3rem; }}
[data-testid="stMarkdownContainer"] .katex-display {{ margin: 0.2rem 0; }}
[data-testid="stProgress"] > div:first-child:has(> [data-testid="stMarkdownContainer"]:empty)
  {{ display: none; }}  /* (a bar without a label: no empty line above it) */
[data-testid="stMetricValue"] {{ font-size: 1.6rem; line-height: 1.2; }}
/* Tables: dark rules, body-size numbers. */
[data-testid="stTable"] td, [data-testid="stTable"] th {{ font-size: 1rem; line-height: 1.2;
  border: 2px solid {RULE} !important; padding: 0 0.45rem; }}
/* Buttons and the view switcher: a dark 2 px outline; the primary button deep blue. */
[data-testid^="stBaseButton"] {{ border: 2px solid {RULE} !important; color: {INK};
  min-height: 1.8rem; padding: 0 0.6rem; }}
[data-testid^="stBaseButton"]:disabled {{ border-style: dashed !important; color: {SECOND_INK};
  }}  /* a disabled button is told by its dashed outline, not only by its colour */
[data-testid^="stBaseButton-primary"] {{
  background: {ACCENT} !important; border-color: {ACCENT} !important; color: #ffffff
  !important; }}
[data-testid^="stBaseButton-primary"] * {{ color: #ffffff !important; }}
[data-testid^="stBaseButton-primary"]:disabled {{ background: #ffffff !important;
  color: {SECOND_INK} !important; border-style: dashed !important; }}
[data-testid^="stBaseButton-primary"]:disabled * {{ color: {SECOND_INK} !important; }}
/* The progress bar: thick and deep blue on a visible track. */
[data-testid="stProgressBarTrack"] {{ height: 0.5rem; background: #d1d5db; }}
[data-testid="stProgressBarTrack"] > div {{ background: {ACCENT}; }}
/* The view switcher: narrower buttons (one row at 1280 px), the chosen view deep blue. */
button[data-variant="segmented_control"] {{ padding: 0 0.5rem; min-height: 1.8rem;
  border-color: {RULE}; color: {INK}; }}
button[data-variant="segmented_control"][data-selected="true"] {{
  background: {ACCENT} !important; border-color: {ACCENT} !important; }}
button[data-variant="segmented_control"][data-selected="true"] * {{ color: #ffffff !important; }}
/* Expanders and inputs: dark outlines, thin title bars. */
[data-testid="stExpander"] details {{ border: 2px solid {RULE}; }}
[data-testid="stExpander"] summary {{ padding: 0.1rem 0.6rem; }}
[data-baseweb="input"], [data-baseweb="select"] > div {{ border: 2px solid {RULE}; }}
/* Larger labels wrap instead of running out of their box (a phone, a narrow column). */
[data-testid="stPageLink"] :is(a, p, span) {{ white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }}
[data-testid="stMarkdownContainer"] a {{ color: {ACCENT}; text-decoration: underline;
  text-decoration-thickness: 2px; }}
</style>
"""


def inject_presenter_css() -> None:
    """The stylesheet above (a style-only st.html takes no room on the page)."""
    st.html(PRESENTER_CSS)
