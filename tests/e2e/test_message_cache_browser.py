"""The browser's message cache stays empty while a network trains.

Streamlit's browser keeps every message of global.minCachedMessageSize (10 kB by default) or
more by hash, sends the whole list back with every rerun, and drops an entry only when a run
of its fragment finishes normally. The live charts redraw in fragment runs that nearly always
end early for the next timer tick, so with the default the list grew by about 4 a second of
training (~250 hashes after a minute, each a chart held in the tab's memory). The app sets the
minimum out of reach (.streamlit/config.toml), so nothing is cached. Counted from the real
websocket frames Chromium sends, after a number of large messages, not after a time.
"""

from __future__ import annotations

import time

from browser_helpers import assert_no_exception, wait_ready
from playwright.sync_api import Page
from streamlit.proto.BackMsg_pb2 import BackMsg

LARGE = 10_000  # bytes: Streamlit's default minimum size of a cached message
LARGE_MESSAGES = 30  # chart redraws to wait for (each would be cached by default)


def test_training_leaves_no_cached_messages_in_the_browser(page: Page, server: str) -> None:
    sent_hashes: list[int] = []  # len(cached_message_hashes) of every rerun the browser sent
    large_received = [0]

    def on_socket(ws) -> None:
        def sent(payload) -> None:
            if isinstance(payload, bytes):
                msg = BackMsg()
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "rerun_script":
                    sent_hashes.append(len(msg.rerun_script.cached_message_hashes))

        def received(payload) -> None:
            if isinstance(payload, bytes) and len(payload) >= LARGE:
                large_received[0] += 1

        ws.on("framesent", sent)
        ws.on("framereceived", received)

    page.on("websocket", on_socket)
    page.goto(f"{server}/train?speed=fast")
    wait_ready(page)
    page.get_by_role("button", name="Train", exact=True).click()
    deadline = time.monotonic() + 120  # a bound on a slow machine, not a measurement
    while large_received[0] < LARGE_MESSAGES and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert large_received[0] >= LARGE_MESSAGES, "the charts did not redraw while training"
    reruns_before = len(sent_hashes)
    page.wait_for_timeout(1000)  # a few more timer reruns carry the list as it is now
    assert len(sent_hashes) > reruns_before, "no rerun was sent while training"
    assert max(sent_hashes) == 0, sent_hashes[-10:]
    page.get_by_role("button", name="Pause", exact=True).click()
    assert_no_exception(page)
