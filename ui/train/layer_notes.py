"""/train's network diagram notes: Dropout and BatchNorm1d in the column titles and a caption
listing every module in order, with the note that predictions use eval mode.

Built from the trainer's own model (core.train.model_report.describe_layers) and config; the model
is read under the session's lock, as everything else on /train.
"""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from core.train.model_report import describe_layers


def session_lock(sess):
    """The session's trainer lock (TrainSession.lock, one per session) where it has one."""
    lock = getattr(sess, "lock", None)
    return lock if lock is not None else nullcontext()


def hidden_titles(titles: list[str], hidden: int, batch_norm: bool, dropout: float) -> list[str]:
    """The diagram's column titles (two lines: 'Layer 1', '4 × tanh') with ' · BN' on the
    first line and ' · dropout p' on the second, for each hidden layer (columns 1..hidden)."""
    out = list(titles)
    for col in range(1, hidden + 1):
        first, _, second = out[col].partition("\n")
        if batch_norm:
            first += " · BN"
        if dropout:
            second += f" · dropout {dropout:g}"
        out[col] = f"{first}\n{second}" if second else first
    return out


def layers_sentence(texts: list[str], has_dropout_or_bn: bool) -> str:
    line = "Layers: " + " → ".join(texts) + "."
    if has_dropout_or_bn:
        line += (" Training runs them in train mode (dropout masks, batch statistics); the "
                 "boundary, the node pictures, the test loss and every prediction use eval "
                 "mode (no dropout, running statistics).")
    return line


def layers_caption(sess) -> None:
    """Under the network diagram: every module in order, Dropout and BatchNorm1d included."""
    if sess.trainer is None:
        return
    with session_lock(sess):
        layers = describe_layers(sess.trainer.model)
    special = any(layer.kind in ("dropout", "batchnorm") for layer in layers)
    st.caption(layers_sentence([layer.text for layer in layers], special))
