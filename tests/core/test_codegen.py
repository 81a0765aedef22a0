"""Tests for core.train.codegen (numpy_code, pytorch_code): the NumPy snippet reproduces the
trainer's
outputs; the PyTorch snippet is checked statically because torch is not installed in CI."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from test_export import CONFIGS, RICH, trained

from core.nn.activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from core.nn.layers import BatchNorm1d, Dropout
from core.nn.linear import Linear
from core.train.export import export_json, import_json, numpy_code, pytorch_code
from core.train.trainer import Trainer

TORCH_NAMES = {Linear: "Linear", BatchNorm1d: "BatchNorm1d", Tanh: "Tanh", ReLU: "ReLU",
               LeakyReLU: "LeakyReLU", Sigmoid: "Sigmoid", Identity: "Identity",
               Softmax: "Softmax", Dropout: "Dropout"}


@pytest.fixture(scope="module", params=list(CONFIGS))
def trainer(request: pytest.FixtureRequest) -> Trainer:
    return trained(CONFIGS[request.param])


def run_snippet(code: str) -> dict:
    """exec the snippet in a fresh namespace (nothing from this test leaks in)."""
    ns: dict = {"__name__": "snippet"}
    exec(compile(code, "<snippet>", "exec"), ns)
    return ns


def test_numpy_snippet_matches_trainer(trainer: Trainer) -> None:
    code = numpy_code(trainer)
    ns = run_snippet(code)
    rng = np.random.default_rng(5)
    n = trainer.config.n_inputs
    for scale in (1.0, 3.0, 50.0):  # 50: saturated sigmoid/tanh and large logits
        X = rng.normal(scale=scale, size=(200, n))
        got, want = ns["predict"](X), trainer.predict_proba_or_value(X)
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    one = rng.normal(size=n)
    np.testing.assert_allclose(ns["predict"](one), trainer.predict_proba_or_value(one[None]),
                               rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match=f"expected X of shape \\(batch, {n}\\)"):
        ns["predict"](np.zeros((2, n + 1)))


def test_numpy_snippet_is_self_contained_and_exact(trainer: Trainer) -> None:
    code = numpy_code(trainer)
    tree = ast.parse(code)
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert [ast.unparse(node) for node in imports] == ["import numpy as np"]
    assert max(len(line) for line in code.splitlines()) <= 100
    ns = run_snippet(code)
    linears = [i for i, m in enumerate(trainer.model.layers) if isinstance(m, Linear)]
    for i in linears:  # weights are literals that parse back to the very same float64 bits
        m = trainer.model.layers[i]
        assert ns[f"W{i}"].tobytes() == m.weight.data.tobytes()
        assert ns[f"b{i}"].tobytes() == m.bias.data.tobytes()
    doc = ast.get_docstring(tree)
    assert doc is not None
    expected = {"binary": "P(class 1)", "multiclass": "class probabilities",
                "regression": "predicted value"}[trainer.config.task]
    assert expected in " ".join(doc.split())
    assert ns["FEATURE_NAMES"] == tuple(f"x{i + 1}" for i in range(trainer.config.n_inputs))


def test_sources_and_feature_names() -> None:
    t = trained(RICH, 2)
    odd = ('a"""; import os #', "b'c\\", "x3")  # quotes must not break out of the literal
    imported = import_json(export_json(t, odd))
    X = np.random.default_rng(1).normal(size=(30, 3))
    want = t.predict_proba_or_value(X)
    for code in (numpy_code(imported), numpy_code(t.model, t.config, odd)):
        ns = run_snippet(code)
        assert ns["FEATURE_NAMES"] == odd
        np.testing.assert_allclose(ns["predict"](X), want, rtol=0, atol=1e-12)
    compile(pytorch_code(imported), "<torch>", "exec")
    with pytest.raises(TypeError, match="needs its ModelConfig"):
        numpy_code(t.model)
    with pytest.raises(ValueError, match="must list 3 names"):
        pytorch_code(t, feature_names=("a",))
    with pytest.raises(ValueError, match="printable"):
        numpy_code(t, feature_names=("a", "b\n", "c"))


