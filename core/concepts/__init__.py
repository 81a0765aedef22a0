"""Concept demos as traces: the collapse of stacked linear layers, XOR, and the linear layer
inside CNNs, RNNs and transformers, plus the three notations (all reuse core.Linear and
core.forward_trace; nothing here is a second implementation of Wx + b)."""

from .cnn import (
    CLASSES,
    CONV_B,
    CONV_W,
    HEAD_B,
    HEAD_W,
    IMAGE_LABELS,
    IMAGE_PRESETS,
    conv_1x1_as_linear,
    conv_1x1_direct,
    conv_trace,
    feature_map,
    head_trace,
)
from .collapse import CollapseTrace, collapse_trace, two_layer_network, warped_grid
from .common import apply_over_leading, linear_with
from .notation import NotationForms, notation_forms
from .rnn import MAX_STEPS, RnnTrace, rnn_unroll
from .transformer import TransformerTrace, default_weights, transformer_trace
from .xor import XOR_X, XOR_Y, one_neuron, two_layer_table

__all__ = [
    "CLASSES", "CONV_B", "CONV_W", "HEAD_B", "HEAD_W", "IMAGE_LABELS", "IMAGE_PRESETS",
    "MAX_STEPS", "XOR_X", "XOR_Y", "CollapseTrace", "NotationForms", "RnnTrace",
    "TransformerTrace", "apply_over_leading", "collapse_trace", "conv_1x1_as_linear",
    "conv_1x1_direct", "conv_trace", "default_weights", "feature_map", "head_trace",
    "linear_with", "notation_forms", "one_neuron", "rnn_unroll", "transformer_trace",
    "two_layer_network", "two_layer_table", "warped_grid",
]
