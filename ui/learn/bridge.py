"""The browser side of the course: progress in the browser's localStorage, and the keyboard.

A small st.components.v2 component (built like ui/cell_grid.py). Nothing about a learner is
stored on the server: the session holds a copy of the progress while the tab is open, and the
component writes it to localStorage on every change and reads it back when a page opens (a
reload, a new tab in the same browser), merging the two (a step done in either is done).

Progress, as JSON: {"done": {"1": [1, 2, 3]}, "checks": {"1": [2]}, "last": [1, 3]}: the
steps completed and the checkpoints answered per lesson (numbers from 1), and where the
learner was last. What comes back from the browser is untrusted and is checked entry by entry
(`clean`): anything that is not a known lesson and step is dropped.

Keyboard (when `keys` is on, i.e. on a lesson): ArrowRight / PageDown / Space go to the next
step and ArrowLeft / PageUp to the previous one (a presenter's clicker sends PageDown /
PageUp), but only when the focus is not in something that uses those keys itself (a text box,
a slider, a select box, radio buttons, tabs; for Space also a focused button, link, check box
or toggle, which Space activates). A stepper inside the lesson (ui.classroom.keyboard) takes
the keys first while it has steps left in that direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

COMPONENT = "linear_course_progress"
STORAGE_KEY = "linear-course-progress-v1"
KEY_PROGRESS = "learn_progress"  # this session's copy, in the canonical form below
WIDGET_KEY = "learn_bridge"

_JS = r"""
const NAV_KEYS = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "prev",
                   PageUp: "prev" };
const OWN_KEYS = ["slider", "tab", "radio", "option", "combobox", "listbox", "spinbutton",
                  "textbox", "menuitem", "grid", "gridcell"];
// Space also activates a focused button, link, check box, toggle or expander title: it
// keeps doing that (Tab + Space), and moves the lesson only from anywhere else.
const SPACE_TAGS = ["BUTTON", "A", "SUMMARY", "LABEL"];
const SPACE_ROLES = ["button", "link", "checkbox", "switch", "menuitemcheckbox",
                     "menuitemradio"];

function canon(value) {  // sorted keys and sorted number lists, so equal progress compares equal
  if (Array.isArray(value)) return value.slice();
  if (value && typeof value === "object") {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = canon(value[k]);
    return out;
  }
  return value;
}

function merge(stored, current) {
  const out = { done: {}, checks: {}, last: current.last || stored.last || null };
  for (const part of ["done", "checks"]) {
    const a = (stored && typeof stored[part] === "object" && stored[part]) || {};
    const b = (current && current[part]) || {};
    for (const lesson of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const steps = new Set([...(Array.isArray(a[lesson]) ? a[lesson] : []),
                             ...(Array.isArray(b[lesson]) ? b[lesson] : [])]);
      const list = [...steps].filter((s) => Number.isInteger(s)).sort((x, y) => x - y);
      if (list.length) out[part][lesson] = list;
    }
  }
  return canon(out);
}

function usesKeys(el, key) {
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    if (!(node instanceof Element)) break;
    const tag = node.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable) {
      return true;
    }
    if (OWN_KEYS.includes(node.getAttribute("role"))) return true;
    if (key === " " && (SPACE_TAGS.includes(tag)
                        || SPACE_ROLES.includes(node.getAttribute("role")))) return true;
  }
  return false;
}

