"""/explorer — edit W, x and b as numbers and watch z = Wx + b, one multiply-add at a time.

Thin page: widgets (ui.explorer.*) -> core trace -> figure builders -> render.
"""

import streamlit as st

from core import forward_trace
from ui import layer_state as ls
from ui.classroom.teacher_link import class_notice
from ui.explorer.batch_view import batch_view
from ui.explorer.compute_view import compute_area
from ui.explorer.controls import (
    DEFAULT_VIEW,
    KEY_VIEW,
    VIEWS,
    apply_link,
    share_link_box,
    show_link_warning,
    sidebar_controls,
)
from ui.explorer.geometry_view import geometry_view
from ui.explorer.quiz_view import quiz_view
from ui.explorer.step_view import step_view
from ui.learn.footer import lesson_footer
from ui.nav import setup_page
from ui.view_switch import view_switcher

setup_page("Linear layer", ":material/grid_on:")
ls.ensure_layer_state()
apply_link()

st.title("Linear layer explorer: z = Wx + b")
show_link_warning()
class_notice("explorer")  # a teacher's link: unknown hide= names, the lock notice

view = view_switcher(KEY_VIEW, VIEWS, DEFAULT_VIEW)  # a link may have set it (view=)

if view == "compute":
    st.fragment(compute_area)()  # an edit reruns only the editors, results and share link
else:  # the other views read the layer here (compute_area reads it on each of its runs)
    values = ls.get_values()
    activation = ls.get_activation()
    trace = forward_trace(values.W, values.x, values.b, activation)
    signature = (ls.version(), activation)
    if view == "steps":
        step_view(trace, signature)
    elif view == "batch":
        batch_view(values, activation)
    elif view == "geometry":
        geometry_view(values)
    else:
        quiz_view(trace, signature)
    share_link_box(view)
lesson_footer("explorer")  # the guided lessons that use this page
# Drawn last: the sidebar does not depend on the view, and the main results reach the browser
# first after an edit.
sidebar_controls()
