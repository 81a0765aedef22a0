"""The arithmetic of each batch-norm step, written out with the trace's numbers (LaTeX).

Steps per feature j — train: mean, deviations, variance, normalize, scale and shift, running
statistics; eval: the running statistics used, normalize, scale and shift. All numbers come
from core.trace.ops_batchnorm's trace; this module only writes them down.
"""

from __future__ import annotations

from core.trace.ops_batchnorm import BatchNormTrace, FeatureTrace
from ui.figures.ops_grids import BN_EVAL_STAGES, BN_STAGES
from ui.format import latex_num, latex_term

STAGE_TITLES = {"mean": "the batch mean", "dev": "each deviation from the mean",
                "var": "the variance (biased, ÷B)", "norm": "normalize",
                "affine": "scale by γ and shift by β", "running": "update the running statistics",
                "stats": "the running statistics (learned in training)"}


def steps_of(trace: BatchNormTrace) -> list[tuple[int, str]]:
    stages = BN_STAGES if trace.training else BN_EVAL_STAGES
    return [(f.j, stage) for f in trace.features for stage in stages]


def _list(values) -> str:
    return ",\\ ".join(latex_num(v) for v in values)


def _sum(values) -> str:
    return " + ".join(latex_term(v) for v in values)


def step_latex(trace: BatchNormTrace, j: int, stage: str) -> str:
    f: FeatureTrace = trace.features[j]
    j1, B, eps = j + 1, trace.batch, latex_num(trace.eps)
    if stage == "mean":
        return (rf"\mu_{{{j1}}} = \tfrac{{1}}{{{B}}}({_sum(f.values)}) = "
                rf"\tfrac{{{latex_num(f.total)}}}{{{B}}} = {latex_num(f.batch_mean)}")
    if stage == "dev":
        return (rf"x_{{r{j1}}} - \mu_{{{j1}}} = "
                + ",\\ ".join(rf"{latex_num(v)} - {latex_term(f.batch_mean)}" for v in f.values)
                + rf" = {_list(f.deviations)}")
    if stage == "var":
        squares = " + ".join(rf"{latex_term(d)}^2" for d in f.deviations)
        unbiased = (rf"\tfrac{{{latex_num(f.square_sum)}}}{{{B - 1}}} = "
                    rf"{latex_num(f.unbiased_var)}" if B > 1 else r"\text{undefined}")
        return (rf"\sigma^2_{{{j1}}} = \tfrac{{1}}{{{B}}}({squares}) = "
                rf"\tfrac{{{latex_num(f.square_sum)}}}{{{B}}} = {latex_num(f.batch_var)}"
                rf"\qquad(\text{{unbiased, }}\div(B-1):\ {unbiased})")
    if stage == "stats":
        return (rf"\text{{eval: }}\mu_{{{j1}}} = \text{{running\_mean}}_{{{j1}}} = "
                rf"{latex_num(f.mean)},\quad \sigma^2_{{{j1}}} = \text{{running\_var}}_{{{j1}}}"
                rf" = {latex_num(f.var)}\quad(\text{{nothing is updated}})")
    if stage == "norm":
        head = (rf"\hat x_{{r{j1}}} = \frac{{x_{{r{j1}}} - {latex_term(f.mean)}}}"
                rf"{{\sqrt{{{latex_num(f.var)} + {eps}}}}} = \frac{{x_{{r{j1}}} - "
                rf"{latex_term(f.mean)}}}{{{latex_num(f.std)}}}")
        return head + rf" = {_list(f.x_hat)}"
    if stage == "affine":
        return (rf"y_{{r{j1}}} = \gamma_{{{j1}}}\hat x_{{r{j1}}} + \beta_{{{j1}}} = "
                rf"{latex_term(f.gamma)}\,\hat x_{{r{j1}}} + {latex_term(f.beta)} = {_list(f.y)}")
    m = latex_num(trace.momentum)
    keep = latex_num(1 - trace.momentum)
    unbiased = latex_num(f.unbiased_var)
    return (rf"\text{{running\_mean}}_{{{j1}}} = {keep}\cdot{latex_term(f.running_mean_before)}"
            rf" + {m}\cdot{latex_term(f.batch_mean)} = {latex_num(f.running_mean_after)},\quad "
            rf"\text{{running\_var}}_{{{j1}}} = {keep}\cdot{latex_term(f.running_var_before)} + "
            rf"{m}\cdot{unbiased} = {latex_num(f.running_var_after)}")


STAGE_NOTES = {
    "var": ("Normalizing uses the **biased** variance (divide by B, the batch's own spread); "
            "the running variance moves toward the **unbiased** one (divide by B − 1, i.e. the "
            "biased one × B/(B − 1)), an estimate of the whole data set's variance, as "
            "torch.nn.BatchNorm1d does."),
    "running": ("momentum = {m} means each batch moves the running statistics {m} of the way "
                "toward its own (PyTorch's convention; Keras calls 1 − momentum 'momentum')."),
    "stats": ("Eval mode normalizes with the running statistics, so one example's output no "
              "longer depends on which other examples share its batch."),
    "norm": "ε = {eps} keeps the division safe when a feature's variance is 0.",
}
