"""Small maps as PNG data URIs, coloured with the diverging scale (pure NumPy + zlib).

The network diagram draws each node's output map as an image symbol: a 16x16 PNG is a few
hundred bytes, and the browser scales it up smoothly, as Playground's node maps look.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

from ui.figures.colors import DIVERGING


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


_STOPS = np.array([s for s, _ in DIVERGING]) * 2.0 - 1.0  # positions on [-1, 1]
_RGB = np.array([_hex(c) for _, c in DIVERGING], dtype=np.float64)  # (stops, 3)


def diverging_rgb(z: np.ndarray) -> np.ndarray:
    """z: any shape, values in [-1, 1] (clipped) -> uint8 RGB of shape z.shape + (3,)."""
    z = np.clip(np.nan_to_num(np.asarray(z, dtype=np.float64)), -1.0, 1.0)
    channels = [np.interp(z, _STOPS, _RGB[:, k]) for k in range(3)]
    return np.stack(channels, axis=-1).round().astype(np.uint8)


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bytes(rgb: np.ndarray) -> bytes:
    """rgb: (h, w, 3) uint8, row 0 at the top -> PNG file bytes."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[i].tobytes() for i in range(h))  # filter 0 on every row
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b""))


def map_uri(z: np.ndarray) -> str:
    """z: (g, g) in [-1, 1] with row 0 at the bottom of the plane -> 'image://data:...' for an
    ECharts image symbol (PNG rows run top-down, so the rows are flipped)."""
    png = png_bytes(diverging_rgb(np.asarray(z)[::-1]))
    return "image://data:image/png;base64," + base64.b64encode(png).decode("ascii")
