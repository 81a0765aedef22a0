"""/train — train a small network live: data, features, layers, optimizer; the loss curves, the
decision boundary, the network's weights and each neuron's map redraw while it learns.

Thin page: settings widgets (ui.train.*) -> TrainSession (core Trainer) -> live fragments that
train for a time budget per tick and redraw the charts (ui.figures.*). The sidebar is drawn
last (its place on screen does not depend on it), so after a click the results reach the
browser first.
"""

import streamlit as st

from ui.classroom.teacher_link import class_notice
from ui.learn.footer import lesson_footer
from ui.nav import setup_page
from ui.train.data_controls import data_controls
from ui.train.export_view import export_box
from ui.train.link import apply_link, link_warning, share_box
from ui.train.live import control_bar, live_view
from ui.train.model_controls import network_controls, training_controls
from ui.train.state import get_session, left_page

setup_page("Train a network", ":material/model_training:")
sess = get_session()
if left_page():
    sess.pause()  # coming back from another page: training stopped when the learner left
apply_link(sess)

st.title("Train a network")
link_warning()
class_notice("train")  # a teacher's link: unknown hide= names, the lock notice
epoch_slot = control_bar(sess)
if sess.trainer is not None:
    live_view(sess, epoch_slot)
export_box()
share_box()

lesson_footer("train")  # the guided lessons that use this page
data_controls()
network_controls()
training_controls()
