"""/operations?op=penalty through app.py: the total loss with numbers, the per-weight table,
one step with and without, the 2-weight paths and their stepper, bad links and settings."""

from __future__ import annotations

import pytest
from ops_helpers import link, open_ops, texts


def _row(at, weight: str) -> dict:
    table = at.table[0].value
    return table.loc[weight].to_dict()


def test_default_l1_step_with_numbers() -> None:
    at = open_ops({"op": "penalty"})
    shown = texts(at)
    # z = 0.8, data loss (0.8 - 1)^2 = 0.04, penalty 1 * (0.5 + 0.1) = 0.6, total 0.64
    assert r"\mathbf{0.64}" in shown and "Biases are not penalized" in shown
    w12 = _row(at, "W[1,2]")
    assert w12["∂L_data/∂w"] == "-0.8" and w12["after a step without"] == "-0.02"
    assert w12["after a step with"] == "0 (stopped at 0)"
    assert ("W[1,2]: after the data step v = -0.02, |v| ≤ lr·λ = 0.1: the plain step "
            "w − lr·(total gradient) = 0.08 would cross 0, so the rule stops it at exactly 0."
            in shown)
    assert "The rule when an L1 step would cross zero" in shown
    assert "**0** after the step without, **1** after the step with" in shown


def test_l2_link_is_weight_decay() -> None:
    at = open_ops({"op": "penalty", "W": "0.5,-1.5", "b": "0.5", "x": "1,2", "t": "1",
                   "lambda": "1", "kind": "l2", "lr": "0.1"})
    # hand-worked in tests/core/test_ops_penalty.py: (1.05, -0.15) with, (1.1, -0.3) without
    assert _row(at, "W[1,1]")["after a step with"] == "1.05"
    assert _row(at, "W[1,2]")["after a step with"] == "-0.15"
    assert _row(at, "W[1,2]")["penalty gradient λ·w"] == "-1.5"
    assert r"\tfrac{1}{2}" in texts(at) and r"\mathbf{10.25}" in texts(at)
    got = link(at)
    assert got["kind"] == "l2" and got["W"] == "0.5,-1.5" and got["lambda"] == "1"


def test_kind_and_lambda_by_widget() -> None:
    at = open_ops({"op": "penalty"})
    at.radio(key="ops_ch_kind").set_value("l2").run()
    assert link(at)["kind"] == "l2"
    at.text_input(key="ops_in_lam").set_value("0").run()
    assert r"\mathbf{0.04}" in texts(at) and link(at)["lambda"] == "0"


def test_path_view_l1_reaches_zero_l2_does_not() -> None:
    at = open_ops({"op": "penalty", "view": "path", "steps": "200", "step": "200"})
    shown = texts(at)
    assert "Step 200 of 200" in shown and "weights exactly 0: **1**" in shown
    summary = at.table[-1].value
    assert summary.loc["L1", "final w"] == "(1.5, 0)"
    assert summary.loc["L1", "weights exactly 0"] == "1"
    assert summary.loc["L2", "weights exactly 0"] == "0"
    assert summary.loc["L2", "first exact 0 at step"] == "never"
    at.button(key="ops_pen_reset").click().run()
    assert "Step 0 of 200" in texts(at) and link(at)["step"] == "0"


def test_diverging_path_says_so() -> None:
    at = open_ops({"op": "penalty", "view": "path", "lr": "2", "lambda": "0", "steps": "500"})
    assert "grew past 10⁶" in " ".join(w.value for w in at.warning)


def test_sizes_by_widget() -> None:
    at = open_ops({"op": "penalty"})
    at.selectbox(key="ops_pen_n").set_value(2).run()
    assert at.session_state["ops_pen_W"].shape == (2, 2)
    assert at.session_state["ops_pen_t"].shape == (2,) and len(at.table[0].value) == 4


@pytest.mark.parametrize("query, field", [
    ({"lambda": "20"}, "lambda"), ({"lr": "0"}, "lr"), ({"kind": "l3"}, "kind"),
    ({"b": "1,2"}, "b"), ({"steps": "5000"}, "steps"), ({"start": "1"}, "start"),
    ({"W": "1,2;3"}, "W"),
])
def test_bad_link_fields_fall_back_with_a_warning(query, field) -> None:
    at = open_ops({"op": "penalty"} | query)
    warning = at.warning[0].value
    assert "could not be read completely" in warning and f"`{field}`" in warning
    assert at.session_state["ops_pen_lambda"] == 1.0 and at.session_state["ops_pen_lr"] == 0.1


@pytest.mark.parametrize("setting, text, message", [
    ("lam", "-1", "at least 0"), ("lr", "abc", "is not a number"), ("lr", "0", "above 0"),
    ("start", "1", "needs 2 numbers"), ("steps", "0", "whole number"),
])
def test_bad_typed_settings_are_refused_where_typed(setting, text, message) -> None:
    at = open_ops({"op": "penalty"})
    key = {"lam": "ops_pen_lambda", "lr": "ops_pen_lr", "start": "ops_pen_start",
           "steps": "ops_pen_steps"}[setting]
    before = at.session_state[key]
    at.text_input(key=f"ops_in_{setting}").set_value(text).run()
    assert message in at.error[0].value.replace("\\", "")
    after = at.session_state[key]
    assert (after == before).all() if hasattr(after, "all") else after == before


def test_presets_load_arrays_and_settings() -> None:
    at = open_ops({"op": "penalty"})
    at.selectbox(key="ops_penalty_preset").set_value("wide").run()
    at.button(key="ops_penalty_load").click().run()
    assert at.session_state["ops_pen_W"].shape == (2, 3) and len(at.table[0].value) == 6
    at.selectbox(key="ops_penalty_preset").set_value("l2").run()
    at.button(key="ops_penalty_load").click().run()
    assert link(at)["kind"] == "l2" and link(at)["W"] == "0.5,-1.5"
    assert at.session_state["ops_pen_b"].tolist() == [0.5]
