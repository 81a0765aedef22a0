"""User text never becomes markup on /train: link values, CSV file names and cells, model
files' names and contents reach messages only through ui.safe_text.user_text (issue 10)."""

from __future__ import annotations

import json
import re

import pytest
from apptest_helpers import no_exception, open_expander, open_page
from test_train_data_io import upload

PAYLOADS = ("![](//h/x)", "[a](javascript:alert(1))", "<img src=x onerror=alert(1)>",
            "**bold**", "$\\LaTeX$")


def _messages(at) -> list[str]:
    return [m.value for kind in (at.warning, at.error, at.info, at.success) for m in kind]


ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash-escaped punctuation character
MARKUP = ("![", "](", "<img", "**", "$")  # what would become an image, a link, HTML, bold, LaTeX


def _assert_inert(at, payload: str) -> None:
    no_exception(at)
    messages = _messages(at)
    assert messages  # the bad value was reported ...
    for text in messages:
        raw = ESCAPED.sub("", text)  # what is left that Markdown would interpret
        assert not [m for m in MARKUP if m in raw], text  # ... but never as markup


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", ["act", "loss", "data", "opt", "lr", "n", "feat", "speed"])
def test_link_values_are_echoed_inert(field: str, payload: str) -> None:
    _assert_inert(open_page("train", {field: payload}), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_names_and_cells_are_echoed_inert(payload: str) -> None:
    at = open_page("train")
    bad_cell = f"x1,x2,label\n1,{payload},0\n2,3,1\n".encode()
    upload(at, "tr_csv", f"{payload}.csv", bad_cell)
    _assert_inert(at, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_model_files_names_and_contents_are_echoed_inert(payload: str) -> None:
    at = open_page("train")
    open_expander(at, "tr_export_open")
    doc = json.dumps({"format": payload, "version": 1}).encode()
    upload(at, "tr_import", f"{payload}.json", doc, "application/json")
    _assert_inert(at, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_column_names_are_shown_inert(payload: str) -> None:
    at = open_page("train")
    rows = "".join(f"{i % 5},{i % 3},{i % 7},{i % 2}\n" for i in range(40))
    upload(at, "tr_csv", "wide.csv", f"{payload},b,c,label\n{rows}".encode())
    no_exception(at)
    note = [c.value for c in at.caption if "plane of" in c.value]
    assert note, [c.value for c in at.caption]
    assert not [m for m in MARKUP if m in ESCAPED.sub("", note[0])], note[0]
