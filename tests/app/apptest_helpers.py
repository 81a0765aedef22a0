"""AppTest helpers, under a unique module name so app and browser tests collect together.

Every page is opened through the real entry point (app.py) and its
pages-directory navigation, exactly as a browser would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = {
    "home": "app.py",
    "explorer": "pages/1_explorer.py",
    "backprop": "pages/2_backprop.py",
    "train": "pages/3_train.py",
    "operations": "pages/5_operations.py",
    "concepts": "pages/6_concepts.py",
}


def open_page(name: str, query: dict[str, str] | None = None, timeout: float = 30) -> AppTest:
    """Run app.py, switch to the page (optionally with query parameters) and run it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    if name != "home":
        at.switch_page(PAGE_FILES[name])
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def open_step(lesson: int, step: int) -> AppTest:
    """/learn at this lesson and step, as its link opens it, with no exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/4_learn.py")
    at.query_params["lesson"] = str(lesson)
    at.query_params["step"] = str(step)
    at.run()
    no_exception(at)
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open a lazy expander (ui.expanders.lazy_expander) as a click would, and rerun."""
    at.session_state[key] = True
    at.run()
    return at


def navigate(at: AppTest, name: str) -> AppTest:
    """Go to another page as a sidebar link does in the browser: the new page opens without the
    old page's query parameters (AppTest's switch_page alone would carry them over)."""
    at.query_params.clear()
    at.switch_page(PAGE_FILES[name])
    at.run()
    return at


def show_me(at: AppTest) -> None:
    """Press the step's checkpoint "Show me"."""
    next(b for b in at.button if b.label == "Show me").click()
    at.run()
    no_exception(at)


def reveal_steps(at: AppTest, lesson: int, steps, back_to: int) -> None:
    """Press Show me on each of these steps of the lesson (as a learner who went there), then
    come back to step back_to: a tool holds back later steps' answers until they are tried
    (ui.learn.hold_back)."""
    for j in steps:
        at.query_params["step"] = str(j)
        at.run()
        show_me(at)
    at.query_params["step"] = str(back_to)
    at.run()
    no_exception(at)
