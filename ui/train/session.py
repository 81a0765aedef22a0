"""One learner's training run: settings, data, the Trainer and what the page says about them.

A TrainSession lives in st.session_state (never in a module global or st.cache_resource: each
browser tab trains its own network). It has no Streamlit calls, so tests drive it directly:
`tick(budget)` is exactly what the live fragment does on every timer tick.

Concurrency: one session's script runs overlap. With `runner.fastReruns` (on in
.streamlit/config.toml) a click stops the running script (a ticker slice, say) only at its
next Streamlit call and starts the new full rerun at once in another thread
(AppSession.request_rerun); a deferred download builds its file in a worker thread
(asyncio.to_thread). So every use of the trainer (training, evaluating it for a figure or a
metric, export, import, rebuilding it) happens under this session's `lock`, a re-entrant lock
created with the session (one per browser session, never a module global).
"""

from __future__ import annotations

import math
import threading
from dataclasses import replace

import numpy as np

from core import ModelConfig, Trainer
from core.data.datasets import DATASET_TASKS
from ui.train.data import DataBundle, UploadedData, build_bundle, data_key
from ui.train.locking import locked
from ui.train.messages import loss_sentence
from ui.train.pace import Pace
from ui.train.settings import (
    CSV,
    DEFAULTS,
    LIVE_FIELDS,
    TASK_LOSSES,
    VIEW_FIELDS,
    TrainSettings,
    changed_fields,
    default_loss,
    describe_changes,
    model_config,
    normalize,
)
from ui.train.ticking import Ticking