# -- PyTorch -------------------------------------------------------------------------------
# torch is not installed in CI, so the snippet cannot be run there: it is compiled, and its
# syntax tree is checked for every layer, every weight literal (bit for bit), torch.no_grad,
# float64 and model.eval(). If torch happens to be installed, the last test also runs it.
def _is_nn(node: ast.AST, name: str) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == name and ast.unparse(node.func.value) == "nn")


def test_pytorch_snippet_structure_and_weights(trainer: Trainer) -> None:
    code = pytorch_code(trainer)
    compile(code, "<torch snippet>", "exec")
    assert max(len(line) for line in code.splitlines()) <= 100
    tree = ast.parse(code)
    seq = [n for n in ast.walk(tree) if _is_nn(n, "Sequential")]
    assert len(seq) == 1
    layers = trainer.model.layers
    assert [c.func.attr for c in seq[0].args] == [TORCH_NAMES[type(m)] for m in layers]
    for call, m in zip(seq[0].args, layers, strict=True):
        args = [ast.literal_eval(a) for a in call.args]
        kw = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        if isinstance(m, Linear):
            assert args == [m.in_features, m.out_features] and kw == {}
        elif isinstance(m, BatchNorm1d):
            assert args == [m.num_features] and kw == {"eps": m.eps, "momentum": m.momentum}
        elif isinstance(m, LeakyReLU):
            assert args == [0.01]
        elif isinstance(m, Dropout):
            assert kw == {"p": m.p}
    (build,) = [s for s in tree.body if isinstance(s, ast.Assign)
                and ast.unparse(s.targets[0]) == "model"]
    assert ast.unparse(build.value).endswith(".double()")  # float64, as the course computes

    # Every tensor is loaded by `model[i].<attr>.copy_(torch.tensor(<literal>, dtype=float64))`
    # inside one `with torch.no_grad():` block, then model.eval() is called.
    with_blocks = [s for s in tree.body if isinstance(s, ast.With)]
    assert len(with_blocks) == 1
    assert ast.unparse(with_blocks[0].items[0].context_expr) == "torch.no_grad()"
    loaded: dict[tuple[int, str], np.ndarray] = {}
    for stmt in with_blocks[0].body:
        call = stmt.value
        target = call.func.value  # model[i].<attr>
        assert call.func.attr == "copy_"
        tensor = call.args[0]
        assert ast.unparse(tensor.func) == "torch.tensor"
        assert [ast.unparse(k) for k in tensor.keywords] == ["dtype=torch.float64"]
        key = (ast.literal_eval(target.value.slice), target.attr)
        loaded[key] = np.array(ast.literal_eval(tensor.args[0]), dtype=np.float64)
    expected: dict[tuple[int, str], np.ndarray] = {}
    for i, m in enumerate(layers):
        if isinstance(m, Linear):
            expected |= {(i, "weight"): m.weight.data, (i, "bias"): m.bias.data}
        elif isinstance(m, BatchNorm1d):
            expected |= {(i, "weight"): m.weight.data, (i, "bias"): m.bias.data,
                         (i, "running_mean"): m.running_mean, (i, "running_var"): m.running_var}
    assert loaded.keys() == expected.keys()
    for key, arr in expected.items():
        assert loaded[key].shape == arr.shape and loaded[key].tobytes() == arr.tobytes(), key
    after = tree.body[tree.body.index(with_blocks[0]) + 1]
    assert ast.unparse(after) == "model.eval()"
    funcs = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
    assert [a.arg for a in funcs["predict"].args.args] == ["X"]
    out = {"binary": "sigmoid" if trainer.config.loss == "bce" else "out[:, 0]",
           "multiclass": "softmax" if trainer.config.loss == "ce" else "return out.numpy()",
           "regression": "out[:, 0]"}[trainer.config.task]
    assert out in ast.unparse(funcs["predict"])


def test_code_refuses_non_finite_weights() -> None:
    t = trained(CONFIGS["binary-mse"], 1)
    t.model.layers[0].bias.data[0] = np.nan
    with pytest.raises(ValueError, match="finite"):
        numpy_code(t)
    with pytest.raises(ValueError, match="finite"):
        pytorch_code(t)
