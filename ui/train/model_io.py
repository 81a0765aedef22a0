"""Export the trained model (JSON, loss history, NumPy and PyTorch code) and import a model file
back into the session, checked against the data it will train on. No Streamlit here."""

from __future__ import annotations

from dataclasses import replace

from core import export_json, import_into_trainer, import_json, numpy_code, pytorch_code
from core.train.codegen_names import check_class_names, check_feature_names
from ui.safe_text import user_text
from ui.train.data import DataBundle, input_names_for
from ui.train.session import TrainSession
from ui.train.settings import CSV, check_features, from_config, normalize


def export_names(bundle: DataBundle) -> tuple[str, ...] | None:
    """The network's input names for exported files, or None (x1, x2, ...) when a CSV column
    name cannot be used (too long, not printable)."""
    try:
        return check_feature_names(bundle.input_names, bundle.n_inputs)
    except ValueError:
        return None


def export_files(sess: TrainSession) -> dict[str, str]:
    """Each export's text, by file name. Raises ValueError if the model cannot be exported
    (e.g. a weight beyond the file format's limit after divergence). Runs under the session's
    lock: a deferred download calls it from a worker thread while the ticker may train."""
    with sess.lock:
        return _export_files(sess)


def _export_files(sess: TrainSession) -> dict[str, str]:
    t = sess.trainer
    names = export_names(sess.bundle)
    classes = export_class_names(sess.bundle, t)
    return {
        "model.json": export_json(t, names, classes),
        "loss_history.csv": t.history.to_csv(),
        "model_numpy.py": numpy_code(t, feature_names=names, class_names=classes),
        "model_pytorch.py": pytorch_code(t, feature_names=names, class_names=classes),
    }


def export_class_names(bundle: DataBundle, t) -> tuple[str, ...] | None:
    """The data's class names in output-column order (a CSV's labels, else 0..K-1), or None
    (0, 1, ...) for regression or names the files cannot hold (too long, not printable)."""
    try:
        return check_class_names(bundle.dataset.class_names, t.config)
    except ValueError:
        return None


def _features_for(bundle: DataBundle, names: tuple[str, ...]) -> tuple[str, ...]:
    """The input features a file's names stand for on this data; ValueError if they cannot be
    fed from it (other columns, or an order the page cannot reproduce)."""
    if not bundle.features and bundle.dataset.X.shape[1] != 2:
        if names != bundle.input_names:
            raise ValueError(f"the model's inputs are {', '.join(names)} but this file's "
                             f"columns are {', '.join(bundle.input_names)}")
        return bundle.features
    lookup = input_names_for(bundle.axis_names)
    unknown = [n for n in names if n not in lookup]
    if unknown:
        raise ValueError(f"the model has an input '{unknown[0]}' that this data does not "
                         f"provide; inputs here: {', '.join(lookup.values())}")
    features = tuple(lookup[n] for n in names)
    if check_features(features) != features:
        raise ValueError("the model's inputs are in an order this page does not use "
                         "(x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2)")
    return features


def import_model(sess: TrainSession, data: bytes, name: str = "model file") -> str:
    """Load a model file into the session: its settings, then its weights, ready to train on.
    Returns a success message; raises ValueError with what is wrong (the last model stays)."""
    with sess.lock:
        return _import_model(sess, data, name)


def _import_model(sess: TrainSession, data: bytes, name: str) -> str:
    imported = import_json(data)
    cfg, bundle = imported.config, sess.bundle
    if cfg.task != bundle.task or (cfg.task == "multiclass"
                                   and cfg.n_classes != bundle.n_classes):
        what = f"{cfg.n_classes}-class" if cfg.task == "multiclass" else cfg.task
        raise ValueError(f"{name} is a {what} model but the current data is "
                         f"{bundle.task}: choose matching data first")
    features = _features_for(bundle, imported.feature_names)
    settings = from_config(sess.settings, cfg)
    if bundle.features:
        settings = replace(settings, features=features)
    settings, _notes = normalize(settings, bundle.n_train)
    sess.set_settings(settings)  # rebuilds the data and a network of the file's shape
    if sess.error:
        raise ValueError(sess.error)
    sess.adopt(import_into_trainer(data, sess.bundle.train_data))
    sess.sync()  # e.g. a batch size larger than this data applies as "all points"
    sizes = " → ".join(map(str, cfg.sizes))
    source = "your CSV file" if sess.settings.dataset == CSV else "the current data"
    return (f"Loaded {user_text(name, 60)}: network {sizes} with its trained weights, on {source}. "
            "A model file holds no loss history, so the epoch count and the loss history start "
            "again at 0 from these weights. Press Train to continue training from them.")