export default function ({ parentElement, data, setTriggerValue }) {
  let stored = {};
  try { stored = JSON.parse(window.localStorage.getItem(data.storage_key) || "{}") || {}; }
  catch (e) { stored = {}; }
  const merged = merge(stored, data.progress || {});
  try { window.localStorage.setItem(data.storage_key, JSON.stringify(merged)); } catch (e) {}
  const host = parentElement;
  // Once per page load: hand what the browser remembers to the session (which checks it).
  if (!host.__loaded) {
    host.__loaded = true;
    if (JSON.stringify(merged) !== JSON.stringify(canon(data.progress || {}))) {
      setTriggerValue("loaded", merged);
    }
  }
  if (host.__onKey) document.removeEventListener("keydown", host.__onKey);
  host.__onKey = null;
  if (data.keys) {
    host.__count = host.__count || 0;
    host.__onKey = (e) => {
      const dir = NAV_KEYS[e.key];
      if (!dir || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
      const target = (e.composedPath && e.composedPath()[0]) || e.target;
      if (usesKeys(target, e.key) || usesKeys(document.activeElement, e.key)) return;
      e.preventDefault();
      host.__count += 1;
      setTriggerValue("nav", { dir: dir, n: host.__count });
    };
    document.addEventListener("keydown", host.__onKey);
    document.documentElement.dataset.courseKeys = "on";  // (tests wait for this)
  } else {
    delete document.documentElement.dataset.courseKeys;
  }
  return () => {
    if (host.__onKey) document.removeEventListener("keydown", host.__onKey);
    host.__onKey = null;
    delete document.documentElement.dataset.courseKeys;
  };
}
"""

_CSS = ":host, div { display: none; }"


def empty() -> dict:
    return {"done": {}, "checks": {}, "last": None}


def _steps(raw: object, count: int) -> list[int]:
    if not isinstance(raw, list):
        return []
    return sorted({s for s in raw if type(s) is int and 1 <= s <= count})


def clean(raw: object, step_counts: Sequence[int]) -> dict:
    """Progress from the browser, keeping only known lessons (1..len(step_counts)) and steps;
    the canonical form the component compares against."""
    out = empty()
    if not isinstance(raw, dict):
        return out
    for part in ("done", "checks"):
        table = raw.get(part)
        if not isinstance(table, dict):
            continue
        for key, steps in table.items():
            if not (isinstance(key, str) and key.isdigit()):
                continue
            lesson = int(key)
            if 1 <= lesson <= len(step_counts):
                kept = _steps(steps, step_counts[lesson - 1])
                if kept:
                    out[part][str(lesson)] = kept
    last = raw.get("last")
    if (isinstance(last, list) and len(last) == 2 and all(type(v) is int for v in last)
            and 1 <= last[0] <= len(step_counts) and 1 <= last[1] <= step_counts[last[0] - 1]):
        out["last"] = list(last)
    return out


def progress() -> dict:
    return st.session_state.setdefault(KEY_PROGRESS, empty())


def merge_into_session(loaded: dict) -> None:
    """A step done in either copy is done; the session's `last` wins (it is where the learner
    is now), the browser's is used when the session has none."""
    mine = progress()
    for part in ("done", "checks"):
        for lesson, steps in loaded[part].items():
            mine[part][lesson] = sorted(set(mine[part].get(lesson, [])) | set(steps))
    if mine["last"] is None:
        mine["last"] = loaded["last"]


def mark(part: str, lesson: int, step: int) -> None:
    """Record a completed step ('done') or an answered checkpoint ('checks')."""
    table = progress()[part]
    steps = set(table.get(str(lesson), []))
    if step not in steps:
        table[str(lesson)] = sorted(steps | {step})


def set_last(lesson: int, step: int) -> None:
    progress()["last"] = [lesson, step]


def is_marked(part: str, lesson: int, step: int) -> bool:
    return step in progress()[part].get(str(lesson), [])


def bridge(step_counts: Sequence[int], on_nav: Callable[[str], None] | None = None) -> None:
    """Mount the component: sync progress with localStorage; with on_nav, the keyboard calls
    on_nav("next" | "prev")."""
    mount = st.components.v2.component(COMPONENT, css=_CSS, js=_JS)

    def _on_loaded() -> None:
        event = (st.session_state.get(WIDGET_KEY) or {}).get("loaded")
        merge_into_session(clean(event, step_counts))

    def _on_nav() -> None:
        event = (st.session_state.get(WIDGET_KEY) or {}).get("nav")
        if on_nav is not None and isinstance(event, dict) and event.get("dir") in ("next",
                                                                                   "prev"):
            on_nav(event["dir"])

    mount(key=WIDGET_KEY, data={"progress": progress(), "keys": on_nav is not None,
                                "storage_key": STORAGE_KEY},
          on_loaded_change=_on_loaded, on_nav_change=_on_nav, width="content")
