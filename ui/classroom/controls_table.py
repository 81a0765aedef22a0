"""The one table of the controls a teacher's link can hide (hide=NAME,NAME), per page.

The "Make a class link" box draws its checkboxes from it, the link parser checks hide= names
against it, and the docs list it: a name here is a promise that `shown(name)` guards that
control on that page. Names are words a teacher understands, not widget keys.
lock=1 (ui.classroom.teacher_link.locked) freezes every number that changes the example; what
it leaves working is said in LOCK_KEEPS.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Control:
    name: str  # what hide= says
    what: str  # what it is on screen (the checkbox label and the docs)


# Every page with a share link also has these two (ui.classroom.teacher_link.class_link_box
# and ui.learn.footer).
_LINKS = Control("share", "the share-link box and the “Make a class link” box")
_LESSONS = Control("lessons", "the links to the guided lessons at the foot of the page")

PAGE_CONTROLS: dict[str, tuple[Control, ...]] = {
    "explorer": (
        Control("size", "the Inputs m and Outputs n boxes"),
        Control("activation", "the Activation f menu"),
        Control("presets", "the presets, the seed, Load preset and Randomize"),
        Control("reset", "the Reset and Reset everything buttons"),
        Control("views", "the view switcher (Edit & compute, Step by step, Batch, ...)"),
        Control("quiz", "the “Check yourself” view"),
        _LINKS, _LESSONS,
    ),
    "backprop": (
        Control("editor", "the “Edit W, x and b here” box"),
        Control("size", "the Inputs m and Outputs n boxes"),
        Control("activation", "the Activation f menu"),
        Control("loss", "the loss menu and its target"),
        Control("learning_rate", "the learning rate box"),
        Control("second_layer", "the second-layer switch and its settings"),
        Control("reset", "the Reset everything button"),
        Control("views", "the view switcher (Step by step, Check, Descent, ...)"),
        Control("quiz", "the “Check yourself” view"),
        _LINKS, _LESSONS,
    ),
    "train": (
        Control("dataset", "the dataset menu, points, noise, split, data seed, Regenerate"),
        Control("upload", "the CSV upload and the sample CSV files"),
        Control("features", "the features fed to the network"),
        Control("network", "the hidden layers, neurons, activation, dropout, batch norm, "
                           "initialization and seed"),
        Control("training", "the loss, optimizer, momentum and batch size"),
        Control("learning_rate", "the learning rate menu"),
        Control("regularization", "the L1 and L2 rates"),
        Control("speed", "the Speed switch"),
        Control("reset", "the Reset and Reset everything buttons"),
        Control("export", "the export and import box"),
        _LINKS, _LESSONS,
    ),
    "operations": (
        Control("operations", "the operation switcher (batch norm, dropout, L1/L2)"),
        Control("parts", "the part switcher of the operation"),
        Control("editor", "the number grids of the operation"),
        Control("settings", "the sidebar sizes, settings and presets"),
        Control("reset", "the Reset this operation button"),
        _LINKS, _LESSONS,
    ),
    "concepts": (
        Control("topics", "the topic switcher"),
        Control("editor", "the number grids of the topic"),
        Control("settings", "the topic's presets, activation, steps and seed"),
        Control("reset", "the Default numbers button"),
        _LINKS, _LESSONS,
    ),
    "learn": (
        Control("answers", "the checkpoints' “Show me” button"),
        Control("notes", "the Teacher notes box"),
        Control("links", "the links from a lesson step to the full pages"),
        Control("step_link", "the “Link to this step” line and the Make a class link box"),
    ),
}

# What lock=1 leaves working, per page (the notice and the docs say it).
LOCK_KEEPS: dict[str, str] = {
    "explorer": "the views and the step-by-step walk",
    "backprop": "the views, the step-by-step walk and the gradient check",
    "train": "Train, Pause, Step, Reset and the charts",
    "operations": "the parts and the step-by-step walks",
    "concepts": "the topics and the step-by-step walks",
    "learn": "Back, Continue, the checkpoints and the tools' steps and views",
}


def names(page: str) -> tuple[str, ...]:
    """The hide= names of `page`, in the table's order."""
    return tuple(c.name for c in PAGE_CONTROLS[page])


def markdown_table() -> str:
    """The table as Markdown, for the README (page, name, what it hides)."""
    rows = ["| Page | hide= name | Hides |", "|---|---|---|"]
    for page, controls in PAGE_CONTROLS.items():
        rows += [f"| /{page} | `{c.name}` | {c.what} |" for c in controls]
    return "\n".join(rows)
