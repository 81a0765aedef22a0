"""Page setup and the sidebar navigation every page draws first.

The app runs in Streamlit's pages-directory mode on purpose: file names give the URLs
(pages/1_explorer.py -> /explorer), which makes deep links work on the very first request after
a server start (st.navigation does not, Streamlit issue #9624). The built-in page list is hidden
(client.showSidebarNavigation = false) and drawn here with readable titles instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui.classroom import present
from ui.replica import show_replica_notice
from ui.style import inject_css

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageInfo:
    path: str  # relative to the app root, as st.page_link wants it
    title: str
    icon: str
    teaser: str  # what you will learn there (home page cards)


PAGES: tuple[PageInfo, ...] = (
    PageInfo("app.py", "Home", ":material/home:", "What this course covers."),
    PageInfo(
        "pages/1_explorer.py",
        "Linear layer",
        ":material/grid_on:",
        "Type W, x and b as numbers and watch z = Wx + b one multiply-add at a time; "
        "activations, batches, the geometry of a 2-D layer, and a worked example to check.",
    ),
    PageInfo(
        "pages/2_backprop.py",
        "Backpropagation",
        ":material/undo:",
        "Follow the gradients back element by element: delta, every dL/dW_ij, dL/db and "
        "dL/dx, checked against finite differences, then take a step of gradient descent.",
    ),
    PageInfo(
        "pages/3_train.py",
        "Train a network",
        ":material/model_training:",
        "Train a small network live on classic 2-D datasets or your own CSV: loss curves, "
        "decision boundary, the network's weights, export to NumPy or PyTorch.",
    ),
    PageInfo(
        "pages/4_learn.py",
        "Lessons",
        ":material/school:",
        "The guided course: twelve short lessons from the first weighted sum to training a "
        "network, with checkpoints that check your answers.",
    ),
    PageInfo(
        "pages/5_operations.py",
        "Operations",
        ":material/tune:",
        "Batch normalization, dropout and L1/L2 regularization around the layer, number by "
        "number, in train and in eval mode.",
    ),
    PageInfo(
        "pages/6_concepts.py",
        "Concepts",
        ":material/lightbulb:",
        "Why the activation matters, and the linear layer inside CNNs, RNNs and transformers.",
    ),
)


def available_pages() -> list[PageInfo]:
    """Only pages whose script exists (st.page_link raises on a missing file)."""
    return [p for p in PAGES if (ROOT / p.path).exists()]


# The tab icon of every page, served by the app itself: a `:material/...:` page icon makes the
# browser fetch its favicon from a third-party font host (fonts.gstatic.com).
FAVICON = ROOT / "assets" / "favicon.png"


def setup_page(title: str, icon: str = ":material/grid_on:") -> None:
    """Call first on every page: wide layout, tab title, the shared sidebar navigation.
    `icon` is the page's Material icon in the sidebar and on the home cards (Streamlit serves
    that font itself); the browser tab shows FAVICON."""
    del icon  # kept so every page's call stays as it is
    present.read_link()  # present=1 / present=0 on the link (the mode is kept per session)
    presenting = present.presenting()
    st.set_page_config(page_title=f"{title} · Linear layer course", page_icon=str(FAVICON),
                       layout="wide",  # phones: collapsed; presenter mode: collapsed
                       initial_sidebar_state="collapsed" if presenting else "auto")
    inject_css()
    present.presenter_hooks(presenting)  # large type, contrast; closes the sidebar
    with st.sidebar:
        st.markdown("### The linear layer, y = Wx + b")
        for page in available_pages():
            st.page_link(page.path, label=page.title, icon=page.icon)
        present.sidebar_toggle()
        st.divider()
    present.show_notice()
    show_replica_notice()  # which class server; "your session was lost" after a failover
