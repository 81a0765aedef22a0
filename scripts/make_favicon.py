"""Draw assets/favicon.png, the tab icon of every page: a 3 x 3 weight matrix in the app's
diverging colours. The app serves it itself (a `:material/...:` page icon would make every
browser fetch the icon from a third-party font host). Run once: python scripts/make_favicon.py"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE, CELLS, GAP = 64, 3, 4
COLORS = (("#0b5cad", "#f1f4f8", "#c2410c"), ("#f1f4f8", "#0b5cad", "#f1f4f8"),
          ("#c2410c", "#f1f4f8", "#0b5cad"))

img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
draw = ImageDraw.Draw(img)
draw.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=10, fill="#111827")
step = (SIZE - GAP) / CELLS
for i, row in enumerate(COLORS):
    for j, color in enumerate(row):
        x0, y0 = GAP + j * step, GAP + i * step
        draw.rounded_rectangle((x0, y0, x0 + step - GAP, y0 + step - GAP), radius=3, fill=color)
img.save(Path(__file__).resolve().parents[1] / "assets" / "favicon.png")
