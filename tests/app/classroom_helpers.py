"""Helpers for the teacher-link tests (hide=, lock=): which widgets a page shows, and
whether they are disabled, by key."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.safe_text import shown_text

WIDGET_TYPES = ("button", "number_input", "selectbox", "slider", "select_slider", "toggle",
                "checkbox", "text_input", "radio", "multiselect", "button_group",
                "data_editor", "file_uploader", "download_button")


def widgets(at: AppTest) -> dict[str, object]:
    """Every keyed widget on the page (main area and sidebar), by key."""
    found: dict[str, object] = {}
    for kind in WIDGET_TYPES:
        try:
            elements = at.get(kind)
        except Exception:  # noqa: BLE001 - a kind AppTest does not know in this version
            continue
        for e in elements:
            key = getattr(e, "key", None)
            if key:
                found[key] = e
    return found


def expander_labels(at: AppTest) -> list[str]:
    return [e.label for e in at.expander]


def lesson_links(at: AppTest) -> list[str]:
    return [e.label for e in at.get("page_link") if str(e.label).startswith("Lesson ")]


def warnings_shown(at: AppTest) -> str:
    return " ".join(shown_text(w.value) for w in at.warning)


def lock_notice(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown if "locked by your teacher" in m.value)


def editable_copy_url(at: AppTest) -> str:
    buttons = [b for b in at.get("link_button") if "editable copy" in b.proto.label]
    assert len(buttons) == 1, "one editable-copy link on a locked page"
    return buttons[0].proto.url


def query_of(url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


def class_link(at: AppTest, page: str) -> str:
    """The link shown in the page's "Make a class link" box (opened first)."""
    codes = [c.value for c in at.code if f"/{page}" in c.value and ("hide=" in c.value
                                                                   or "lock=" in c.value)]
    assert codes, "the class link box shows the link"
    return codes[0]


def forced(widget):
    """`widget` as a forged message would reach the server: AppTest refuses to set a
    disabled widget (as the browser does), so this lifts its disabled flag in the test's copy
    only; the server's callback must still refuse the value."""
    widget.proto.disabled = False
    return widget


def grid_data(at: AppTest) -> list[dict]:
    """The data every cell grid (ui.cell_grid) on the page was sent."""
    import json

    return [json.loads(e.proto.json) for e in at.get("bidi_component")
            if e.proto.component_name == "linear_course_cell_grid"]
