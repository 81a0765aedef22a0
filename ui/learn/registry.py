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
}

# where each lesson's links may point: pages built by other parts of the course
LINK_PAGES: dict[str, str] = {
    "explorer": "pages/1_explorer.py",
    "backprop": "pages/2_backprop.py",
    "train": "pages/3_train.py",
    "operations": "pages/5_operations.py",
    "concepts": "pages/6_concepts.py",
}