class TrainSession(Ticking):
    """settings -> (bundle, trainer). `sync()` after any settings change; `tick()` per timer."""

    def __init__(self, settings: TrainSettings = DEFAULTS) -> None:
        self.settings = settings
        self.upload: UploadedData | None = None  # the last CSV file that passed the checks
        self.bundle: DataBundle | None = None
        self.trainer: Trainer | None = None
        self.built: TrainSettings | None = None  # the settings the trainer was built from
        self.running = False
        self.notice = ""  # why the network was just reset (shown until the next action)
        self.alert = ""  # why training stopped (divergence)
        self.error = ""  # why the settings could not be turned into a network
        self.notes: list[str] = []  # adjustments normalize() made
        self.warning = ""  # training goes on, but something looks wrong (a loss far too high)
        self.imported = False  # the trainer holds weights from a model file
        # Epoch and training loss at the last learning-rate change (None: epoch 0's loss).
        self._rate_changed_at, self._rate_baseline = 0, None
        self.ticks = 0
        # Held around every use of the trainer; re-entrant, so a locked method may call another.
        self.lock = threading.RLock()
        self.pace = Pace()  # the slow and normal speeds

    # -- settings -> network --------------------------------------------------------------
    @locked
    def sync(self) -> None:
        """Bring data and network in line with self.settings. A change to what the network is
        (its shape, inputs, data, seed...) rebuilds it at epoch 0 and pauses; when that throws
        away training (or imported weights) the notice says why, in the words of the controls.
        Learning rate, batch size, L1/L2 and momentum apply to the running network. Settings
        that make no network leave none on screen (and `error` says why)."""
        s = self.settings
        key = data_key(s, self.upload)
        data_changed = self.bundle is None or key != self.bundle.key
        if data_changed:
            self.bundle = build_bundle(s, self.upload)
        s, self.notes = normalize(s, self.bundle.n_train)
        loss_note = ""
        if s.loss not in TASK_LOSSES[self.bundle.task]:
            s = replace(s, loss=default_loss(self.bundle.task))
            loss_note = loss_sentence(s.loss, self.bundle.task)
        self.settings = s
        try:
            cfg = model_config(s, self.bundle.task, max(self.bundle.n_classes, 2),
                               self.bundle.n_inputs)
        except ValueError as exc:
            self._drop(f"These settings do not make a network: {exc}.")
            return
        self.error = ""
        t = self.trainer
        if t is None:
            self._build(cfg)
            self.notice = loss_note or self.notice
            return
        if not data_changed and cfg == t.config:
            self.built = s
            return
        changed = changed_fields(self.built, s) - VIEW_FIELDS if self.built else set()
        if data_changed and not changed:
            changed = {"csv"}  # same settings, new file
        live = (not data_changed and changed <= LIVE_FIELDS and t.state != "diverged"
                and cfg.optimizer == t.config.optimizer)
        if live:
            self._apply_live(cfg)
            self.built = s
            return
        was_running = self.running
        lost = t.steps > 0 or self.imported  # a fresh network loses nothing by a rebuild
        self._build(cfg)
        if self.trainer is None:
            return
        reset = ""
        if lost:
            reset = (f"The network was reset to epoch 0 because {describe_changes(changed)} "
                     f"changed{' (training paused)' if was_running else ''}.")
        self.notice = " ".join(p for p in (reset, loss_note) if p)

    def _drop(self, error: str) -> None:
        """No network: what is on screen must not be the previous one (the status, charts
        and buttons describe the trainer; with none, they say there is none)."""
        self.error = error
        self.trainer = None
        self.built = None
        self.running = False
        self.imported = False
        self.alert = self.notice = self.warning = ""

    def _build(self, cfg: ModelConfig) -> None:
        try:
            self.trainer = Trainer(cfg, self.bundle.train_data)
        except ValueError as exc:
            self._drop(f"Could not build the network: {exc}.")
            return
        self.built = self.settings
        self.running = False
        self.imported = False
        self._rate_changed_at, self._rate_baseline = 0, None
        self.alert = self.warning = ""
        self.notice = ""

    def _apply_live(self, cfg: ModelConfig) -> None:
        """Hand the new learning rate, batch size, momentum and L1/L2 rates to the trainer; its
        weights, optimizer state and history carry on."""
        t = self.trainer
        if cfg.lr != t.config.lr:  # judge the loss afresh under the new rate
            self._rate_changed_at = t.epoch
            self._rate_baseline = t.metrics["train_loss"]
            self.warning = ""
        t.config = cfg  # l1 and l2 are read from the config on every step
        t.optimizer.lr = cfg.lr
        if cfg.optimizer == "momentum":
            t.optimizer.momentum = cfg.momentum
        t.batch_size = min(cfg.batch_size, t.X.shape[0])

    @locked
    def adopt(self, trainer: Trainer) -> None:
        """Train `trainer` from now on (e.g. one holding imported weights, built for the current
        settings and data)."""
        self.trainer = trainer
        self.built = self.settings
        self.running = False
        self.imported = True
        self._rate_changed_at, self._rate_baseline = 0, None
        self.alert = self.notice = self.warning = ""

    @locked
    def set_settings(self, s: TrainSettings) -> None:
        self.settings = s
        self.sync()

    @locked
    def update(self, **changes) -> None:
        self.set_settings(replace(self.settings, **changes))

    @locked
    def set_upload(self, upload: UploadedData) -> None:
        """Use a checked CSV file as the data (switches the dataset to it)."""
        self.upload = upload
        self.choose_dataset(CSV)

    @locked
    def choose_dataset(self, name: str) -> None:
        """Switch the data (the Dataset box, an upload). Data of another kind (two classes,
        more, a number) gets that kind's default loss, and the notice says so."""
        task = (self.upload.dataset.task if name == CSV and self.upload is not None
                else DATASET_TASKS.get(name, self.bundle.task if self.bundle else "binary"))
        old_task = self.bundle.task if self.bundle is not None else None
        loss = self.settings.loss
        if task != old_task:
            loss = default_loss(task)
        changed_loss = loss != self.settings.loss
        self.update(dataset=name, loss=loss)
        if changed_loss and self.trainer is not None:
            sentence = loss_sentence(loss, task)
            if sentence not in self.notice:
                self.notice = " ".join(p for p in (self.notice, sentence) if p)

    # -- controls ---------------------------------------------------------------------------
    @locked
    def start(self) -> None:
        if self.trainer is None or self.trainer.state == "diverged":
            return  # the alert already says what to do
        self.running = True
        self.pace.restart()  # the pace starts from now, not from the last run
        self.notice = ""

    @locked
    def reset_everything(self) -> None:
        """Every setting back to its default, the uploaded file forgotten, a new network at
        epoch 0 and nothing left to say (the link becomes the bare page's)."""
        self.upload = None
        self.bundle = self.trainer = self.built = None  # nothing kept, so nothing to report
        self.settings = DEFAULTS
        self.sync()
        self.notice = self.alert = self.warning = ""

    def pause(self) -> None:
        # No lock: a running slice checks the flag every few milliseconds and stops, so Pause
        # takes effect at once instead of waiting for the slice to end.
        self.running = False

    @locked
    def reset(self) -> None:
        """Same settings, same seed: the same initial weights, from epoch 0."""
        if self.trainer is not None:
            self._build(self.trainer.config)

    def step(self) -> None:
        """One mini-batch (pauses training)."""
        self._manual(lambda t: t.step())

    def step_epoch(self) -> None:
        self._manual(lambda t: t.run_epoch())

    @locked
    def _manual(self, action) -> None:
        self.running = False
        t = self.trainer
        if t is None or t.state == "diverged":
            return
        self.notice = ""
        with np.errstate(all="ignore"):  # overflow is detected and reported as divergence
            action(t)
        self._check_divergence()  # (t.metrics re-evaluates itself after a manual step)

    # -- what the page shows -------------------------------------------------------------------
    @locked
    def metrics(self) -> dict[str, float]:
        t = self.trainer
        m = dict(t.metrics)
        m["epoch"] = t.epoch
        return {k: (v if isinstance(v, int) or math.isfinite(v) else math.nan)
                for k, v in m.items()}
