"""The stepper's keyboard (ui.stepper): ArrowRight, PageDown and Space press Next; ArrowLeft
and PageUp press Previous. A presenter's clicker sends PageDown / PageUp.

Always on, not only in presenter mode: a learner walking through the steps gets the same
keys as a lesson (ui/learn/bridge.py). A key is left alone when the focus is on something
that uses it itself:
- the arrows: text boxes, number inputs, select boxes, sliders, radio buttons and the view
  switcher (its buttons are radios that move between themselves with the arrows), tabs;
- Page Down / Page Up: text boxes, number inputs, select boxes, sliders, lists;
- Space: anything that Space activates (a focused button, link, check box, toggle,
  expander title): Space keeps pressing that button, so Tab + Space still work as usual.
At either end of the walk a key is not taken either: inside a lesson it then moves the
lesson on (the lesson's own keys see the key, as it was not handled here). The listener is
on `window` in the capture phase, so it acts before the lesson's listener on `document`,
which skips a key already handled (defaultPrevented).

A small st.components.v2 component (as ui/cell_grid.py and ui/learn/bridge.py): it draws
nothing (its element is hidden by ui/style.py's stylesheet) and reports {"dir", "n"}.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

COMPONENT = "linear_course_stepper_keys"
KEY_PREFIX = "stepkeys_"  # + the stepper's prefix: the widget key (hidden by ui/style.py)

_JS = r"""
const NAV = { ArrowRight: "next", PageDown: "next", " ": "next",
              ArrowLeft: "prev", PageUp: "prev" };
const TEXT = ["textbox", "spinbutton", "combobox", "listbox", "slider", "grid", "gridcell"];
const USES = {  // roles that use the key themselves (text fields count for every key)
  arrow: [...TEXT, "radio", "radiogroup", "tab", "tablist", "option", "menuitem", "menu"],
  page: [...TEXT, "menu"],
  space: [...TEXT, "button", "link", "checkbox", "switch", "radio", "tab", "option",
          "menuitem", "menuitemcheckbox", "menuitemradio"],
};
const SPACE_TAGS = ["BUTTON", "A", "SUMMARY", "LABEL"];

function kind(key) {
  return key === " " ? "space" : key.startsWith("Page") ? "page" : "arrow";
}

function usesKey(el, key) {
  const which = kind(key);
  for (let node = el; node && node.nodeType === 1; node = node.parentElement
       || (node.getRootNode && node.getRootNode().host)) {
    const tag = node.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable) {
      return true;
    }
    if (which === "space" && SPACE_TAGS.includes(tag)) return true;
    if (USES[which].includes(node.getAttribute("role"))) return true;
  }
  return false;
}

export default function ({ parentElement, data, setTriggerValue }) {
  const host = parentElement;
  host.__data = { k: data.k, total: data.total };
  if (host.__onKey) window.removeEventListener("keydown", host.__onKey, true);
  host.__count = host.__count || 0;
  host.__onKey = (e) => {
    const dir = NAV[e.key];
    if (!dir || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    const target = (e.composedPath && e.composedPath()[0]) || e.target;
    if (usesKey(target, e.key) || usesKey(document.activeElement, e.key)) return;
    const d = host.__data;
    if (dir === "next" ? d.k >= d.total : d.k <= 0) return;  // an end: the page's key
    e.preventDefault();
    d.k += dir === "next" ? 1 : -1;  // until the fragment redraws: a quick second press
    host.__count += 1;
    setTriggerValue("nav", { dir: dir, n: host.__count });
  };
  window.addEventListener("keydown", host.__onKey, true);
  document.documentElement.dataset.stepperKeys = "on";  // (tests wait for this)
  return () => {
    if (host.__onKey) window.removeEventListener("keydown", host.__onKey, true);
    host.__onKey = null;
    delete document.documentElement.dataset.stepperKeys;
  };
}
"""

_CSS = ":host, div { display: none; }"


def direction(event: object) -> str | None:
    """"next" or "prev" from the component's event; None for anything else (the event comes
    from the browser and is checked, never trusted)."""
    if isinstance(event, dict) and event.get("dir") in ("next", "prev"):
        return str(event["dir"])
    return None


def stepper_keys(prefix: str, k: int, total: int, on_key: Callable[[str], None]) -> None:
    """Mount the keyboard for the stepper `prefix` at step k of total; a key calls
    on_key("next" | "prev") (before the stepper's fragment reruns, as a button's on_click)."""
    mount = st.components.v2.component(COMPONENT, css=_CSS, js=_JS)
    key = f"{KEY_PREFIX}{prefix}"

    def _on_nav() -> None:
        move = direction((st.session_state.get(key) or {}).get("nav"))
        if move is not None:
            on_key(move)

    mount(key=key, data={"k": int(k), "total": int(total)}, on_nav_change=_on_nav,
          width="content")
