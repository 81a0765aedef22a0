"""topic=misconceptions: the source article's misconceptions, each with a one-line answer and a
link to the demo on this page that shows it."""

from __future__ import annotations

import streamlit as st

from ui.concepts.link import share_box

PAGE = "pages/6_concepts.py"

# (heading, one-line answer, topic of the demo, what the demo shows)
MISCONCEPTIONS = (
    ("“Linear layers capture non-linear patterns on their own”",
     "They cannot: W x + b is an affine map (straight lines stay straight), and a stack of "
     "them is one affine map again. The non-linear patterns come from the activations "
     "between the layers.",
     "xor", "A single layer's boundary is a straight line, so XOR stays out of reach."),
    ("“A linear layer's output is always linear”",
     "The layer itself is linear (affine: W x + b); the network's output is non-linear "
     "as soon as a non-linear activation follows it.",
     "collapse", "Switch the activation between two layers and watch the grid bend."),
    ("“Linearity means the activation must be linear too”",
     "No: the linear layer is followed by a non-linear activation (ReLU, sigmoid, tanh); "
     "without one, stacked layers collapse into a single layer.",
     "collapse", "W2(W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2), every product shown."),
    ("“Linear layers can't learn complex relationships”",
     "One layer alone cannot (one neuron can't even do XOR), but linear layers with "
     "activations between them can represent very complex functions.",
     "xor", "One neuron gets at most 3 of 4 XOR points; a 2-2-1 network gets all 4."),
    ("“Linear layers are only used in fully connected networks”",
     "They are everywhere: a CNN's classifier head and its 1 × 1 convolutions, an RNN's "
     "input and hidden maps, a transformer's Q, K, V projections and MLP.",
     "cnn", "Also see Inside an RNN and Inside a transformer."),
    ("“The linear layer is the most important part of a network”",
     "Honestly: it is where most of the parameters are (what gets learned), but the "
     "activation is what makes depth useful; neither works without the other.",
     "collapse", "Without the activation, extra layers add parameters but no power."),
)


def misconceptions_view() -> None:
    st.markdown("The ideas learners most often get wrong about the linear layer, each with a "
                "short answer and a demo you can poke with your own numbers.")
    for heading, answer, topic, demo in MISCONCEPTIONS:
        with st.container(border=True):
            st.markdown(f"**{heading}**")
            st.markdown(answer)
            st.page_link(PAGE, label=f"Show me: {demo}", icon=":material/arrow_forward:",
                         query_params={"topic": topic})
    st.caption("A date to check too: McCulloch and Pitts published their model neuron, a "
               "weighted sum and a threshold, in 1943 (some articles say 1956).")
    for topic, label in (("rnn", "The linear layers inside an RNN"),
                         ("transformer", "The linear layers inside a transformer"),
                         ("notation", "W x + b, x Aᵀ + b or X W + b? The same layer")):
        st.page_link(PAGE, label=label, icon=":material/arrow_forward:",
                     query_params={"topic": topic})
    share_box("misconceptions")
