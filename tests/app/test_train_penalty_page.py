"""/train with L1/L2, dropout and batch norm: the page shows data loss + penalty = total with
the trainer's numbers, the weights' histogram and zero count, and the layer list."""

from __future__ import annotations

import re

from apptest_helpers import no_exception, open_page


def _all_text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_penalty_sum_and_weights_with_l1() -> None:
    at = open_page("train", {"l1": "0.01"})
    no_exception(at)
    text = _all_text(at)
    m = re.search(r"data loss \*\*([\d.e-]+)\*\* \+ penalty \*\*([\d.e-]+)\*\* = total "
                  r"\*\*([\d.e-]+)\*\*", text)
    assert m, text
    data, penalty, total = (float(v) for v in m.groups())
    assert penalty > 0 and abs(data + penalty - total) < 2e-3 * max(total, 1)
    assert "λ·Σ|w| with λ = 0.01" in text and "not the biases" in text
    assert "Weights exactly 0:" in text and "hover around 0" in text
    sess = at.session_state["train_session"]  # the penalty shown is the trainer's own
    assert sess.trainer.config.l1 == 0.01
    assert abs(sess.trainer.penalty() - penalty) <= 1e-3 * penalty


def test_no_penalty_sentence_without_regularization() -> None:
    at = open_page("train")
    no_exception(at)
    text = _all_text(at)
    assert "Training loss with the penalty" not in text
    assert "Weights exactly 0:" in text and "Layers: Linear(" in text


def test_dropout_and_batch_norm_in_the_layer_list() -> None:
    at = open_page("train", {"drop": "0.2", "bn": "1"})
    no_exception(at)
    text = _all_text(at)
    assert "Dropout(p=0.2)" in text and "BatchNorm1d(" in text
    assert "use eval mode" in text
