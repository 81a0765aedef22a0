"""topic=transformer: three tokens of width 4; Q, K, V = X W^T + b and the block's MLP
(Linear -> ReLU -> Linear): each one Linear applied to every token."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.concepts import default_weights, transformer_trace
from core.concepts.transformer import D_MLP, D_MODEL, PROJECTIONS, TOKENS
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.concepts import state as cs
from ui.concepts.link import MAX_SEED, share_box
from ui.concepts.widgets import array_grid, number_table, reset_button, terms_latex
from ui.format import fmt
from ui.highlight import NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import part
from ui.whole_number import whole_number_box
from ui.wrap_row import wrap_row

LAYERS = {"Q": "W_Q (query)", "K": "W_K (key)", "V": "W_V (value)", "W_1": "MLP Linear 1",
          "W_2": "MLP Linear 2"}


@unless_locked
def _set_seed(seed: int) -> None:
    st.session_state[cs.KEY_SEED] = seed


def transformer_view(link: bool = True, highlight: Highlight = NONE,
                     conceal: Conceal = SHOW_ALL) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    highlight: what a lesson step's text refers to (cells of Q, K, V; the MLP). conceal:
    cells of Q, K, V written "?" (in the tables and the token's written-out sum) until a
    lesson's checkpoint is answered."""
    st.markdown("In a transformer block every token is a vector (here 3 tokens of width 4, "
                "the rows of X). The query, key and value projections are Linear layers: "
                "**Q = X W_Qᵀ + b_Q** (torch.nn.Linear over the leading, token dimension), "
                "K and V the same way. After attention, the block's MLP, **Linear(4, 8) → "
                "ReLU → Linear(8, 4)**, is applied to every token on its own.")
    left, right = wrap_row(["content", 320], gap="large")
    with left:
        array_grid("X", "Tokens X (3 × 4)", "Row t is token t's vector.")
    with right:
        if shown("settings"):
            whole_number_box("Weights from seed", "concepts_seed_input",
                             st.session_state[cs.KEY_SEED], 0, MAX_SEED, _set_seed,
                             disabled=locked(),
                             help="The projection and MLP weights: small random numbers with "
                                  "one decimal, the same for every token.")
        reset_button("transformer")
    weights = default_weights(st.session_state[cs.KEY_SEED])
    t = transformer_trace(cs.get("X"), weights)
    tokens = [f"token {i + 1}" for i in range(TOKENS)]
    cols = st.columns(3)
    for col, p in zip(cols, PROJECTIONS, strict=True):
        with col:
            st.markdown(f"**{p} = X W_{p}ᵀ + b_{p}** (3 × 2)")
            values = getattr(t, p)
            number_table(values, tokens, [f"{p.lower()}1", f"{p.lower()}2"],
                         highlight.cells(p, values.shape), conceal.cells(p, values.shape))
    with part(highlight, "mlp"):
        st.markdown("**MLP: H = ReLU(X W_1ᵀ + b_1) (3 × 8), then H W_2ᵀ + b_2 (3 × 4)**")
        number_table(t.hidden, tokens, [f"h{j + 1}" for j in range(D_MLP)])
        number_table(t.mlp, tokens, [f"out{j + 1}" for j in range(D_MODEL)])
    st.markdown("##### One token through one layer, every product")
    c1, c2 = st.columns(2)
    layer = c1.selectbox("Layer", list(LAYERS), format_func=LAYERS.get,
                         key="concepts_tf_layer")
    tok = c2.selectbox("Token", list(range(TOKENS)), format_func=lambda i: tokens[i],
                       key="concepts_tf_token")
    trace = t.token_traces[layer][tok]
    name = {"W_1": "h", "W_2": "out"}.get(layer, layer.lower())
    hidden = (conceal.cells(layer, np.shape(getattr(t, layer))) if layer in PROJECTIONS
              else set())
    for out in trace.outputs:
        st.latex(terms_latex(out.terms, out.bias, out.z, rf"{name}_{{{out.i + 1}}}",
                             hide_result=(tok, out.i) in hidden))
    st.success(f"The same Linear applied to token {tok + 1} alone gives row {tok + 1} of the "
               f"batch result: over all tokens and layers the largest difference is "
               f"{fmt(t.max_token_difference, 3)}.", icon=":material/check_circle:")
    st.caption("Attention itself, softmax(Q Kᵀ / √d) V, mixes the tokens and is not a linear "
               "layer; it is not computed here.")
    with st.expander("The weights (torch.nn.Linear layout: out_features × in_features)"):
        for key in ("W_Q", "W_K", "W_V", "W_1", "W_2"):
            st.markdown(f"**{key}** and **b_{key[2:]}**")
            W = weights[key]
            number_table(W, [f"out {i + 1}" for i in range(W.shape[0])],
                         [f"in {j + 1}" for j in range(W.shape[1])])
    if link:
        share_box("transformer")
