"""Presenter mode: large type, high contrast, the sidebar closed and the student-side extras
off screen, for a teacher projecting the course (issue 14).

How it is switched, and why this way:
- A link's `present=1` turns it on and `present=0` off; any other value is refused with a
  notice (which quotes it, escaped) and changes nothing.
- The sidebar toggle "Presenter mode" turns it on and off for this session.
- The mode lives in st.session_state (PRESENT_KEY), not in the URL: the sidebar's page links
  (st.page_link) drop query parameters, and the mode must survive a move to another page.
  Every run then writes it back into the URL (present=1, or no parameter), so the address bar
  is always a link that opens the page as it is shown; ui.url_state keeps `present` when a
  page rewrites its own link (CLASS_PARAMS).

What presenter mode takes off screen (`presenting()` is checked where each is drawn):
the share-link boxes, /train's export/import box, the lesson footer ("Guided lessons that
use this page"), a lesson's "Link to this step" and its teacher notes (they hold the
answers), the class-server caption in the sidebar, and Streamlit's own menu. On
/backprop the introduction paragraph goes and the forward-pass box starts folded.
On the step-by-step views of /operations (batch norm, dropout, L1/L2's many steps) and
/concepts (collapse, RNN) the introduction and the input grids fold into one closed box and
the step's figure sits beside its formula (ui.classroom.present_fold).
The stepper, the views, the results and every notice stay.
"""

from __future__ import annotations

import streamlit as st

from ui.classroom.present_style import inject_presenter_css
from ui.safe_text import user_text

PARAM = "present"
PRESENT_KEY = "_present_mode"  # the session's mode (bool); the toggle mirrors it
TOGGLE_KEY = "present_toggle"  # the sidebar toggle's widget key
NOTICE_KEY = "_present_notice"  # a refused present= value's message, until dismissed
ON, OFF = "1", "0"
COMPONENT = "linear_course_presenter"
WIDGET_KEY = "present_mode_mount"

# Streamlit applies initial_sidebar_state="collapsed" only while the learner has never
# opened or closed the sidebar by hand: after that its own choice, kept in localStorage,
# wins (seen in 1.67's frontend). So when presenter mode starts, and when a new page opens in
# it, this closes an open sidebar once (the teacher may open it again: it is left alone until
# the next page). It marks <html data-present="on"> for the stylesheet-free checks in tests.
_JS = r"""
export default function ({ data }) {
  const root = document.documentElement;
  if (!data.on) {
    delete root.dataset.present;
    window.__presentPath = null;
    return;
  }
  root.dataset.present = "on";
  if (window.__presentPath === window.location.pathname) return;
  window.__presentPath = window.location.pathname;
  const close = (tries) => {  // true once done (closed here, or closed already)
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (bar && bar.getAttribute("data-collapsed") !== "false") return;
    if (bar && button) { button.click(); return; }
    if (tries > 0) setTimeout(() => close(tries - 1), 200);  // not drawn yet: soon
  };
  close(10);
}
"""


def presenting() -> bool:
    """Whether this session is in presenter mode (False before setup_page ran)."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def read_link() -> None:
    """Apply the link's present= (1 on, 0 off, anything else: a notice, nothing changes),
    then write the session's mode back into the URL. Call before st.set_page_config's
    sidebar state is decided (ui.nav.setup_page does)."""
    raw = st.query_params.get(PARAM)
    if raw is not None:
        value = raw.strip()
        if value == ON:
            st.session_state[PRESENT_KEY] = True
        elif value == OFF:
            st.session_state[PRESENT_KEY] = False
        else:
            now = "on" if presenting() else "off"
            st.session_state[NOTICE_KEY] = (
                f"The link's `present={user_text(raw)}` is not understood: use "
                f"`present=1` for presenter mode or `present=0` for the normal page. "
                f"Presenter mode stays {now}.")
    _write_url()


def _write_url() -> None:
    """present=1 in the URL while presenting, no present= otherwise (0 is the default)."""
    if presenting():
        if st.query_params.get(PARAM) != ON:
            st.query_params[PARAM] = ON
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def presenter_hooks(on: bool) -> None:
    """Presenter mode's stylesheet (when on) and the component that closes the sidebar."""
    if on:
        inject_presenter_css()
    mount = st.components.v2.component(COMPONENT, css=":host, div { display: none; }", js=_JS)
    mount(key=WIDGET_KEY, data={"on": on}, width="content")


def _on_toggle() -> None:
    st.session_state[PRESENT_KEY] = bool(st.session_state.get(TOGGLE_KEY))
    _write_url()


def sidebar_toggle() -> None:
    """The "Presenter mode" toggle (drawn inside `with st.sidebar`)."""
    st.session_state[TOGGLE_KEY] = presenting()  # the link may have changed the mode
    st.toggle("Presenter mode", key=TOGGLE_KEY, on_change=_on_toggle,
              help="Large type and strong colours for a projector; the sidebar closes and "
                   "share links, exports and the lesson links are hidden. The arrow keys, "
                   "Page Down / Page Up and Space step through the step-by-step views and "
                   "the lessons. The link gets present=1, so it opens the same way.")


def _dismiss_notice() -> None:
    st.session_state.pop(NOTICE_KEY, None)


def show_notice() -> None:
    """The refused present= value's message in the main area, until dismissed."""
    message = st.session_state.get(NOTICE_KEY)
    if message:
        st.warning(message, icon=":material/co_present:")
        st.button("Dismiss", key="present_notice_ok", on_click=_dismiss_notice)
