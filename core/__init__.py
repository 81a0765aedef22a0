"""The NumPy engine of the course: layers, losses, optimizers, traces, data and training.

Mirrors PyTorch names and semantics so what learners see here transfers. Never imports
streamlit or plotly (pages and figure builders live in ui/ and pages/).
"""

from .nn.activations import (
    ACTIVATION_LABELS,
    ACTIVATIONS,
    ELEMENTWISE_ACTIVATIONS,
    Identity,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
    make_activation,
    softmax,
    stable_sigmoid,
)
from .nn.gradcheck import GradCheckResult, central_difference, grad_check_module, relative_error
from .nn.init import INIT_LABELS, INITS, init_bias, init_weight
from .nn.layers import BatchNorm1d, Dropout, Sequential
from .nn.linear import Linear
from .nn.losses import LOSS_LABELS, LOSSES, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from .nn.module import Module, Parameter, as_float_array
from .nn.optim import SGD, Adam, Optimizer
from .trace.trace import (
    BackwardTrace,
    BatchBackwardTrace,
    BatchTrace,
    ForwardTrace,
    backward_trace,
    batch_backward_trace,
    batch_trace,
    forward_trace,
)

__all__ = [
    "ACTIVATIONS", "ACTIVATION_LABELS", "ELEMENTWISE_ACTIVATIONS", "INITS", "INIT_LABELS",
    "LOSSES", "LOSS_LABELS", "SGD", "Adam", "BCEWithLogitsLoss", "BackwardTrace",
    "BatchBackwardTrace", "BatchNorm1d", "BatchTrace", "CrossEntropyLoss", "Dropout",
    "ForwardTrace", "GradCheckResult", "Identity", "LeakyReLU", "Linear", "MSELoss", "Module",
    "Optimizer", "Parameter", "ReLU", "Sequential", "Sigmoid", "Softmax", "Tanh",
    "as_float_array", "backward_trace", "batch_backward_trace", "batch_trace",
    "central_difference", "forward_trace", "grad_check_module", "init_bias", "init_weight",
    "make_activation", "relative_error", "softmax", "stable_sigmoid",
]

from .train.history import History  # noqa: E402
from .train.model_config import ModelConfig, build_model  # noqa: E402
from .train.trainer import TrainData, Trainer  # noqa: E402

__all__ += ["History", "ModelConfig", "TrainData", "Trainer", "build_model"]

from .data.csv_data import load_csv  # noqa: E402
from .data.datasets import (  # noqa: E402
    DATASET_TASKS,
    DATASETS,
    Dataset,
    make_dataset,
    train_test_split,
)
from .data.features import FEATURES, expand_features  # noqa: E402

__all__ += [
    "DATASETS", "DATASET_TASKS", "FEATURES", "Dataset", "expand_features", "load_csv",
    "make_dataset", "train_test_split",
]

from .train.export import (  # noqa: E402
    ImportedModel,
    export_json,
    import_into_trainer,
    import_json,
    numpy_code,
    pytorch_code,
)

__all__ += [
    "ImportedModel", "export_json", "import_into_trainer", "import_json", "numpy_code",
    "pytorch_code",
]

from .trace.ops_batchnorm import (  # noqa: E402
    BatchNormGradients,
    BatchNormTrace,
    batchnorm_gradients,
    batchnorm_trace,
    bias_redundancy,
)
from .trace.ops_dropout import DropoutAverage, DropoutTrace, dropout_average, dropout_trace  # noqa: E402
from .trace.ops_penalty import PenaltyPath, PenaltyTrace, penalty_path, penalty_trace  # noqa: E402

__all__ += [
    "BatchNormGradients", "BatchNormTrace", "DropoutAverage", "DropoutTrace", "PenaltyPath",
    "PenaltyTrace", "batchnorm_gradients", "batchnorm_trace", "bias_redundancy",
    "dropout_average", "dropout_trace", "penalty_path", "penalty_trace",
]

from .concepts import collapse_trace, notation_forms, rnn_unroll, transformer_trace  # noqa: E402

__all__ += ["collapse_trace", "notation_forms", "rnn_unroll", "transformer_trace"]
