"""Home page: the course's front door (start or continue, the course map), then a card per
tool. Run with `make run`."""

import streamlit as st

from ui.learn import bridge
from ui.learn.course import course_map, lessons_or_message, start_button, step_counts
from ui.nav import available_pages, setup_page

setup_page("Home", ":material/home:")

st.title("The linear layer, one number at a time")
st.markdown(
    "Every neural network is built from **linear layers**: each output is a weighted sum of "
    "every input plus a bias, $z = Wx + b$, usually followed by a non-linear **activation** "
    "$a = f(z)$. This course lets you type the numbers yourself and watch every multiply-add, "
    "follow the gradients back element by element, and train small networks live."
)

# The front door: start or continue the course, the course map, then the tools.
course = lessons_or_message()
if course is not None:
    start_button(course)
    st.markdown("#### The course: twelve short lessons")
    st.markdown(next(p.teaser for p in available_pages() if p.path == "pages/4_learn.py"))
    course_map(course)

st.markdown("#### The tools")
st.page_link(
    "pages/1_explorer.py",
    label="Start with the worked example: inputs 3, 5, 6, weights 4, 2, 1, bias 3",
    icon=":material/play_circle:",
    query_params={"W": "4,2,1", "x": "3,5,6", "b": "3"},
)

cards = [p for p in available_pages() if p.path not in ("app.py", "pages/4_learn.py")]
cols = st.columns(max(len(cards), 1))
for col, page in zip(cols, cards, strict=False):
    with col.container(border=True):
        st.subheader(page.title)
        st.markdown(page.teaser)
        st.page_link(page.path, label=f"Open {page.title}", icon=page.icon)

st.markdown(
    "#### What you will learn\n"
    "- Every input connects to every output: $W$ has one row per output and one column per input "
    "(PyTorch stores it as `(out_features, in_features)`).\n"
    "- The layer itself is linear. Non-linear patterns come from the activation after it: "
    "stack two linear layers without one and you get one linear layer, "
    "$W_2(W_1x+b_1)+b_2 = (W_2W_1)x + (W_2b_1+b_2)$.\n"
    "- How gradients flow back through $Wx+b$: $\\partial L/\\partial W = \\delta\\,x^\\top$, "
    "$\\partial L/\\partial b = \\delta$, $\\partial L/\\partial x = W^\\top\\delta$.\n"
    "- Linear layers are everywhere: the classifier head of a CNN, and inside every RNN step, "
    "$h_t = \\tanh(W_x x_t + W_h h_{t-1} + b)$. Batch normalization, dropout and L1/L2 "
    "regularization are operations placed around them."
)
st.caption(
    "A historical note: the artificial neuron as a weighted sum with a threshold goes back to "
    "McCulloch and Pitts, 1943."
)
# Progress from the browser's storage (so "Continue" knows where the learner was).
if course is not None:
    bridge.bridge(step_counts(course))
