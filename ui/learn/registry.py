"""The names a lesson file may use for its tools and completion conditions (no Streamlit here,
so the schema check runs without a page). ui.learn.tools and ui.learn.conditions implement
exactly these names; a test checks that both lists agree.
"""

from __future__ import annotations

# tool name -> what it embeds (the page's own component; see ui.learn.tools)
TOOLS: dict[str, str] = {
    "text": "no tool: the step only explains",
    "explorer.compute": "the explorer's Edit & compute view (editors, z and a, equations)",
    "explorer.steps": "the explorer's step-by-step walk through Wx + b",
    "explorer.batch": "the explorer's batch view, Z = X W^T + b",
    "explorer.geometry": "the explorer's geometry view (2 inputs)",
    "backprop.loss": "the backpropagation page's forward pass and loss",
    "backprop.steps": "the backpropagation page's backward step by step",
    "backprop.descent": "the backpropagation page's gradient descent view",
    "backprop.chain": "the backpropagation page's two-layer chain rule view",
    "train": "a small live trainer (the /train page's controls and charts)",
}

# The /operations and /concepts tools (ui.learn.tools_ops): name -> (the preset table it
# needs: batchnorm | dropout | penalty | concepts, the concepts topic or the operation's view,
# what it embeds). Each is the page's own view, drawn with link=False. (The pages' other
# views can join here when a lesson needs them: ui.learn.tools_ops draws any of them.)
PAGE_TOOLS: dict[str, tuple[str, str, str]] = {
    "operations.batchnorm.steps": ("batchnorm", "steps",
                                   "/operations: batch normalization step by step"),
    "operations.dropout.steps": ("dropout", "steps", "/operations: the dropout mask step by step"),
    "operations.dropout.bug": ("dropout", "bug", "/operations: predicting in train mode"),
    "operations.penalty.step": ("penalty", "step", "/operations: one step with L1 or L2"),
    "concepts.collapse": ("concepts", "collapse", "/concepts: stacking collapses"),
    "concepts.cnn": ("concepts", "cnn", "/concepts: the linear layer inside a CNN"),
    "concepts.rnn": ("concepts", "rnn", "/concepts: the linear layers of an RNN step"),
    "concepts.transformer": ("concepts", "transformer",
                             "/concepts: the linear layers of a transformer block"),
}
TOOLS.update({name: what for name, (_, _, what) in PAGE_TOOLS.items()})
# the page tools whose view has a stepper (a step's `walk` opens it at a position)
STEPPER_TOOLS = frozenset({"operations.batchnorm.steps", "operations.dropout.steps",
                           "concepts.rnn"})

# The tools whose views can hold a checkpoint's answer back until an attempt: draw it "?"
# (ui.highlight.Conceal) or stop their stepper before it (every STEPPER_TOOLS tool).
# ui.learn.tools hands these a Conceal.
CONCEALING_TOOLS = frozenset({"explorer.compute", "explorer.batch", "explorer.geometry",
                              "backprop.loss", "backprop.descent", "backprop.chain",
                              "concepts.transformer", "concepts.cnn", "operations.penalty.step",
                              }) | STEPPER_TOOLS

# tools that need a preset (every tool but "text"); train also needs the preset's train table
NEEDS_PRESET = frozenset(TOOLS) - {"text"}
NEEDS_LOSS = frozenset({"backprop.loss", "backprop.steps", "backprop.descent", "backprop.chain"})

# condition kind -> (required parameters, what it waits for)
CONDITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "output_equals": (("output", "value"), "z of one output equals a value"),
    "activation_is": (("name",), "the layer uses a given activation"),
    "walked_to_end": ((), "the step-by-step walk reached its last step"),
    "det_sign": (("sign",), "det W is negative, zero or positive"),
    "loss_below": (("value",), "the backprop loss is below a value (after applied steps)"),
    "test_loss_below": (("value",), "the live trainer's test loss is below a value"),
    "second_layer_on": ((), "the backpropagation page has a second layer"),
    # the /operations and /concepts tools (ui.learn.conditions_ops)
    "op_mode": (("op", "mode"), "an operation (batchnorm, dropout) is in train or eval mode"),
    "op_setting": (("name", "value"), "an /operations setting (p, lambda, kind, ...) is a value"),
    "stepper_at": (("stepper", "step"), "an /operations or /concepts stepper reached step k"),
    "concepts_act": (("name",), "the activation between the collapse's two layers"),
    "cnn_prediction": (("label",), "the CNN head predicts a class"),
    "cnn_pixel": (("row", "col"), "the 1 × 1 convolution shows a pixel"),
}
# the values some of those parameters may take (the schema refuses any other)
CONDITION_VALUES: dict[str, dict[str, tuple]] = {
    "op_mode": {"op": ("batchnorm", "dropout"), "mode": ("train", "eval")},
    "op_setting": {"name": ("p", "seed", "lambda", "kind", "lr", "momentum", "eps")},
    "stepper_at": {"stepper": ("batchnorm", "dropout", "rnn")},
    "concepts_act": {"name": ("linear", "relu", "tanh")},
    "cnn_prediction": {"label": ("vertical bar", "horizontal bar", "diagonal")},
    "cnn_pixel": {"row": (1, 2, 3, 4), "col": (1, 2, 3, 4)},
}

# where each lesson's links may point: pages built by other parts of the course
LINK_PAGES: dict[str, str] = {
    "explorer": "pages/1_explorer.py",
    "backprop": "pages/2_backprop.py",
    "train": "pages/3_train.py",
    "operations": "pages/5_operations.py",
    "concepts": "pages/6_concepts.py",
}
