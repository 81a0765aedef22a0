"""/concepts — why the activation matters, and the linear layer inside CNNs, RNNs and
transformers: one view per topic= (collapse, xor, cnn, rnn, transformer, notation).

Thin page: widgets (ui.concepts.*) -> core traces (core.concepts) -> figure builders -> render.
"""

import streamlit as st

from ui.classroom.teacher_link import class_notice, shown
from ui.concepts import state as cs
from ui.concepts.cnn_view import cnn_view
from ui.concepts.collapse_view import collapse_view
from ui.concepts.link import apply_link, link_warning
from ui.concepts.misconceptions_view import misconceptions_view
from ui.concepts.notation_view import notation_view
from ui.concepts.rnn_view import rnn_view
from ui.concepts.transformer_view import transformer_view
from ui.concepts.xor_view import xor_view
from ui.learn.footer import lesson_footer
from ui.nav import setup_page
from ui.widget_sync import show

VIEWS = {"misconceptions": misconceptions_view, "collapse": collapse_view, "xor": xor_view,
         "cnn": cnn_view, "rnn": rnn_view, "transformer": transformer_view,
         "notation": notation_view}


def _on_topic() -> None:
    cs.set_topic(st.session_state["concepts_topic_select"])


setup_page("Concepts", ":material/lightbulb:")
cs.ensure_state()
apply_link()

st.title("Concepts: the activation, and linear layers everywhere")
link_warning()
class_notice("concepts")  # a teacher's link: unknown hide= names, the lock notice
topic = show("concepts_topic_select", cs.topic())
if shown("topics"):
    st.segmented_control("Topic", list(cs.TOPICS), format_func=cs.TOPICS.get, default=topic,
                         key="concepts_topic_select", on_change=_on_topic, required=True,
                         label_visibility="collapsed")
VIEWS[cs.topic()]()
lesson_footer("concepts")  # the guided lessons that use this page
