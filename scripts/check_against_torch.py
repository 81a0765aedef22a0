"""Check the core and the generated PyTorch code against real PyTorch (not run by make test).

PyTorch is not a dependency of the project. On a machine that has it:
    python3.11 -m venv /tmp/torchvenv
    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy==2.4.6 pandas==3.1.1
    /tmp/torchvenv/bin/python scripts/check_against_torch.py
Every line prints a maximum absolute difference; all should be ~1e-16.
"""

# ruff: noqa: E501, E701, E702, E401
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import numpy as np  # noqa: E402
import torch  # noqa: E402

from core import (  # noqa: E402
    SGD,
    Adam,
    BatchNorm1d,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    Linear,
    ModelConfig,
    MSELoss,
    TrainData,
    Trainer,
    pytorch_code,
)

rng = np.random.default_rng(0)
X = rng.normal(size=(60, 2))
y = (X[:, 0] * X[:, 1] > 0).astype(int)
y3 = rng.integers(0, 3, 60)
cfgs = [
    ModelConfig(
        hidden=(5, 4), activations=("tanh", "relu"), batch_norm=True, dropout=0.2, batch_size=10
    ),
    ModelConfig(
        hidden=(6,), activations=("leaky_relu",), task="multiclass", n_classes=3, loss="ce"
    ),
    ModelConfig(hidden=(3,), activations=("sigmoid",), task="regression", n_classes=0, loss="mse"),
    ModelConfig(hidden=(4,), activations=("tanh",), loss="mse"),
]
for cfg in cfgs:
    yy = y3 if cfg.task == "multiclass" else (y.astype(float) if cfg.task == "regression" else y)
    t = Trainer(cfg, TrainData(X[:40], yy[:40], X[40:], yy[40:]))
    for _ in range(5):
        t.run_epoch()
    ns = {}
    exec(pytorch_code(t), ns)
    got = ns["predict"](X)
    want = t.predict_proba_or_value(X)
    print(cfg.task, cfg.loss, "max diff", float(np.max(np.abs(np.asarray(got) - want))))
# Core semantics vs torch: one SGD-momentum + Adam step, BN running var, losses
W = rng.normal(size=(3, 4))
b = rng.normal(size=3)
x = rng.normal(size=(5, 4))
tgt = rng.normal(size=(5, 3))
for opt_name in ("sgd", "adam"):
    lin = Linear(4, 3)
    lin.weight.data[:] = W
    lin.bias.data[:] = b
    tl = torch.nn.Linear(4, 3).double()
    with torch.no_grad():
        tl.weight.copy_(torch.tensor(W))
        tl.bias.copy_(torch.tensor(b))
    opt = (
        SGD(lin.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)
        if opt_name == "sgd"
        else Adam(lin.parameters(), lr=0.1, weight_decay=0.01)
    )
    topt = (
        torch.optim.SGD(tl.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)
        if opt_name == "sgd"
        else torch.optim.Adam(tl.parameters(), lr=0.1, weight_decay=0.01)
    )
    for _ in range(3):
        lin.zero_grad()
        L = MSELoss()
        L.forward(lin.forward(x), tgt)
        lin.backward(L.backward())
        opt.step()
        topt.zero_grad()
        tloss = torch.nn.functional.mse_loss(tl(torch.tensor(x)), torch.tensor(tgt))
        tloss.backward()
        topt.step()
    print(
        opt_name, "weight diff", float(np.max(np.abs(lin.weight.data - tl.weight.detach().numpy())))
    )
z = rng.normal(size=(6, 4))
lab = rng.integers(0, 4, 6)
ce = CrossEntropyLoss()
v = ce.forward(z, lab)
g = ce.backward()
tz = torch.tensor(z, requires_grad=True)
tv = torch.nn.functional.cross_entropy(tz, torch.tensor(lab))
tv.backward()
print("CE", abs(v - tv.item()), float(np.max(np.abs(g - tz.grad.numpy()))))
t01 = rng.random(size=(6, 4))
bce = BCEWithLogitsLoss()
v = bce.forward(z, t01)
g = bce.backward()
tz = torch.tensor(z, requires_grad=True)
tv = torch.nn.functional.binary_cross_entropy_with_logits(tz, torch.tensor(t01))
tv.backward()
print("BCE", abs(v - tv.item()), float(np.max(np.abs(g - tz.grad.numpy()))))
bn = BatchNorm1d(4)
tbn = torch.nn.BatchNorm1d(4).double()
for _ in range(3):
    bn.forward(z)
    tbn(torch.tensor(z))
print(
    "BN running var",
    float(np.max(np.abs(bn.running_var - tbn.running_var.numpy()))),
    float(np.max(np.abs(bn.running_mean - tbn.running_mean.numpy()))),
)
