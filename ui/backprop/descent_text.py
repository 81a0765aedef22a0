"""What happened in a step (or a run) of gradient descent, in words, from core.trace.descent
results.

Every number comes from the result records; these functions only choose the words.
"""

from __future__ import annotations

from core.trace.descent import DescentRun, StepResult
from ui.format import fmt

OVERSHOOT = (
    "The gradient only describes the slope *right here*. A step that is too long jumps past "
    "the bottom of the valley to a point higher up on the other side, where the slope is "
    "steeper, so the next step is longer still: each step overshoots more than the last."
)
FLOAT_LIMIT = "about 1.8 × 10³⁰⁸, the largest number a float64 can hold"


def _bound_hint(bound: float | None) -> str:
    if bound is None:
        return " Try a learning rate 10 times smaller."
    return (f" For this layer (no activation, MSE) steps stay stable only while η is below "
            f"n / (|x|² + 1) = **{fmt(bound)}**.")


def step_message(step: StepResult, bound: float | None) -> tuple[str, str]:
    """('success' | 'warning' | 'info' | 'error', sentence) for one step."""
    lr = fmt(step.lr)
    if step.status == "overflow":
        return "error", (
            f"**Overflow.** With η = {lr} and gradients as large as "
            f"{fmt(step.largest_gradient)}, the step pushed the numbers past {FLOAT_LIMIT}, so "
            "the new loss cannot be computed (it would be infinite or not a number). Nothing "
            "is shown for 'after' and nothing is applied." + _bound_hint(bound))
    before, after = fmt(step.loss_before), fmt(step.loss_after)
    if step.status == "decreased":
        return "success", (f"The loss went **down** from {before} to {after}: moving every "
                           "parameter against its gradient went downhill.")
    if step.status == "increased":
        return "warning", (f"The loss went **up** from {before} to {after}: the step of "
                           f"η = {lr} overshot. " + OVERSHOOT + _bound_hint(bound))
    return "info", ("The loss did not change: every gradient is zero here (the target is "
                    "already met, or ReLU outputs 0 for these inputs and passes no gradient "
                    "back).")


def run_message(run: DescentRun, bound: float | None) -> tuple[str, str]:
    """('success' | 'warning' | 'info' | 'error', sentence) for N steps."""
    first, last = fmt(run.losses[0]), fmt(run.losses[-1])
    done = run.losses.size - 1
    if run.status == "overflow":
        return "error", (
            f"**Diverged and overflowed.** The loss grew from {first} to {last} in {done} "
            f"step{'s' if done != 1 else ''}, and at step {run.overflow_step} the numbers went "
            f"past {FLOAT_LIMIT}, so the run stopped there (the plot shows the steps before "
            "it). " + OVERSHOOT + _bound_hint(bound))
    if run.status == "grew":
        return "warning", (f"**Diverging.** After {done} steps the loss grew from {first} to "
                           f"{last}. " + OVERSHOOT + _bound_hint(bound))
    if run.status == "bumpy":
        return "warning", (
            f"The loss went down overall ({first} → {last}) but rose at {run.increases} of "
            f"the {done} steps: η = {fmt(run.lr)} is near the edge of stability and the steps "
            "zig-zag across the valley.")
    if run.status == "decreased":
        return "success", f"After {done} steps the loss went down from {first} to {last}."
    return "info", ("The loss did not change: every gradient is zero here, so gradient descent "
                    "has nothing to follow.")
