"""Drive the /operations and /concepts tools embedded in a lesson to the state an action step
asks for, through the tools' own widgets (the mode radio, the p box, the stepper's Next, the
image preset, the pixel inputs), as a learner would."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

STEPPER_PREFIX = {"batchnorm": "ops_bn", "dropout": "ops_do", "rnn": "concepts_rnn_step"}
MODE_KEY = {"batchnorm": "ops_ch_bn_mode", "dropout": "ops_ch_do_mode"}
SETTING_KEY = {"p": "ops_in_p", "lambda": "ops_in_lam", "kind": "ops_ch_kind"}


def op_mode(at: AppTest, c: dict) -> None:
    at.radio(key=MODE_KEY[c["op"]]).set_value(c["mode"])


def op_setting(at: AppTest, c: dict) -> None:
    key = SETTING_KEY[c["name"]]
    if key.startswith("ops_ch_"):
        at.radio(key=key).set_value(c["value"])
    else:
        at.text_input(key=key).input(str(c["value"]))


def stepper_at(at: AppTest, c: dict) -> None:
    key = f"{STEPPER_PREFIX[c['stepper']]}_next"
    for _ in range(int(c["step"])):
        at.button(key=key).click()
        at.run()


def concepts_act(at: AppTest, c: dict) -> None:
    at.button_group(key="concepts_act_select").set_value(c["name"])


def cnn_prediction(at: AppTest, c: dict) -> None:
    preset = {"vertical bar": "vertical", "horizontal bar": "horizontal",
              "diagonal": "diagonal"}[c["label"]]
    at.selectbox(key="concepts_image_preset").set_value(preset)
    at.run()
    at.button(key="concepts_image_load").click()


def cnn_pixel(at: AppTest, c: dict) -> None:
    at.number_input(key="concepts_pixel_row").set_value(int(c["row"]))
    at.run()
    at.number_input(key="concepts_pixel_col").set_value(int(c["col"]))


OPS_DRIVERS = {"op_mode": op_mode, "op_setting": op_setting, "stepper_at": stepper_at,
               "concepts_act": concepts_act, "cnn_prediction": cnn_prediction,
               "cnn_pixel": cnn_pixel}


STEPPER_OF_TOOL = {"operations.batchnorm.steps": "batchnorm",
                   "operations.dropout.steps": "dropout", "concepts.rnn": "rnn"}


def stepper_position(at: AppTest, stepper: str) -> int:
    return int(at.session_state[f"{STEPPER_PREFIX[stepper]}_k"])


def walk_while_next(at: AppTest, stepper: str, seen=None, limit: int = 40) -> int:
    """Press the stepper's Next until it is disabled (the end, or a lesson's hold); seen(at)
    is called at the opening position and after every press. Returns the presses made."""
    key = f"{STEPPER_PREFIX[stepper]}_next"
    if seen is not None:
        seen(at)
    for presses in range(limit):
        if at.button(key=key).disabled:
            return presses
        at.button(key=key).click()
        at.run()
        if seen is not None:
            seen(at)
    raise AssertionError(f"the {stepper} stepper never stopped")
