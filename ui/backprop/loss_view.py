"""The forward pass as a picture and the loss computed step by step (each residual or
probability, then the mean), all from the core's NetworkTrace."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import ACTIVATION_LABELS
from core.trace.chain import NetworkTrace
from core.trace.loss_trace import LossTrace
from ui.backprop.grad_summary import gradient_summary
from ui.classroom.present import presenting
from ui.figures.grad_grid import text_grid
from ui.figures.layer_grid import conceal_blocks, grid_figure, layer_blocks, mark_blocks
from ui.format import fmt, latex_num, latex_term
from ui.highlight import (
    CONCEALED,
    CONCEALED_NOTE,
    CONCEALED_TEX,
    GRADIENT_ARRAYS,
    LOSS_OUTPUTS,
    NONE,
    SHOW_ALL,
    Conceal,
    Highlight,
)
from ui.marks import boxed, rows_of, table
from ui.style import fixed_figure

HOW_LOSSES_READ = (
    "**How the loss reads the output.** Mean squared error compares the output with the "
    "targets directly. The cross-entropy losses read the output as **logits** (raw scores) "
    "and apply the sigmoid (binary) or the softmax (classes) *inside the loss*, exactly as "
    "PyTorch's `BCEWithLogitsLoss` and `CrossEntropyLoss` do: that is numerically safe and makes "
    "the gradient simply *probability − target*. So with a cross-entropy loss the usual "
    "activation on the last layer is **Linear (none)**."
)


def _compact(blocks: list) -> list:
    """Short cell labels, so long decimals fit the cells (the tables show full values)."""
    for bl in blocks:
        if bl.text is None:
            bl.text = text_grid(bl.values)
    return blocks


def forward_picture(trace: NetworkTrace, highlight: Highlight = NONE,
                    scale: float = 1.0, conceal: Conceal = SHOW_ALL) -> None:
    """W | x | b | z | a for layer 1 (and W2 | a | b2 | y for layer 2); highlight: cells a
    lesson step names, outlined dashed (layer 2's are W2, b2 and y); conceal: cells of z, a
    or y drawn "?" (a concealed z[i] also conceals a[i])."""
    n = trace.layer1.z.size
    layer1 = Conceal(conceal.names + tuple(f"a[{r + 1}]" for r, _ in conceal.cells("z", (n,))))
    one = trace.layer1
    blocks = layer_blocks(trace.net.W, trace.x, trace.net.b, z=one.z, a=one.a, act_label="f")
    mark_blocks(blocks, ("W", "x", "b", "z", "a"), highlight)
    conceal_blocks(blocks, ("", "", "", "z", "a"), layer1)
    fixed_figure(grid_figure(_compact(blocks)), key="bp_forward_1", scale=scale)
    if trace.layer2 is not None:
        two, act2 = trace.layer2, trace.net.activation2
        if act2 == "linear":
            st.markdown("**Layer 2** (no activation: its output y goes to the loss)")
            blocks = layer_blocks(trace.net.W2, trace.layer1.a, trace.net.b2, z=two.z)
            titles = ("W2", "a", "b2", "y")
        else:
            st.markdown(f"**Layer 2** with its own activation f2 = {ACTIVATION_LABELS[act2]}: "
                        "y = f2(z2) goes to the loss")
            blocks = layer_blocks(trace.net.W2, trace.layer1.a, trace.net.b2, z=two.z, a=two.a,
                                  act_label="f2")
            titles = ("W2", "a", "b2", "z2", "y = f2(z2)")
        for bl, title in zip(blocks, titles, strict=True):
            bl.title = title
        mark_blocks(blocks, ("W2", "", "b2", "y" if act2 == "linear" else "", "y"), highlight)
        conceal_blocks(blocks, ("", "", "", "y", "y"), conceal)
        fixed_figure(grid_figure(_compact(blocks)), key="bp_forward_2", scale=scale)


def loss_formula(kind: str, out: str) -> str:
    """The loss's definition (no numbers), shown above its table."""
    if kind == "mse":
        return rf"L = \frac{{1}}{{n}}\sum_i ({out}_i - t_i)^2"
    if kind == "bce":
        return (rf"L = \frac{{1}}{{n}}\sum_i -\big[t_i \log p_i + (1 - t_i)\log(1 - p_i)\big],"
                rf"\quad p_i = \sigma({out}_i)")
    return rf"L = -\log p_c,\quad p_i = \frac{{e^{{{out}_i}}}}{{\sum_k e^{{{out}_k}}}}"


def loss_table(lt: LossTrace, out: str, hidden_outputs=frozenset(), hidden_rows=frozenset(),
               hide_terms: bool = False) -> pd.DataFrame:
    """One row per output, the columns the loss goes through (strings, formatted).
    hidden_outputs: rows whose every column but the target is written "?" (the output is
    what a lesson's checkpoint asks for); hidden_rows: rows whose computed columns (after
    the output and the target) are "?"; hide_terms: the summed column written "?"."""
    idx = [f"{i + 1}" for i in range(lt.n)]
    if lt.kind == "mse":
        cols = {out: lt.pred, "t": lt.target, f"{out} − t": lt.residual,
                f"({out} − t)²": lt.terms}
    elif lt.kind == "bce":
        cols = {f"{out} (logit)": lt.pred, f"p = σ({out})": lt.prob, "t": lt.target,
                "−[t log p + (1−t) log(1−p)]": lt.terms}
    else:
        cols = {f"{out} (logit)": lt.pred, f"s = {out} − max": lt.shifted, "eˢ": lt.exps,
                "p = eˢ / Σeˢ": lt.prob, "−log p": lt.terms}
        idx = [f"{i + 1} (class c)" if i == lt.label else f"{i + 1}" for i in range(lt.n)]
    names = list(cols)
    given = {names[0], "t"}  # the output (or logit) and the target: the row's inputs

    def cell(col: str, r: int, v: float) -> str:
        hidden = ((r in hidden_outputs and col != "t") or (r in hidden_rows and col not in given)
                  or (hide_terms and col == names[-1]))
        return CONCEALED if hidden else fmt(v)

    return pd.DataFrame({k: [cell(k, r, v) for r, v in enumerate(vals)]
                         for k, vals in cols.items()}, index=idx)


def loss_latex(lt: LossTrace, marked: bool = False, hidden: bool = False) -> list[str]:
    """The last step(s): the mean (mse, bce), or p_c and -log p_c (ce); marked: the value L
    boxed (a lesson's highlight); hidden: every number after the definition written "?"."""
    if hidden:
        return [rf"L = {boxed(CONCEALED_TEX, marked)}"]
    value = boxed(latex_num(lt.value), marked)
    if lt.kind == "ce":
        c = lt.label + 1
        return [rf"\begin{{aligned}} p_{{{c}}} &= \frac{{e^{{s_{{{c}}}}}}}{{\sum_k e^{{s_k}}}}"
                rf"\\ &= \frac{{{latex_num(lt.exps[lt.label])}}}{{{latex_num(lt.exp_sum)}}} = "
                rf"{latex_num(lt.prob[lt.label])} \end{{aligned}}",
                rf"L = -\log p_{{{c}}} = \mathbf{{{value}}}"]
    terms = " + ".join(latex_term(v) for v in lt.terms)
    if lt.n == 1:
        return [rf"L = \frac{{{terms}}}{{1}} = \mathbf{{{value}}}"]
    # One step per line: with big residuals a single line ran past its column.
    return [rf"\begin{{aligned}} L &= \frac{{{terms}}}{{{lt.count}}} \\ "
            rf"&= \frac{{{latex_num(lt.total)}}}{{{lt.count}}} = \mathbf{{{value}}} "
            rf"\end{{aligned}}"]


def combination_note(trace: NetworkTrace, loss: str) -> str | None:
    """A warning when the activation squashes the scores before a loss that squashes again."""
    act = trace.net.activation2 if trace.net.two_layers else trace.net.activation
    if trace.net.two_layers and act == "linear":
        return None
    if loss == "bce" and act == "sigmoid":
        return ("The output already went through a **sigmoid**, and binary cross-entropy "
                "applies another one: the loss sees σ(σ(z)), which can never go below 0.5. "
                "Choose **Linear (none)** so the loss reads the raw score.")
    if loss == "ce" and act == "softmax":
        return ("The output already went through a **softmax**, and cross-entropy applies "
                "another one: the probabilities get squashed towards equal and the loss "
                "cannot go to 0. Choose **Linear (none)** so the loss reads the raw scores.")
    if loss in ("bce", "ce") and act != "linear":
        z = "z2" if trace.net.two_layers else "z"
        return (f"The loss reads {act}({z}) as its logits. That works (the gradients below are "
                "still exact), but the usual choice before a cross-entropy loss is "
                "**Linear (none)**.")
    return None


# What the loss view can conceal (ui.highlight names): an output cell conceals everything
# computed from it downstream (its loss row, L, the gradients); a loss row conceals what is
# computed in it (a − t, its term), L and the gradients; L conceals L and the summed column;
# any gradient conceals the gradients.
OUTPUTS = LOSS_OUTPUTS  # (ui.highlight.REACH says the same to the lessons)
GRADIENTS = GRADIENT_ARRAYS


def loss_view(trace: NetworkTrace, hide_gradients: bool = False,
              highlight: Highlight = NONE, scale: float = 1.0, narrow: bool = False,
              conceal: Conceal = SHOW_ALL) -> None:
    """Forward picture, the loss and every gradient in an expander (open at first; a teacher
    can fold it away to bring the backward pass up the screen). highlight: what a lesson
    step's text refers to (cells of the pictures, rows of the loss table, L, gradients);
    scale: the pictures' size (smaller in a lesson's column); narrow: the view sits in a
    narrow column (the loss table and its sum stacked, one gradient per line). conceal:
    what a lesson's checkpoint asks for, written "?" until it is answered (see OUTPUTS)."""
    lt = trace.loss
    out = "y" if trace.net.two_layers else "a"
    outputs = set()
    for name in OUTPUTS:
        if name != out and not (name == "z" and out == "a"):
            continue
        outputs |= {r for r, _ in conceal.cells(name, (lt.n,))}
    rows = outputs | {r for r, _ in conceal.cells("loss", (lt.n,))}
    hide_l = bool(rows) or conceal.hides("L")  # L is the mean of the rows' terms
    hide_gradients = hide_gradients or hide_l or any(conceal.hides(g) for g in GRADIENTS)
    label = CONCEALED if hide_l else fmt(lt.value)
    # Presenter mode folds it: the backward steps then fit a projected screen.
    with st.expander(f"Forward pass, loss and gradients: L = {label}",
                     expanded=not presenting(), icon=":material/arrow_forward:"):
        forward_picture(trace, highlight, scale, conceal)
        st.markdown("##### The loss, step by step")
        # Narrow (a lesson's column): the table and the sum under each other, not cut off.
        left, right = ((st.container(), st.container()) if narrow
                       else st.columns([1, 1], gap="large"))
        with left:
            st.latex(loss_formula(lt.kind, out))
            frame = loss_table(lt, out, outputs, rows, conceal.hides("L"))
            st.table(table(frame, rows_of(highlight.cells("loss", (lt.n,)), frame.shape[1])))
        with right:
            for line in loss_latex(lt, highlight.has("L"), hide_l):
                st.latex(line)
            note = combination_note(trace, lt.kind)
            if note:
                st.warning(note, icon=":material/warning:")
            if lt.kind != "mse":
                with st.popover("Why does the loss read logits?", icon=":material/help:"):
                    st.markdown(HOW_LOSSES_READ)
        gradient_summary(trace, hidden=hide_gradients, highlight=highlight, narrow=narrow,
                         note=CONCEALED_NOTE if conceal and hide_gradients else None)
