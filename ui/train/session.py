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

import functools
import math
import threading
import time
from dataclasses import replace

import numpy as np

from core import ModelConfig, Trainer
from core.datasets import DATASET_TASKS
from ui.train.data import DataBundle, UploadedData, build_bundle, data_key
from ui.train.messages import divergence_message, high_loss_message, loss_sentence
from ui.train.pace import Pace
from ui.train.settings import (
    CSV,
    DEFAULTS,
    LIVE_FIELDS,
    SPEEDS,
    TASK_LOSSES,
    VIEW_FIELDS,
    TrainSettings,
    changed_fields,
    default_loss,
    describe_changes,
    model_config,
    normalize,
)


def locked(method):
    """Run a TrainSession method under the session's lock (see the module docstring)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


class TrainSession:
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

    def tick(self, budget_s: float, max_wall_s: float | None = None) -> bool:
        """One slice of the live ticker at the chosen speed (see _fast_tick and _paced_tick).
        Returns True when training stopped during this slice (diverged)."""
        rate = SPEEDS.get(self.settings.speed)
        if rate is None:
            return self._fast_tick(budget_s, max_wall_s)
        return self._paced_tick(rate, budget_s)

    def _paced_tick(self, epochs_per_s: float, budget_s: float) -> bool:
        """Slow and normal speeds: wait out the slice (holding no lock), then train the steps
        the pace says are due (ui.train.pace)."""
        if not self.running or self.trainer is None:
            return False
        self.pace.sleep(budget_s)
        with self.lock:
            t = self.trainer
            if not self.running or t is None:
                return False
            steps_per_s = epochs_per_s * math.ceil(t.X.shape[0] / t.batch_size)
            t.run_steps(self.pace.due(t.steps, steps_per_s, budget_s))
            self.ticks += 1
            return self._check_divergence()

    @locked
    def _fast_tick(self, budget_s: float, max_wall_s: float | None = None) -> bool:
        """One slice of the live ticker (ui.train.live runs a few per timer tick): train for
        about budget_s seconds of this thread's CPU time, or at most max_wall_s of wall time
        (default budget_s). Returns True when training stopped during this slice (diverged).

        CPU time first: when several sessions train at once they share one interpreter (the
        GIL), and a short wall-time budget would shrink each one's share of training while
        its fixed per-update costs (drawing, sending) stay. The wall-time cap still ends a
        slice in time for the next screen update (the live view sets it to 150 ms: about
        five updates a second with three sessions training on two cores)."""
        t = self.trainer
        if not self.running or t is None:
            return False
        wall_end = time.perf_counter() + (max_wall_s or budget_s)
        cpu_end = time.thread_time() + budget_s
        while t.state != "diverged" and self.running:
            left = min(cpu_end - time.thread_time(), wall_end - time.perf_counter())
            if left <= 0:
                break
            t.run_for(min(left, 0.02))  # short slices, so the CPU budget is checked often
        self.ticks += 1
        return self._check_divergence()

    def _check_divergence(self) -> bool:
        """After training: pause on divergence (True); warn, without pausing, about a loss that
        stays far above its start (since the last change of the learning rate)."""
        t = self.trainer
        if t.state != "diverged":
            h = t.history
            # Judged from where the loss was when the current learning rate was set.
            start = (h.rows["train_loss"][0] if self._rate_baseline is None
                     else self._rate_baseline)
            if h.stays_above_start(after_epoch=self._rate_changed_at, start=start):
                self.warning = high_loss_message(start, self._rate_changed_at, t.config.lr)
            else:
                self.warning = ""
            return False
        self.running = False
        self.alert = divergence_message(t.reason, t.config.lr)
        return True

    # -- what the page shows -------------------------------------------------------------------
    @locked
    def metrics(self) -> dict[str, float]:
        t = self.trainer
        m = dict(t.metrics)
        m["epoch"] = t.epoch
        return {k: (v if isinstance(v, int) or math.isfinite(v) else math.nan)
                for k, v in m.items()}
