"""/backprop — follow the gradients of a linear layer back, element by element, check them
against finite differences, and take steps of gradient descent.

Thin page: widgets (ui.backprop.*) -> core traces -> figure builders -> render. W, x, b and the
activation are the explorer's canonical ones (ui.layer_state).
"""

import streamlit as st

from core.trace.chain import network_trace
from core.trace.net_gradcheck import check_network
from ui.backprop import state as bs
from ui.backprop.chain_view import chain_view
from ui.backprop.check_view import check_view
from ui.backprop.controls import sidebar_controls
from ui.backprop.descent_view import descent_view
from ui.backprop.edit_view import edit_view
from ui.backprop.link import (
    DEFAULT_VIEW,
    KEY_VIEW,
    VIEWS,
    apply_link,
    share_link_box,
    show_link_warning,
)
from ui.backprop.loss_view import loss_view
from ui.backprop.quiz_view import quiz_view
from ui.backprop.step_view import step_view
from ui.classroom.present import presenting
from ui.classroom.teacher_link import class_notice, class_page, shown
from ui.learn.footer import lesson_footer
from ui.nav import setup_page
from ui.view_switch import current_view, view_switcher

setup_page("Backpropagation", ":material/undo:")
class_page("backprop")  # before the sidebar asks which controls a class link hides
bs.ensure_state()
apply_link()
setup = bs.get_setup()
sidebar_controls(setup)

st.title("Backpropagation, step by step")
show_link_warning()
class_notice("backprop")  # a teacher's link: unknown hide= names, the lock notice
for note in st.session_state.get(bs.KEY_NOTES, []):
    st.info(note, icon=":material/info:")
if not presenting():  # presenter mode: the teacher says it; the steps get the screen
    st.markdown(
        "The loss L measures how far the output is from the target. Backpropagation finds, for "
        "every weight, bias and input, how much L changes when that one number changes: its "
        "**gradient**. Gradient descent then moves every parameter a little against its gradient."
    )
if shown("editor"):
    edit_view(setup.net.two_layers)

trace = network_trace(setup.net, setup.x, setup.loss, setup.target)
checks = check_network(setup.net, setup.x, setup.loss, setup.target, trace.grads())
signature = bs.signature(setup)
# The gradients are hidden while the learner checks themself (they would give the answer away).
loss_view(trace, hide_gradients=current_view(KEY_VIEW, VIEWS, DEFAULT_VIEW) == "quiz")

view = view_switcher(KEY_VIEW, VIEWS, DEFAULT_VIEW)  # a link may have set it (view=)
if view == "steps":
    step_view(trace, checks, signature)
elif view == "check":
    check_view(checks)
elif view == "descent":
    descent_view(setup)
elif view == "chain":
    chain_view(trace)
else:
    quiz_view(trace, signature)

share_link_box(setup, view)

lesson_footer("backprop")  # the guided lessons that use this page
