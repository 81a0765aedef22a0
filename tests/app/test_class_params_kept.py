"""Classroom parameters (present=, hide=, lock=) survive the page rewriting its own link: a
class link stays a class link while a student steps through a walk or edits a number."""

from __future__ import annotations

from apptest_helpers import no_exception, open_page

CLASS = {"present": "1", "hide": "activation", "lock": "1"}


def test_explorer_step_keeps_the_class_parameters():
    at = open_page("explorer", {"view": "steps", "step": "2", **CLASS})
    no_exception(at)
    at.button(key="step_next").click().run()  # update_link from inside the fragment
    assert at.query_params["step"] == "3"
    for name, value in CLASS.items():
        assert at.query_params[name] == value, name


def test_backprop_link_write_keeps_the_class_parameters():
    at = open_page("backprop", {"view": "steps", **CLASS})
    no_exception(at)
    at.run()  # write_link on a full run
    for name, value in CLASS.items():
        assert at.query_params[name] == value, name


def test_a_page_without_class_parameters_adds_none():
    at = open_page("explorer", {"view": "steps", "step": "2"})
    at.button(key="step_next").click().run()
    assert not any(name in at.query_params for name in CLASS)
