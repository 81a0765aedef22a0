"""The linear layer in a CNN: the classifier head, and a 1 x 1 convolution.

Head: a 4 x 4 image is flattened (row by row, as torch.flatten) to 16 numbers, a Linear(16, 3)
gives one score per class and softmax turns the scores into probabilities. The head's weights
are the three class templates (vertical bar, horizontal bar, diagonal), centred so an all-equal
image scores 0 everywhere: each score is how much the image looks like its template.

1 x 1 convolution: a (C_in, H, W) feature map and a weight (C_out, C_in, 1, 1) with bias
(C_out,). By PyTorch's Conv2d definition out[o, r, c] = bias[o] + sum_k weight[o, k, 0, 0] *
input[k, r, c]; that is Linear(C_in, C_out) with weight[:, :, 0, 0] applied to the C_in numbers
of every pixel. conv_1x1_direct follows the definition; conv_1x1_as_linear uses core.Linear on
the (H W, C_in) batch of pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..trace.trace import ForwardTrace, forward_trace
from .common import as_array, frozen, linear_with

SIDE = 4
CLASSES = ("vertical bar", "horizontal bar", "diagonal")

IMAGE_PRESETS: dict[str, np.ndarray] = {
    "vertical": frozen([[0, 1, 0, 0]] * 4),
    "horizontal": frozen([[0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]),
    "diagonal": frozen(np.eye(4)),
    "cross": frozen([[0, 1, 0, 0], [1, 1, 1, 1], [0, 1, 0, 0], [0, 1, 0, 0]]),
    "blank": frozen(np.zeros((4, 4))),
}
IMAGE_LABELS = {"vertical": "Vertical bar", "horizontal": "Horizontal bar",
                "diagonal": "Diagonal", "cross": "Cross (bar + bar)", "blank": "Blank"}


def _templates() -> np.ndarray:
    """(3, 16): each class's ideal image, flattened and centred (mean 0), so a blank or
    uniformly grey image scores 0 for every class."""
    vertical = np.zeros((4, 4))
    vertical[:, 1:3] = 1.0  # a vertical bar in either middle column: weights 0.5 and -0.5
    horizontal = vertical.T
    diagonal = np.eye(4)  # weights 0.75 on the diagonal, -0.25 elsewhere
    return np.array([t.reshape(-1) - t.mean() for t in (vertical, horizontal, diagonal)])


HEAD_W = frozen(_templates())  # (3, 16), Linear's (out_features, in_features)
HEAD_B = frozen(np.zeros(3))


@dataclass(frozen=True)
class HeadTrace:
    """flat: (16,) the image row by row; scores: the Linear's trace (its z: the 3 logits, its
    a: the softmax probabilities); predicted: the most probable class."""

    image: np.ndarray
    flat: np.ndarray
    scores: ForwardTrace
    probabilities: np.ndarray
    predicted: int


def head_trace(image, W=HEAD_W, b=HEAD_B) -> HeadTrace:
    """image: (4, 4) -> flatten -> Linear(16, 3) -> softmax."""
    image = as_array(image, "image", (SIDE, SIDE))
    flat = image.reshape(-1)
    scores = forward_trace(W, flat, b, "softmax")
    return HeadTrace(image, flat, scores, scores.a, int(np.argmax(scores.a)))


def feature_map(image) -> np.ndarray:
    """The (2, 4, 4) feature map the 1 x 1 convolution reads: channel 1 the image, channel 2
    its negative 1 - image (a second channel, as a colour image has three)."""
    image = as_array(image, "image", (SIDE, SIDE))
    return np.stack([image, 1.0 - image])


CONV_W = frozen([[1.0, -1.0], [0.5, 0.5], [2.0, 1.0]])  # (C_out=3, C_in=2), weight[:, :, 0, 0]
CONV_B = frozen([0.0, -0.5, -1.0])


def conv_1x1_direct(feature: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """PyTorch's Conv2d with kernel_size 1, by its definition: (C_in, H, W) -> (C_out, H, W).
    weight: (C_out, C_in) (the 1 x 1 kernel), bias: (C_out,)."""
    c_out, c_in = weight.shape
    _, H, Wd = feature.shape
    out = np.empty((c_out, H, Wd))
    for o in range(c_out):
        for r in range(H):
            for c in range(Wd):
                total = bias[o]
                for k in range(c_in):
                    total += weight[o, k] * feature[k, r, c]
                out[o, r, c] = total
    return out


def conv_1x1_as_linear(feature: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """The same with core.Linear(C_in, C_out) applied to every pixel: the pixels form a batch
    (H W, C_in), and the result is put back as (C_out, H, W)."""
    c_in, H, Wd = feature.shape
    pixels = feature.reshape(c_in, H * Wd).T  # (H W, C_in): one row per pixel
    out = linear_with(weight, bias).forward(pixels)  # (H W, C_out)
    return out.T.reshape(weight.shape[0], H, Wd)


@dataclass(frozen=True)
class ConvTrace:
    """feature: (C_in, H, W); direct, as_linear: (C_out, H, W); pixel: the trace of the Linear
    at pixel (row, col) (its z is out[:, row, col])."""

    feature: np.ndarray
    weight: np.ndarray
    bias: np.ndarray
    direct: np.ndarray
    as_linear: np.ndarray
    pixel: tuple[int, int]
    pixel_trace: ForwardTrace

    @property
    def max_difference(self) -> float:
        return float(np.max(np.abs(self.direct - self.as_linear)))


def conv_trace(image, row: int = 0, col: int = 1, weight=CONV_W, bias=CONV_B) -> ConvTrace:
    feature = feature_map(image)
    weight = as_array(weight, "weight", (weight.shape[0], feature.shape[0]))
    bias = as_array(bias, "bias", (weight.shape[0],))
    if not (0 <= row < SIDE and 0 <= col < SIDE):
        raise ValueError(f"pixel ({row}, {col}) is outside the {SIDE} x {SIDE} image")
    return ConvTrace(feature, weight, bias, conv_1x1_direct(feature, weight, bias),
                     conv_1x1_as_linear(feature, weight, bias), (row, col),
                     forward_trace(weight, feature[:, row, col], bias, "linear"))
