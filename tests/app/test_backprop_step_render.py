"""Every backward step of every activation x loss (one and two layers) renders: the figure builds
and the formula shows the trace's own number. Pure functions, no AppTest, so it is fast."""

from __future__ import annotations

import numpy as np
import pytest

from core import ACTIVATIONS
from core.trace.chain import Network, network_trace
from ui.backprop.step_figure import known_masks, step_figure
from ui.backprop.step_text import check_index, layer_parts, phase_title, step_latex
from ui.figures.grad_grid import cell_text
from ui.format import fmt, latex_num


def value_of(trace, step) -> float:
    p = layer_parts(trace, step.layer)
    return {"dA": lambda: p.back.dA[step.i], "delta": lambda: p.back.delta[step.i],
            "dW": lambda: p.back.dW[step.i, step.j], "db": lambda: p.back.db[step.i],
            "dx": lambda: p.back.dx[step.j]}[step.kind]()


def make(act: str, loss: str, two: bool):
    rng = np.random.default_rng(hash((act, loss, two)) % 2**32)
    n = 1 if loss == "bce" and not two else 3
    k = 1 if loss == "bce" else 2
    net = Network(rng.normal(0, 1, (n, 2)), rng.normal(0, 1, n), act,
                  rng.normal(0, 1, (k, n)) if two else None, rng.normal(0, 1, k) if two else None)
    out = net.out_size
    target = {"mse": rng.normal(0, 1, out), "bce": np.array([0.3]), "ce": out - 1}[loss]
    return network_trace(net, rng.normal(0, 1, 2), loss, target)


@pytest.mark.parametrize("two", [False, True])
@pytest.mark.parametrize("loss", ["mse", "bce", "ce"])
@pytest.mark.parametrize("act", list(ACTIVATIONS))
def test_every_step_renders_with_its_number(act, loss, two):
    trace = make(act, loss, two)
    assert step_figure(trace, 0) is not None
    for k, step in enumerate(trace.steps, start=1):
        fig = step_figure(trace, k)
        texts = [t for tr in fig.data for row in tr.text for t in row]
        assert cell_text(value_of(trace, step)) in texts  # the new cell is filled in
        assert fmt(value_of(trace, step)) in texts  # written as the equations write it
        latex = step_latex(trace, step)
        assert f"= {latex_num(value_of(trace, step))}" in latex, (step, latex)
        assert phase_title(trace, step)
        if step.kind in ("dW", "db", "dx"):
            assert check_index(trace, step) is not None


def test_cells_fill_in_as_the_stepper_advances():
    trace = make("tanh", "mse", False)
    total = len(trace.steps)
    before = known_masks(trace, 5, 1)
    after = known_masks(trace, total, 1)
    assert before["dW"].sum() < after["dW"].sum() == after["dW"].size
    assert after["dx"].all() and after["db"].all()
