"""What the /train page says about a run, in the words of its controls (no Streamlit here)."""

from __future__ import annotations

from ui.train.settings import LEARNING_RATES, LOSS_LABELS, TASK_WORDS


def lower_lr(lr: float) -> float:
    """A learning rate about ten times smaller, from Playground's list where possible."""
    smaller = [v for v in LEARNING_RATES if v <= lr / 10 * 1.0001]
    return smaller[-1] if smaller else lr / 10


def loss_sentence(loss: str, task: str) -> str:
    return (f"The loss is now {LOSS_LABELS[loss].lower()}, the usual loss for data with "
            f"{TASK_WORDS[task]}; the Loss box offers the others that fit.")


def high_loss_message(start: float, epoch: int, lr: float) -> str:
    # No current loss in it: the text must not change on every tick (the page redraws the
    # control bar, with a full rerun, only when the warning comes or goes).
    return (f"The training loss stays far above where it started ({start:.3g} at epoch "
            f"{epoch:,}; "
            f"the Train loss shows it now): the learning rate {lr:g} is probably too large "
            f"for this network and "
            f"data. Training goes on; lower the learning rate (try {lower_lr(lr):g}) and it "
            "carries on from here with the new rate.")


def divergence_message(reason: str, lr: float) -> str:
    return (f"Training paused: {reason}. The learning rate {lr:g} is too large for this network "
            f"and data: lower it (try {lower_lr(lr):g}); the network then starts again from "
            "epoch 0.")
