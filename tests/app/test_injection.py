"""Hostile text through every message path stays text (issue 10, "markup injection").

Each test puts one hostile value into a share link on every page, a typed cell or target, the
learning-rate box, a CSV file (cell, header, file name) or a model file (format tag, input name,
file name), then checks the Markdown the page sends: the value is shown (so the message path
really ran) and none of its syntax is left bare. What Chromium makes of the same Markdown is
checked in tests/e2e/test_injection_browser.py."""

from __future__ import annotations

import json
import re

import pytest
from apptest_helpers import no_exception, open_expander, open_page
from streamlit.testing.v1 import AppTest

from ui.safe_text import shown_text
from ui.train.model_io import export_files
from ui.train.session import TrainSession

# hostile value -> what must never appear bare in the Markdown sent (escapes removed first)
HOSTILE = {
    "![](//h/x)": "![",
    "[a](javascript:alert(1))": "](",
    "<img src=x onerror=alert(1)>": "<img",
    "**bold**": "**bold",
    "$\\LaTeX$": "$\\latex",
    ":material/home:": ":material/",
    "https://h.example/x": "://",
}


def messages(at: AppTest) -> list[str]:
    """The Markdown of everything the page wrote as text (messages, captions, markdown)."""
    out = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success"):
        out += [str(el.value) for el in getattr(at, kind)]
    return out


def assert_shown_inert(at: AppTest, value: str) -> None:
    """`value` (at least its first 8 characters, as cut) is on the page as text, and nothing of
    its syntax is bare in any Markdown the page sent."""
    no_exception(at)
    sent = messages(at)
    shown = " ".join(shown_text(m) for m in sent).lower()
    assert value[:8].lower() in shown, (value, sent)
    bare = HOSTILE[value]
    for md in sent:
        unescaped = re.sub(r"\\.", "", md).lower()  # drop every escaped character
        assert bare not in unescaped, (value, md)


@pytest.mark.parametrize("value", list(HOSTILE))
def test_explorer_link(value: str) -> None:
    assert_shown_inert(open_page("explorer", {"act": value}), value)
    assert_shown_inert(open_page("explorer", {"W": value}), value)


@pytest.mark.parametrize("value", list(HOSTILE))
def test_backprop_link_and_typed_target(value: str) -> None:
    at = open_page("backprop", {"loss": value, "t": value, "act": value})
    assert_shown_inert(at, value)
    at.text_input(key="bp_t_text").input(value).run()
    assert_shown_inert(at, value)


@pytest.mark.parametrize("value", list(HOSTILE))
def test_train_link(value: str) -> None:
    at = open_page("train", {"act": value, "data": value, "opt": value, "n": value})
    assert_shown_inert(at, value)


def _typed_lr_script(text: str) -> None:
    import streamlit as st

    from ui.train.settings import check_lr
    from ui.train.state import bind, field_error

    # What the learning-rate box (a selectbox that accepts typed options) does on a new entry.
    widget = bind("tr_lr", "lr", check_lr)
    st.session_state["tr_lr"] = text
    widget["on_change"]()
    field_error("lr")


@pytest.mark.parametrize("value", list(HOSTILE))
def test_typed_learning_rate(value: str) -> None:
    at = AppTest.from_function(_typed_lr_script, args=(value,), default_timeout=20)
    at.run()
    assert at.error
    assert_shown_inert(at, value)


def _grid_script(text: str) -> None:
    import streamlit as st

    from ui import layer_state as ls
    from ui.cell_grid import _on_edit
    from ui.editors import show_error

    ls.ensure_layer_state()
    st.session_state["cells_W"] = {"edit": {"i": 0, "j": 0, "text": text}}
    _on_edit("W", "cells_W")
    show_error("W")


@pytest.mark.parametrize("value", list(HOSTILE))
def test_typed_grid_cell(value: str) -> None:
    at = AppTest.from_function(_grid_script, args=(value,), default_timeout=20)
    at.run()
    assert at.error
    assert_shown_inert(at, value)


def _upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, "text/csv")).run()
    return at


@pytest.mark.parametrize("value", list(HOSTILE))
def test_csv_cell_and_file_name(value: str) -> None:
    data = f"x1,x2,label\n1,2,0\n3,\"{value}\",1\n4,5,0\n6,7,1\n".encode()
    at = _upload(open_page("train"), "tr_csv", value + ".csv", data)
    assert len(at.error) == 1 and "is text, not a number" in shown_text(at.error[0].value)
    assert shown_text(at.error[0].value).count(value[:8]) == 2  # the name and the cell
    assert_shown_inert(at, value)


def test_csv_header_and_a_good_file_with_hostile_column_names() -> None:
    bad = "x1,![](//h/x),![](//H/X),label\n" + "1,2,3,0\n3,4,5,1\n" * 3  # a duplicate name
    at = _upload(open_page("train"), "tr_csv", "a.csv", bad.encode())
    assert at.error and "duplicate column name" in at.error[0].value
    assert_shown_inert(at, "![](//h/x)")
    # A good file whose columns are hostile: the caption and the charts' note name them.
    good = "**bold**,$\\LaTeX$,:material/home:,label\n" + "".join(
        f"{i},{-i},{i % 3},{i % 2}\n" for i in range(12))
    at = _upload(at, "tr_csv", "b.csv", good.encode())
    assert not at.error
    for value in ("**bold**", "$\\LaTeX$"):
        assert_shown_inert(at, value)


@pytest.fixture(scope="module")
def model_file() -> dict:
    sess = TrainSession()
    sess.sync()
    return json.loads(export_files(sess)["model.json"])


@pytest.mark.parametrize("value", list(HOSTILE))
def test_model_file_format_tag_and_file_name(value: str, model_file: dict) -> None:
    doc = dict(model_file, format=value)
    at = open_expander(open_page("train"), "tr_export_open")
    at.file_uploader(key="tr_import").set_value(
        (value + ".json", json.dumps(doc).encode(), "application/json")).run()
    assert at.error and "was not loaded" in shown_text(at.error[0].value)
    assert shown_text(at.error[0].value).count(value[:8]) == 2  # the name and the tag
    assert_shown_inert(at, value)


def test_model_file_with_a_hostile_input_name(model_file: dict) -> None:
    value = "![](//h/x)"
    doc = json.loads(json.dumps(model_file))
    doc["feature_names"] = [value, "x2"]
    at = open_expander(open_page("train"), "tr_export_open")
    at.file_uploader(key="tr_import").set_value(
        ("m.json", json.dumps(doc).encode(), "application/json")).run()
    assert at.error, [m for m in messages(at)]
    assert_shown_inert(at, value)
