"""Edit & compute view: the three editors beside z = Wx + b and a = f(z), the equation with
numbers, and the shapes and parameter count."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import ForwardTrace, forward_trace
from core.course.layer_setup import LayerValues
from ui import layer_state as ls
from ui.editors import grid_editor, number_editor
from ui.explorer.controls import share_link_box
from ui.format import fmt, latex_num, latex_term, plural
from ui.highlight import CONCEALED, CONCEALED_TEX, NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import table

WORKED_EXAMPLE_NOTE = (
    "**Check the arithmetic.** A widely copied article prints this example as "
    "3·4 + 5·2 + 6·1 = **22** and 22 + 3 = **25**. Work it out yourself: "
    "3·4 = 12, 5·2 = 10, 6·1 = 6, so the weighted sum is 28, and 28 + 3 = **31**."
)


def is_worked_example(v: LayerValues) -> bool:
    return (v.W.tolist() == [[4.0, 2.0, 1.0]] and v.x.tolist() == [3.0, 5.0, 6.0]
            and v.b.tolist() == [3.0])


def compute_area() -> None:
    """The view and the share link from the current canonical layer. The page runs this as a
    fragment: a typed value reruns only this part, so the new output reaches the screen
    sooner (about 30 ms at 8 x 8, benchmarks/bench_explorer_browser.py) and the sidebar is
    not resent; the link (and the URL) are in here because every edit changes them."""
    v = ls.get_values()
    compute_view(v, forward_trace(v.W, v.x, v.b, ls.get_activation()))
    share_link_box()


def compute_view(values: LayerValues, trace: ForwardTrace, highlight: Highlight = NONE,
                 narrow: bool = False, conceal: Conceal = SHOW_ALL) -> None:
    """highlight: what a lesson step's text refers to, outlined in the grids and tables.
    narrow: the view sits in a narrow column (a lesson's tool beside its text): W gets its
    own row whatever its size, as a wide W does. conceal: cells of z and a drawn "?" (in
    the tables and the written-out equations) until the step's checkpoint is answered; a
    concealed z also conceals its a (f(z) is one look-up away)."""
    hide_z = {r for r, _ in conceal.cells("z", (values.n,))}
    hide_a = hide_z | {r for r, _ in conceal.cells("a", (values.n,))}
    plain = st.toggle("Plain number inputs (keyboard and screen-reader friendly)",
                      key="plain_inputs")
    if values.m <= 4 and not narrow:  # small layers: W | x | b | z | a in one row
        c_w, c_x, c_b, c_z, c_a = st.columns([max(values.m, 2) * 1.2, 1.5, 1.5, 1.3, 1.3],
                                             gap="medium")
    else:  # wide W gets its own row, the vectors sit side by side below it
        c_w = st.container()
        c_x, c_b, c_z, c_a = st.columns(4, gap="medium")
    # The results are drawn first: the browser shows them as soon as they arrive, before
    # the editors' (larger) updates.
    with c_z:
        st.markdown("**z = Wx + b**", help="Computed by the core, never typed.")
        # st.table is plain HTML: readable by screen readers and selectable text.
        st.table(table(pd.DataFrame({"z": [CONCEALED if o.i in hide_z else fmt(o.z)
                                          for o in trace.outputs]},
                                    index=[f"z{i + 1}" for i in range(values.n)]),
                       highlight.cells("z", (values.n,))))
    with c_a:
        st.markdown(f"**a = {activation_name(trace.activation)}**")
        st.table(table(pd.DataFrame({"a": [CONCEALED if o.i in hide_a else fmt(o.a)
                                          for o in trace.outputs]},
                                    index=[f"a{i + 1}" for i in range(values.n)]),
                       highlight.cells("a", (values.n,))))

    shapes = {"W": (values.n, values.m), "x": (values.m,), "b": (values.n,)}
    for column, array in ((c_w, "W"), (c_x, "x"), (c_b, "b")):
        with column:
            marked = frozenset(highlight.cells(array, shapes[array]))
            if plain:
                number_editor(array, marked)
            else:
                grid_editor(array, marked)

    shape_note(values)
    if is_worked_example(values):
        st.info(WORKED_EXAMPLE_NOTE, icon=":material/calculate:")
    st.markdown("##### Every output, written out")
    for o in trace.outputs:
        st.latex(output_equation(o, with_terms=values.m <= 5, hide_z=o.i in hide_z,
                                 hide_a=o.i in hide_a))
    if values.m > 5:
        st.caption("With more than 5 inputs the products are listed in the step-by-step view.")


def shape_note(v: LayerValues) -> None:
    n, m = v.n, v.m
    st.caption(
        f"Shapes: W is {n}×{m} (outputs × inputs, PyTorch's `(out_features, in_features)`), "
        f"x has {m} entries, b has {n}. Parameters: {n}·{m} + {n} = **{n * m + n}** "
        f"({plural(n * m, 'weight')} and {plural(n, 'bias', 'biases')}). Every input reaches "
        "every output."
    )


def output_equation(o, with_terms: bool = True, hide_z: bool = False,
                    hide_a: bool = False) -> str:
    """z_i = W_i1 x_1 + ... + b_i = number, then a_i, with the trace's numbers; hide_z /
    hide_a: the result written "?" (the weighted sum too, when z is hidden)."""
    i1 = o.i + 1
    if with_terms:
        terms = " + ".join(rf"{latex_term(t.w)}\cdot{latex_term(t.x)}" for t in o.terms)
    else:
        terms = rf"\textstyle\sum_j W_{{{i1}j}}x_j"
    sum_tex = CONCEALED_TEX if hide_z else latex_num(o.weighted_sum)
    z_tex = CONCEALED_TEX if hide_z else latex_num(o.z)
    a_tex = CONCEALED_TEX if hide_a else latex_num(o.a)
    return (rf"z_{{{i1}}} = {terms} + {latex_term(o.bias)} = {sum_tex}"
            rf" + {latex_term(o.bias)} = \mathbf{{{z_tex}}},\qquad "
            rf"a_{{{i1}}} = {a_tex}")


def activation_name(act: str) -> str:
    """How a = f(z) reads for each activation."""
    return {"linear": "z", "relu": "ReLU(z)", "leaky_relu": "LeakyReLU(z)",
            "sigmoid": "σ(z)", "tanh": "tanh(z)", "softmax": "softmax(z)"}[act]
