"""A headless student: Streamlit 1.67's browser protocol over its websocket, no browser.

What it does is what the browser's App/ConnectionManager do (read from Streamlit's frontend
bundle, streamlit/static/static/js/index.*.js), so the server does the same work for it:
- open: GET the page (the balancer's stickiness cookie is kept and sent with every request),
  GET /_stcore/health and /_stcore/host-config, then the websocket /_stcore/stream with the
  subprotocols ["streamlit"] and permessage-deflate (as Chromium), and a rerun_script BackMsg
  naming the page (page_name from the URL path, the query string, context info);
- ForwardMsg cache: every cacheable message is kept by hash; a ref_hash message is replaced
  by the cached one; every rerun sends all cached hashes; on script_finished (unless
  FINISHED_EARLY_FOR_RERUN) the run count advances and messages older than
  max_cached_message_age are dropped, but in a fragment run only that fragment's messages age
  (ForwardMessageCache.incrementRunCount);
- fragment timers: auto_rerun starts a setInterval-like timer per fragment (not restarted
  for the same interval) that sends a rerun with fragment_id and is_auto_rerun whether or not
  the last run finished; stop_auto_rerun and a full run's new_session clear them;
- a click: a rerun with the button's trigger_value (its id read from the button element).
It does not render: it records every new value of the Epoch metric (a screen update) and when
each run finishes. Widget values the browser would echo unchanged (sliders, selects the
student never touched) are not sent; the server then keeps their values, as it does for them.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN


@dataclass
class CachedMsg:
    msg: ForwardMsg
    run_count: int
    fragment_id: str


@dataclass
class Student:
    base: str  # http://127.0.0.1:PORT
    path: str = "train"  # the page, as in the URL
    query: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    epochs: list[tuple[float, int]] = field(default_factory=list)  # (monotonic time, epoch)
    buttons: dict[str, str] = field(default_factory=dict)  # label -> widget id
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ws = None
        self.page_script_hash = ""
        self.max_age = 2
        self.cache: dict[str, CachedMsg] = {}
        self.run_count = 0
        self.timers: dict[str, tuple[float, asyncio.Task]] = {}
        self.finished = asyncio.Event()  # a full (non-fragment) run finished successfully
        self.label_seen: dict[str, float] = {}  # button label -> when last drawn
        self.reader: asyncio.Task | None = None
        self.early = 0  # runs that ended FINISHED_EARLY_FOR_RERUN
        self.runs = 0  # every finished run

    # -- HTTP, as the browser before the websocket ------------------------------------------
    def _get(self, path: str) -> None:
        req = urllib.request.Request(self.base + path)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            for header in r.headers.get_all("Set-Cookie") or []:
                for k, morsel in SimpleCookie(header).items():
                    self.cookies[k] = morsel.value

    async def open(self) -> None:
        """Load the page and connect; returns once the page's first full run has finished."""
        for path in (f"/{self.path}" + (f"?{self.query}" if self.query else ""),
                     "/_stcore/health", "/_stcore/host-config"):
            await asyncio.to_thread(self._get, path)
        host = urlsplit(self.base).netloc
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        self.ws = await websockets.connect(
            f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=self.base,
            additional_headers=headers, max_size=None, open_timeout=60, ping_interval=None)
        self.reader = asyncio.create_task(self._read())
        self.finished.clear()
        await self.rerun(page_name=self.path)
        await self.finished.wait()

    async def close(self) -> None:
        for _, task in self.timers.values():
            task.cancel()
        self.timers.clear()
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()

    # -- BackMsgs ---------------------------------------------------------------------------
    async def rerun(self, widgets: list[WidgetState] | None = None, fragment_id: str = "",
                    auto: bool = False, page_name: str = "") -> None:
        state = ClientState(
            query_string=self.query, widget_states=WidgetStates(widgets=widgets or []),
            page_script_hash=self.page_script_hash, page_name=page_name,
            fragment_id=fragment_id, is_auto_rerun=auto,
            cached_message_hashes=list(self.cache),
            context_info=ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US",
                                     url=f"{self.base}/{self.path}", is_embedded=False,
                                     color_scheme="light"))
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())

    async def click(self, label: str) -> float:
        """Click the button with this label (a full rerun); returns when it was sent."""
        widget = WidgetState(id=self.buttons[label], trigger_value=True)
        self.finished.clear()
        sent = time.monotonic()
        await self.rerun([widget])
        return sent

    async def wait_label(self, label: str, after: float, timeout: float = 60.0) -> float:
        """Seconds from `after` until a button with this label was drawn (after `after`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.label_seen.get(label, 0.0)
            if seen > after:
                return seen - after
            await asyncio.sleep(0.005)
        raise TimeoutError(f"no '{label}' button within {timeout:.0f} s")

    # -- fragment timers (the browser's setInterval) ---------------------------------------------
    def _start_timer(self, fragment_id: str, interval: float) -> None:
        old = self.timers.get(fragment_id)
        if old is not None and old[0] == interval:
            return
        if old is not None:
            old[1].cancel()
        self.timers[fragment_id] = (interval, asyncio.create_task(
            self._tick(fragment_id, interval)))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        due = time.monotonic() + interval
        while True:
            await asyncio.sleep(max(due - time.monotonic(), 0))
            due = max(due + interval, time.monotonic())  # a late timer does not queue up
            await self.rerun(fragment_id=fragment_id, auto=True)

    def _clear_timers(self, fragment_ids=None) -> None:
        for fid in list(self.timers if fragment_ids is None else fragment_ids):
            entry = self.timers.pop(fid, None)
            if entry is not None:
                entry[1].cancel()

    # -- ForwardMsgs ------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for data in self.ws:
                self._handle(ForwardMsg.FromString(data))
        except websockets.ConnectionClosed:
            pass
        except Exception as exc:  # noqa: BLE001 - reported with the figures
            self.errors.append(repr(exc))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                self.errors.append(f"cache miss {msg.ref_hash}")
                return
            cached.run_count = self.run_count  # a hit refreshes its age (getCachedMessage)
            metadata = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached.msg)
            msg.metadata.CopyFrom(metadata)
            kind = msg.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash and msg.hash not in self.cache:
            self.cache[msg.hash] = CachedMsg(msg, self.run_count, msg.delta.fragment_id)
        if kind == "new_session":
            if not msg.metadata.run.fragment_ids:
                self._clear_timers()
            self.page_script_hash = msg.new_session.page_script_hash
            self.max_age = msg.new_session.config.max_cached_message_age or self.max_age
        elif kind == "navigation" and msg.navigation.page_script_hash:
            self.page_script_hash = msg.navigation.page_script_hash  # the page this run drew
        elif kind == "delta":
            self._delta(msg)
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            self._clear_timers(msg.stop_auto_rerun.fragment_ids)
        elif kind == "script_finished":
            fragment_ids = list(msg.metadata.run.fragment_ids)
            self.runs += 1
            self.early += msg.script_finished == EARLY
            if msg.script_finished != EARLY:
                self._age_cache(fragment_ids)
            if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY and not fragment_ids:
                self.finished.set()
        elif kind == "page_not_found":
            self.errors.append(f"page not found: {self.path}")

    def _delta(self, msg: ForwardMsg) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        if kind == "metric" and el.metric.label == "Epoch":
            value = int(el.metric.body.replace(",", ""))
            if not self.epochs or self.epochs[-1][1] != value:
                self.epochs.append((time.monotonic(), value))
        elif kind == "button":
            self.buttons[el.button.label] = el.button.id
            self.label_seen[el.button.label] = time.monotonic()

    def _age_cache(self, fragment_ids: list[str]) -> None:
        self.run_count += 1
        for h, entry in list(self.cache.items()):
            if fragment_ids and entry.fragment_id not in fragment_ids:
                continue
            if self.run_count - entry.run_count > self.max_age:
                del self.cache[h]
