"""/concepts through app.py: each topic by link and by widgets, shown numbers equal the core's,
bad links and bad cells refused with a message while the last good values are kept."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import ROOT, no_exception
from streamlit.testing.v1 import AppTest

from core.concepts import collapse_trace, one_neuron, rnn_unroll, transformer_trace
from core.concepts.transformer import default_weights
from ui.format import fmt

PAGE = "pages/6_concepts.py"


def open_concepts(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page(PAGE)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    no_exception(at)
    return at


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption]
    parts += [m.value for m in at.latex] + [str(m.value) for m in at.metric]
    parts += [m.value for m in at.success] + [m.value for m in at.warning]
    parts += [m.value for m in at.info] + [m.value for m in at.error]
    return "\n".join(parts)


def arr(at: AppTest, name: str) -> np.ndarray:
    return at.session_state[f"concepts_arr_{name}"]


def test_default_topic_lists_every_misconception_with_a_demo_link() -> None:
    at = open_concepts()
    shown = text_of(at)
    for heading in ("capture non-linear patterns on their own", "output is always linear",
                    "activation must be linear",
                    "can't learn complex relationships", "only used in fully connected",
                    "most important part"):
        assert heading in shown
    assert "where most of the parameters are" in shown  # the honest answer
    assert "in 1943" in shown  # the source article's date (1956) corrected
    assert at.query_params["topic"] == "misconceptions"


@pytest.mark.parametrize("topic", ["collapse", "xor", "cnn", "rnn", "transformer", "notation"])
def test_each_topic_opens_by_link_and_writes_it_back(topic: str) -> None:
    at = open_concepts({"topic": topic})
    assert at.session_state["concepts_topic"] == topic
    assert at.query_params["topic"] == topic
    assert not at.warning


def test_collapse_link_shows_the_cores_collapsed_layer_and_equality() -> None:
    q = {"topic": "collapse", "W1": "1,2;3,4", "b1": "1,-1", "W2": "1,2;0,1", "b2": "5,0",
         "x": "1,1", "act": "linear"}
    at = open_concepts(q)
    t = collapse_trace([[1, 2], [3, 4]], [1, -1], [[1, 2], [0, 1]], [5, 0], [1, 1])
    assert t.W.tolist() == [[7.0, 10.0], [3.0, 4.0]]
    latex = " ".join(x.value for x in at.latex)
    assert r"\begin{bmatrix} 7 & 10 \\ 3 & 4 \end{bmatrix}" in latex
    assert at.metric[0].value == fmt(t.max_difference, 3) == "0"
    assert any("two linear layers are one linear layer" in s.value for s in at.success)


def test_collapse_activation_widget_breaks_the_equality() -> None:
    at = open_concepts({"topic": "collapse"})
    at.segmented_control(key="concepts_act_select").set_value("relu").run()
    no_exception(at)
    t = collapse_trace(arr(at, "W1"), arr(at, "b1"), arr(at, "W2"), arr(at, "b2"),
                       arr(at, "x"), "relu")
    assert t.max_difference > 0
    assert at.metric[0].value == fmt(t.max_difference, 3)
    assert any("Not equal" in w.value for w in at.warning)
    assert at.query_params["act"] == "relu"


def test_collapse_stepper_walks_every_product_and_the_link_carries_the_step() -> None:
    at = open_concepts({"topic": "collapse", "W1": "1,2;3,4", "b1": "1,-1", "W2": "1,2;0,1",
                        "b2": "5,0", "x": "1,1", "step": "2"})
    assert any("Step 2 of 14" in m.value for m in at.markdown)
    # step 2: the second product of W[1,1] = 1*1 + 2*3 = 7
    assert any("W_{11} = 1 + 6 = 7" in x.value for x in at.latex)
    at.button(key="concepts_collapse_step_next").click().run()
    assert any("Step 3 of 14" in m.value for m in at.markdown)
    assert at.query_params["step"] == "3"


def test_a_step_beyond_the_end_opens_the_last_step_and_says_so() -> None:
    at = open_concepts({"topic": "collapse", "step": "99"})
    assert any("Step 14 of 14" in m.value for m in at.markdown)
    assert any("step 99" in w.value and "14 steps" in w.value for w in at.warning)


def test_xor_one_neuron_count_and_presets() -> None:
    at = open_concepts({"topic": "xor", "w": "2,-1", "bias": "0.5"})
    r = one_neuron([2, -1], 0.5)
    assert at.metric[0].value == f"{r.correct} of 4"
    at.button(key="concepts_xor_and").click().run()
    assert arr(at, "w").tolist() == [1.0, 1.0] and arr(at, "bias").tolist() == [-1.5]
    # The AND line puts only (1, 1) on the z > 0 side: right on (0, 0) only.
    assert one_neuron([1, 1], -1.5).correct == 1
    assert at.metric[0].value == "1 of 4"
    assert at.query_params["bias"] == "-1.5"
    shown = text_of(at)
    assert "w1 + w2 + 2b" in shown and "4 of 4 right" in shown


def test_xor_train_buttons_open_train_on_xor_with_0_and_1_hidden_layers() -> None:
    from ui.concepts.xor_view import TRAIN_LINKS
    from ui.train.link import settings_from_link
    from ui.train.settings import DEFAULTS

    hidden = []
    for _, params in TRAIN_LINKS:
        settings, problems = settings_from_link(params, DEFAULTS)
        assert not problems and settings.dataset == "xor"
        hidden.append(len(settings.hidden))
    assert hidden == [0, 1]


def test_cnn_preset_and_link_image() -> None:
    at = open_concepts({"topic": "cnn", "image": "1,0,0,0;0,1,0,0;0,0,1,0;0,0,0,1"})
    assert [m.value for m in at.metric] == ["diagonal"]
    at.selectbox(key="concepts_image_preset").set_value("horizontal")
    at.button(key="concepts_image_load").click().run()
    assert [m.value for m in at.metric] == ["horizontal bar"]
    assert any("largest difference 0" in s.value for s in at.success)


def test_cnn_pixel_widget_and_link() -> None:
    at = open_concepts({"topic": "cnn", "pixel": "2,3"})
    assert at.number_input(key="concepts_pixel_row").value == 2
    assert any(r"\text{out}_{1}[2,3]" in x.value for x in at.latex)
    at.number_input(key="concepts_pixel_col").set_value(4).run()
    assert at.query_params["pixel"] == "2,4"


def test_rnn_link_stepper_and_length() -> None:
    q = {"topic": "rnn", "W_ih": "2,0;0,1", "b_ih": "0,0", "W_hh": "0.5,0;0,0.5",
         "b_hh": "0,0", "xs": "1,0;0,1", "h0": "0,0", "step": "3"}
    at = open_concepts(q)
    assert any("Step 3 of 6" in m.value for m in at.markdown)
    t = rnn_unroll([[2, 0], [0, 1]], [0, 0], [[0.5, 0], [0, 0.5]], [0, 0], [[1, 0], [0, 1]],
                   [0, 0])
    table = at.table[0].value
    assert table["h_t = tanh(sum)"].iloc[0] == ", ".join(fmt(v) for v in t.hs[0])
    assert table["h_t = tanh(sum)"].iloc[1] == "?"
    at.number_input(key="concepts_rnn_T").set_value(4).run()
    assert arr(at, "xs").shape == (4, 2) and arr(at, "xs")[:2].tolist() == [[1, 0], [0, 1]]
    assert any("Step 0 of 12" in m.value for m in at.markdown)


def test_transformer_seed_widget_changes_the_weights_and_the_tables() -> None:
    at = open_concepts({"topic": "transformer"})
    at.number_input(key="concepts_seed_input").set_value(7).run()
    t = transformer_trace(arr(at, "X"), default_weights(7))
    q_table = at.table[0].value
    assert q_table["q1"].tolist() == [fmt(v) for v in t.Q[:, 0]]
    assert at.query_params["seed"] == "7"


def test_notation_shows_the_explorers_layer_three_ways() -> None:
    at = open_concepts({"topic": "notation", "W": "4,2,1", "x": "3,5,6", "b": "3"})
    latex = [x.value for x in at.latex]
    assert all(r"\begin{bmatrix} 31 \end{bmatrix}" in x for x in latex)
    assert at.session_state["layer_W"].tolist() == [[4.0, 2.0, 1.0]]
    assert any("W0.T + b0" in m.value for m in at.markdown)


def test_topic_widget_switches_and_rewrites_the_link() -> None:
    at = open_concepts({"topic": "xor"})
    at.segmented_control(key="concepts_topic_select").set_value("rnn").run()
    no_exception(at)
    assert at.session_state["concepts_topic"] == "rnn"
    assert at.query_params["topic"] == "rnn"
    assert "W_ih" in at.query_params


BAD_LINKS = {
    "unknown topic": ({"topic": "nope"}, "unknown topic"),
    "wrong shape": ({"topic": "collapse", "W1": "1,2,3"}, "W1 is 1 × 3, it must be 2 × 2"),
    "text cell": ({"topic": "collapse", "b1": "1,abc"}, "is not a number"),
    "bad act": ({"topic": "collapse", "act": "softmax"}, "unknown activation"),
    "bad seed": ({"topic": "transformer", "seed": "-4"}, "must be from 0 to 9999"),
    "bad pixel": ({"topic": "cnn", "pixel": "9,1"}, "must be from 1 to 4"),
    "long sequence": ({"topic": "rnn", "xs": "1,2;1,2;1,2;1,2;1,2"}, "1 to 4 rows of 2"),
    "nan": ({"topic": "xor", "w": "nan,1"}, "NaN"),
}


@pytest.mark.parametrize("case", list(BAD_LINKS))
def test_a_bad_link_keeps_the_values_and_names_the_parameter(case: str) -> None:
    query, expected = BAD_LINKS[case]
    from ui.concepts.state import ARRAYS

    defaults = {f"concepts_arr_{k}": spec.default for k, spec in ARRAYS.items()}
    at = open_concepts(query)
    warning = " ".join(w.value for w in at.warning)
    assert "could not be read" in warning
    assert expected.replace(" ", "") in warning.replace("\\", "").replace(" ", "")
    for k, v in defaults.items():
        assert np.array_equal(at.session_state[k], v), k


def test_link_text_is_never_rendered_as_markdown() -> None:
    at = open_concepts({"topic": "collapse", "act": "![](//evil.example/x)"})
    warning = at.warning[0].value
    assert "![](" not in warning and r"\!\[\]" in warning  # escaped: shown, never an image
    assert at.session_state["concepts_act"] == "linear"


def _cell_script(array: str, text: str) -> None:
    import streamlit as st

    from ui.cell_grid import _on_edit
    from ui.concepts import state as cs
    from ui.concepts.widgets import array_grid

    cs.ensure_state()
    key = f"cells_concepts_{array}"
    st.session_state[key] = {"edit": {"i": 0, "j": 1, "text": text}}
    _on_edit(array, key, cs.CONCEPTS_STORE)
    array_grid(array, array)


@pytest.mark.parametrize("text,expected", [("abc", "'abc' is not a number"),
                                           ("", "is empty"), ("inf", "infinite"),
                                           ("![](//x/y)", "is not a number")])
def test_a_bad_cell_is_refused_with_an_escaped_message_and_the_value_kept(text: str,
                                                                         expected: str) -> None:
    at = AppTest.from_function(_cell_script, args=("W1", text), default_timeout=20)
    at.run()
    assert not at.exception
    assert at.session_state["concepts_arr_W1"][0, 1] == -1.0  # the default, kept
    message = at.error[0].value
    assert expected in message.replace("\\", "") and "W1[1, 2]" in message.replace("\\", "")
    assert "![](" not in message


def test_a_good_cell_is_written_to_the_concepts_store_only() -> None:
    at = AppTest.from_function(_cell_script, args=("W1", "7.5"), default_timeout=20)
    at.run()
    assert at.session_state["concepts_arr_W1"][0, 1] == 7.5
    assert not at.error
    assert at.session_state["layer_W"][0, 1] == 2.0  # the explorer's layer is untouched


def test_collapse_shows_one_sgd_step_of_both_models_from_the_core() -> None:
    from core.concepts.collapse_training import one_step_comparison

    at = open_concepts({"topic": "collapse"})
    c = one_step_comparison(arr(at, "W1"), arr(at, "b1"), arr(at, "W2"), arr(at, "b2"))
    table = next(t.value for t in at.table if "loss after one step" in t.value.columns)
    assert table["loss after one step"].tolist() == [fmt(c.loss_after_deep),
                                                     fmt(c.loss_after_single)]
    assert c.loss_after_deep != c.loss_after_single
    at.segmented_control(key="concepts_act_select").set_value("tanh").run()
    assert not any("loss after one step" in t.value.columns for t in at.table)


@pytest.mark.parametrize("topic,query", [
    ("collapse", {"W1": "9,9;9,9", "x": "3,3"}), ("xor", {"w": "5,5"}),
    ("cnn", {"image": "1,1,1,1;1,1,1,1;1,1,1,1;1,1,1,1"}), ("rnn", {"h0": "0.5,0.5"}),
    ("transformer", {"X": "1,1,1,1;2,2,2,2;3,3,3,3"})])
def test_reset_puts_the_topics_default_numbers_back(topic: str, query: dict[str, str]) -> None:
    from ui.concepts.state import ARRAYS, TOPIC_ARRAYS

    at = open_concepts({"topic": topic, **query})
    name = next(iter(query))
    assert not np.array_equal(arr(at, name), ARRAYS[name].default)
    at.button(key=f"concepts_reset_{topic}").click().run()
    no_exception(at)
    for n in TOPIC_ARRAYS[topic]:
        assert np.array_equal(arr(at, n), ARRAYS[n].default), n


def test_module_level_examples_are_read_only() -> None:
    from core.concepts import HEAD_W, IMAGE_PRESETS, XOR_X
    from ui.concepts.state import ARRAYS

    for a in (HEAD_W, IMAGE_PRESETS["cross"], XOR_X, ARRAYS["W1"].default):
        with pytest.raises(ValueError):
            a[0] = 1.0


def test_xor_hand_set_equations_are_written_from_the_cores_weights() -> None:
    at = open_concepts({"topic": "xor"})
    latex = [x.value for x in at.latex]
    assert any(r"h_2 = \sigma(-20\,x_1 - 20\,x_2 + 30)" in x for x in latex)
    assert any(r"y = \sigma(20\,h_1 + 20\,h_2 - 30)" in x for x in latex)


def test_rnn_diagram_shows_h_t_only_once_its_step_is_done() -> None:
    from ui.concepts.rnn_view import unrolled_figure

    t = rnn_unroll([[2.0]], [0.0], [[0.5]], [0.0], [[1.0], [-1.0]], [0.0])
    texts = [a.text for a in unrolled_figure(t, 3).layout.annotations if a.text]
    assert f"h_1<br>({fmt(t.hs[0, 0])})" in texts and "h_2<br>(?)" in texts
    texts = [a.text for a in unrolled_figure(t, 6).layout.annotations if a.text]
    assert f"h_2<br>({fmt(t.hs[1, 0])})" in texts


def test_what_the_notation_topic_says_about_the_exports_is_what_they_write() -> None:
    from core import ModelConfig, build_model, numpy_code, pytorch_code

    cfg = ModelConfig(n_inputs=3, hidden=(), activations=(), task="regression", loss="mse")
    model = build_model(cfg, np.random.default_rng(0), np.random.default_rng(1))
    at = open_concepts({"topic": "notation"})
    said = " ".join(m.value for m in at.markdown)
    code_np, code_pt = numpy_code(model, cfg), pytorch_code(model, cfg)
    assert "h = h @ W0.T + b0" in said and "h = h @ W0.T + b0" in code_np
    assert "nn.Linear(in, out)" in said and "nn.Linear(3, 1" in code_pt
    assert "weight.copy_(" in said and "weight.copy_(" in code_pt


def test_collapse_presets_load_layers_whose_product_the_core_computes() -> None:
    at = open_concepts({"topic": "collapse"})
    at.button(key="concepts_collapse_undo").click().run()
    t = collapse_trace(arr(at, "W1"), arr(at, "b1"), arr(at, "W2"), arr(at, "b2"), arr(at, "x"))
    assert t.W.tolist() == [[1.0, 0.0], [0.0, 1.0]]  # W2 is W1's inverse
    assert r"W = W_2 W_1 = \begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}" in at.latex[0].value
    at.button(key="concepts_collapse_squash").click().run()
    t = collapse_trace(arr(at, "W1"), arr(at, "b1"), arr(at, "W2"), arr(at, "b2"), arr(at, "x"))
    assert np.linalg.matrix_rank(t.W) == 1


@pytest.mark.parametrize("topic,shown", [
    ("collapse", "Step by step: every product"), ("xor", "Why 4 of 4 is impossible"),
    ("cnn", "A 1 × 1 convolution is the same Linear"), ("rnn", "nn.RNNCell"),
    ("transformer", "One token through one layer"), ("notation", "How this app's exports"),
    ("misconceptions", "Linear layers are only used in fully connected networks")])
def test_the_topic_widget_opens_every_topic(topic: str, shown: str) -> None:
    at = open_concepts({"topic": "xor" if topic != "xor" else "cnn"})
    at.segmented_control(key="concepts_topic_select").set_value(topic).run()
    no_exception(at)
    assert shown in text_of(at)
    assert at.query_params["topic"] == topic
