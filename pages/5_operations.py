"""/operations — batch normalization, dropout and L1/L2 regularization around the linear layer,
number by number, in train and in eval mode.

Thin page: widgets (ui.operations.*) -> core traces (core.ops_*) -> figure builders -> render.
"""

import streamlit as st

from ui.classroom.teacher_link import class_notice, shown
from ui.learn.footer import lesson_footer
from ui.nav import setup_page
from ui.operations import state as os_
from ui.operations.batchnorm_view import batchnorm_view
from ui.operations.common import current_step
from ui.operations.controls import sidebar_controls
from ui.operations.dropout_view import dropout_view
from ui.operations.link import KEY_PENDING_STEP, apply_link, share_link_box, show_link_warning
from ui.operations.penalty_view import penalty_view
from ui.widget_sync import show

setup_page("Operations", ":material/tune:")
os_.ensure_state()
apply_link()

st.title("Operations around the layer")
show_link_warning()
class_notice("operations")  # a teacher's link: unknown hide= names, the lock notice


def _on_op() -> None:
    os_.set_op(st.session_state["ops_op_select"] or os_.get_op())


def _on_view(op: str) -> None:
    os_.set_view(op, st.session_state[f"ops_view_{op}"] or os_.get_view(op))


op = os_.get_op()
if shown("operations"):
    st.segmented_control("Operation", list(os_.OPS), format_func=os_.OP_LABELS.get,
                         key="ops_op_select", default=show("ops_op_select", op),
                         on_change=_on_op, label_visibility="collapsed")
view = os_.get_view(op)
views = os_.VIEWS[op]
if shown("parts"):
    st.segmented_control("Part", list(views), format_func=views.get, key=f"ops_view_{op}",
                         default=show(f"ops_view_{op}", view), on_change=_on_view, args=(op,),
                         label_visibility="collapsed")

{"batchnorm": batchnorm_view, "dropout": dropout_view, "penalty": penalty_view}[op](view)
st.session_state.pop(KEY_PENDING_STEP, None)  # a link's step= is for the view it opened
prefix = {"batchnorm": "ops_bn", "dropout": "ops_do", "penalty": "ops_pen"}[op]
share_link_box(op, current_step(prefix) if view in ("steps", "path") else 0)
lesson_footer("operations")  # the guided lessons that use this page
sidebar_controls(op)
