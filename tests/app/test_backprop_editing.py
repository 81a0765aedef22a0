"""AppTest for /backprop: the sidebar and the editors write the explorer's canonical layer (so
the explorer shows them), the second layer's editors, and the stepper's Play/Pause state."""

from __future__ import annotations

import numpy as np
from apptest_helpers import navigate, no_exception, open_page


def test_editing_W_here_shows_on_the_explorer():
    at = open_page("backprop")
    at.toggle(key="bp_plain_inputs").set_value(True).run()
    at.number_input(key="num_W_0_0").set_value(7).run()
    no_exception(at)
    assert list(at.table[0].value["a"]) == ["40", "10.5"]
    navigate(at, "explorer")
    no_exception(at)
    assert at.session_state["layer_W"][0, 0] == 7.0
    at.toggle(key="plain_inputs").set_value(True).run()
    assert at.number_input(key="num_W_0_0").value == 7.0


def test_sidebar_activation_and_sizes_are_the_explorers():
    at = open_page("backprop")
    at.selectbox(key="bp_act_select").set_value("sigmoid").run()
    at.number_input(key="bp_m").set_value(2).run()
    no_exception(at)
    navigate(at, "explorer")
    assert at.selectbox(key="act_select").value == "sigmoid"
    assert at.number_input(key="m_inputs").value == 2


def test_second_layer_cells_and_size():
    at = open_page("backprop")
    at.toggle(key="bp_two_toggle").set_value(True).run()
    at.number_input(key="bp_k").set_value(2).run()
    no_exception(at)
    assert at.session_state["bp_W2"].shape == (2, 2)
    assert at.selectbox(key="bp_loss_select").options[1].startswith("Cross-entropy")
    assert at.text_input(key="bp_t_text").value == "30, 0"  # targets refitted to k = 2
    at.toggle(key="bp_plain_inputs").set_value(True).run()
    at.number_input(key="bp_num_W2_1_0").set_value(0.5).run()
    no_exception(at)
    assert at.session_state["bp_W2"].tolist() == [[1.0, -1.0], [0.5, 0.0]]
    assert "Step 0 of 25" in [m.value for m in at.markdown if m.value.startswith("**Step")][0]


def test_switching_the_loss_keeps_each_losses_own_target():
    at = open_page("backprop")
    at.selectbox(key="bp_loss_select").set_value("ce").run()
    no_exception(at)
    at.selectbox(key="bp_label_select").set_value(1).run()
    assert at.session_state["bp_label"] == 1
    at.selectbox(key="bp_loss_select").set_value("mse").run()
    assert at.text_input(key="bp_t_text").value == "30, 12"


def test_play_and_pause_flip_the_stepper_state():
    at = open_page("backprop")
    at.button(key="bp_step_play").click().run()
    no_exception(at)
    assert at.session_state["bp_step_playing"]
    assert at.button(key="bp_step_play").label == "Pause"
    at.button(key="bp_step_play").click().run()
    assert not at.session_state["bp_step_playing"]


def test_applying_a_step_with_two_layers_updates_W2_too():
    at = open_page("backprop", {"W2": "0.1,-0.1", "b2": "0", "t": "1", "lr": "0.001"})
    at.segmented_control(key="bp_view").set_value("descent").run()
    assert any(r"W^{(2)}_{\text{new}}" in e.value for e in at.latex)
    before = at.session_state["bp_W2"].copy()
    at.button(key="bp_apply_step").click().run()
    no_exception(at)
    assert not np.array_equal(at.session_state["bp_W2"], before)
    assert at.session_state["layer_W"][0, 0] != 4.0


def test_end_of_part_jumps_to_each_filled_grid():
    at = open_page("backprop")
    seen = []
    for _ in range(5):
        at.button(key="bp_step_part").click().run()
        seen.append(at.session_state["bp_step_k"])
    assert seen == [2, 4, 10, 12, 15]  # dL/da, delta, dL/dW, dL/db, dL/dx
    assert at.button(key="bp_step_part").disabled
