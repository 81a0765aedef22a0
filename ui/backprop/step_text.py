"""The words and formulas of each backward step, with the trace's numbers substituted.

Pure formatting: every number comes from a core NetworkTrace (or its gradient check); nothing
is computed here. Layer 1 is written W, b, x, z, a; layer 2 W⁽²⁾, b⁽²⁾ with input a, output y
(and z⁽²⁾ = W⁽²⁾a + b⁽²⁾ before its activation f2, when f2 is not linear).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.trace.chain import BackStep, NetworkTrace
from core.trace.net_gradcheck import ParamCheck
from core.trace.trace import BackwardTrace, ForwardTrace
from ui.format import fmt, latex_num, latex_term
from ui.highlight import CONCEALED_TEX

W2_TEX, D2_TEX = "W^{(2)}", r"\delta^{(2)}"  # layer 2's symbols, also used from layer 1


@dataclass(frozen=True)
class LayerParts:
    """One layer's traces and names. W (n, m), inp (m,): x for layer 1, a for layer 2.

    names: plain-text names for figures; tex: LaTeX symbols; key: the gradient-check names."""

    layer: int
    W: np.ndarray
    inp: np.ndarray
    fwd: ForwardTrace
    back: BackwardTrace
    activation: str
    last: bool
    names: dict[str, str]
    tex: dict[str, str]
    key: dict[str, str]


def layer_parts(trace: NetworkTrace, layer: int) -> LayerParts:
    if layer == 2:
        act2 = trace.net.activation2
        z_name, z_tex = ("y", "y") if act2 == "linear" else ("z2", "z^{(2)}")
        return LayerParts(
            2, trace.net.W2, trace.layer1.a, trace.layer2, trace.back2, act2, True,
            {"W": "W2", "b": "b2", "x": "a", "z": z_name, "a": "y"},
            {"W": W2_TEX, "b": "b^{(2)}", "x": "a", "z": z_tex, "a": "y", "d": D2_TEX},
            {"W": "W2", "b": "b2"},
        )
    return LayerParts(
        1, trace.net.W, trace.x, trace.layer1, trace.back1, trace.net.activation,
        not trace.net.two_layers, {"W": "W", "b": "b", "x": "x", "z": "z", "a": "a"},
        {"W": "W", "b": "b", "x": "x", "z": "z", "a": "a", "d": r"\delta"},
        {"W": "W", "b": "b", "x": "x"},
    )


def bmatrix(M: np.ndarray, marked=frozenset(), concealed=frozenset()) -> str:
    """A vector (as a column) or a matrix as a LaTeX bmatrix of the given numbers; marked:
    (row, col) entries boxed (a lesson's highlight; a vector's entries are (k, 0));
    concealed: entries written "?" (a lesson's checkpoint not yet answered)."""
    M = np.asarray(M).reshape(np.shape(M)[0], -1)
    whole = M.size > 1 and len(marked) == M.size  # the whole array: one box around it

    def entry(r: int, c: int, v: float) -> str:
        text = CONCEALED_TEX if (r, c) in concealed else latex_num(v)
        return rf"\boxed{{{text}}}" if (r, c) in marked and not whole else text

    rows = r" \\ ".join(" & ".join(entry(r, c, v) for c, v in enumerate(row))
                         for r, row in enumerate(M))
    tex = rf"\begin{{bmatrix}} {rows} \end{{bmatrix}}"
    return rf"\boxed{{{tex}}}" if whole else tex


def _d(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def phase_title(trace: NetworkTrace, step: BackStep) -> str:
    p = layer_parts(trace, step.layer)
    where = f"Layer {step.layer} · " if trace.net.two_layers else ""
    n = p.names
    if step.kind == "delta":
        if step.layer == 2 and p.activation == "linear":
            return where + "δ⁽²⁾ = ∂L/∂y: layer 2 has no activation"
        if step.layer == 2:
            return where + "δ⁽²⁾ = ∂L/∂z⁽²⁾: back through layer 2's activation f2"
        return where + f"δ = ∂L/∂{n['z']}: back through the activation f"
    return where + {
        "dA": f"the upstream gradient ∂L/∂{n['a']}",
        "dW": f"∂L/∂{n['W']} = δ · {n['x']}ᵀ, one cell at a time",
        "db": f"∂L/∂{n['b']} = δ",
        "dx": f"∂L/∂{n['x']} = {n['W']}ᵀ δ: the gradient for the input",
    }[step.kind]


def _sub(sym: str, *idx: int) -> str:
    return f"{sym}_{{{''.join(str(k + 1) for k in idx)}}}"


def dA_latex(trace: NetworkTrace, layer: int, i: int) -> str:
    """dL/da_i: from the loss for the last layer, from layer 2's W⁽²⁾ᵀδ⁽²⁾ for layer 1."""
    p = layer_parts(trace, layer)
    a = _sub(p.tex["a"], i)
    head = _d("L", a)
    if not p.last:  # the chain rule: layer 2 hands its input gradient back
        terms = trace.back2.dx_terms[i]
        w2, d2 = W2_TEX, D2_TEX
        sym = " + ".join(rf"{_sub(w2, t.i, i)}\,{_sub(d2, t.i)}" for t in terms)
        nums = " + ".join(rf"{latex_term(t.w)}\cdot{latex_term(t.delta)}" for t in terms)
        return rf"{head} = {sym} = {nums} = {latex_num(trace.back1.dA[i])}"
    lt = trace.loss
    value = latex_num(lt.dA[i])
    if lt.kind == "mse":
        return (rf"{head} = \frac{{2}}{{n}}({a} - {_sub('t', i)}) = \frac{{2}}{{{lt.count}}}"
                rf"\,({latex_num(lt.pred[i])} - {latex_term(lt.target[i])}) = {value}")
    if lt.kind == "bce":
        return (rf"{head} = \frac{{\sigma({a}) - {_sub('t', i)}}}{{n}} = "
                rf"\frac{{{latex_num(lt.prob[i])} - {latex_term(lt.target[i])}}}{{{lt.count}}}"
                rf" = {value}")
    hit = int(lt.target[i])
    return (rf"{head} = {_sub('p', i)} - [\,{i + 1} = c\,] = {latex_num(lt.prob[i])} - {hit}"
            rf" = {value}")


def _fprime_latex(p: LayerParts, i: int) -> str:
    z, a = p.fwd.outputs[i].z, p.fwd.outputs[i].a
    fp = latex_num(p.back.fprime[i])
    zi, ai = _sub(p.tex["z"], i), _sub(p.tex["a"], i)
    head = rf"{'f_2' if p.layer == 2 else 'f'}'({zi})"
    if p.activation == "linear":
        return rf"{head} = 1\ (\text{{no activation: }} {ai} = {zi})"
    if p.activation in ("relu", "leaky_relu"):
        side = ">" if z > 0 else r"\le"
        return rf"{head} = {fp}\quad(\text{{because }} {zi} = {latex_num(z)} {side} 0)"
    if p.activation == "sigmoid":
        return rf"{head} = {ai}(1 - {ai}) = {latex_num(a)}\,(1 - {latex_num(a)}) = {fp}"
    return rf"{head} = 1 - {ai}^2 = 1 - {latex_term(a)}^2 = {fp}"


def delta_latex(trace: NetworkTrace, layer: int, i: int) -> str:
    p = layer_parts(trace, layer)
    d, back = _sub(p.tex["d"], i), p.back
    dA = _sub(p.tex["a"], i)
    f = "f_2" if layer == 2 else "f"
    if layer == 2 and p.activation == "linear":
        return (rf"{d} = {_d('L', _sub('y', i))} = {latex_num(back.delta[i])}"
                r"\quad(\text{layer 2 has no activation, so } f' = 1)")
    if p.activation == "softmax":
        n = back.dA.size
        jac = back.jacobian
        a_k, z_i = p.tex["a"] + "_k", _sub(p.tex["z"], i)
        terms = " + ".join(rf"{latex_term(jac[k, i])}\cdot{latex_term(back.dA[k])}"
                           for k in range(n))
        return (rf"{d} = \sum_k \frac{{\partial {a_k}}}{{\partial {z_i}}}\,"
                rf"\frac{{\partial L}}{{\partial {a_k}}} = {terms} = "
                rf"{latex_num(back.delta[i])}")
    # Two lines (f' first, then delta): on one line the pair ran past its column.
    return (r"\begin{gathered}" + _fprime_latex(p, i) + r" \\ "
            + rf"{d} = {_d('L', dA)}\,{f}'({_sub(p.tex['z'], i)}) = "
            rf"{latex_term(back.dA[i])}\cdot{latex_term(back.fprime[i])} = "
            rf"{latex_num(back.delta[i])}\end{{gathered}}")


def step_latex(trace: NetworkTrace, step: BackStep) -> str:
    """The formula of one step with its numbers."""
    p = layer_parts(trace, step.layer)
    t, back, i, j = p.tex, p.back, step.i, step.j
    if step.kind == "dA":
        return dA_latex(trace, step.layer, i)
    if step.kind == "delta":
        return delta_latex(trace, step.layer, i)
    if step.kind == "dW":
        g = back.dW_terms[i * p.W.shape[1] + j]
        return (rf"{_d('L', _sub(t['W'], i, j))} = {_sub(t['d'], i)}\,{_sub(t['x'], j)} = "
                rf"{latex_term(g.delta)}\cdot{latex_term(g.x)} = {latex_num(g.value)}")
    if step.kind == "db":
        return rf"{_d('L', _sub(t['b'], i))} = {_sub(t['d'], i)} = {latex_num(back.db[i])}"
    terms = back.dx_terms[j]
    sym = " + ".join(rf"{_sub(t['W'], g.i, j)}\,{_sub(t['d'], g.i)}" for g in terms)
    nums = " + ".join(rf"{latex_term(g.w)}\cdot{latex_term(g.delta)}" for g in terms)
    return rf"{_d('L', _sub(t['x'], j))} = {sym} = {nums} = {latex_num(back.dx[j])}"


def check_index(trace: NetworkTrace, step: BackStep) -> tuple[str, tuple[int, ...]] | None:
    """Which gradient-check entry sits beside this step (dW, db, dx steps), or None."""
    p = layer_parts(trace, step.layer)
    if step.kind == "dW":
        return p.key["W"], (step.i, step.j)
    if step.kind == "db":
        return p.key["b"], (step.i,)
    if step.kind == "dx":
        return "x", (step.j,)
    return None


def mark(check: ParamCheck, index: tuple[int, ...]) -> str:
    if check.passed[index]:
        return ":green[:material/check_circle: **pass**: they agree]"
    if check.kink[index]:
        return (":orange[:material/warning: at ReLU's corner (z = 0), where the derivative does "
                "not exist]")
    return ":red[:material/cancel: **fail**: they disagree]"


def check_sentence(check: ParamCheck, index: tuple[int, ...], label: str) -> str:
    """One line: the central-difference estimate, the relative error and the mark."""
    return (f"**Gradient check** for {label}: backprop gives **{fmt(check.analytic[index])}**, "
            f"finite differences give **{fmt(check.numeric[index])}**, relative error "
            f"**{check.rel_error[index]:.1e}** · {mark(check, index)}")
