"""One lesson step on /learn: where the learner is (the URL's lesson= and step=), the step's
text and checkpoint, its live tool, Previous / Next, the progress bar and the teacher notes.

Next is lit at once on a step that only explains; on an action step it lights up when the
tool reaches the state the step asks for (ui.learn.conditions), on a checkpoint step when the
checkpoint is answered or shown. The URL always says where the learner is, so a reload, a
bookmark or a link shared by a teacher opens the same step.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core.course.url_codec import encode_matrix, encode_vector
from ui.classroom.present import presenting
from ui.classroom.teacher_link import class_link_box, shown
from ui.highlight import SHOW_ALL, Conceal, Highlight
from ui.learn import bridge, checkpoint, conditions
from ui.learn.apply_preset import ensure_applied
from ui.learn.course import LEARN_PAGE
from ui.learn.hold_back import concealed, held_words, waits_for
from ui.learn.registry import LINK_PAGES
from ui.learn.schema import Lesson, Link, Step
from ui.learn.text import fill
from ui.learn.tools import CONCEALS, TOOL_VIEWS
from ui.marks import SYMBOL
from ui.nav import ROOT
from ui.safe_text import user_text
from ui.url_state import share_url

KEY_HERE = "learn_here"  # (lesson, step, can_next, steps) of the last run, for the keyboard
KEY_URL_WARNING = "learn_url_warning"
POLL_S = 1.0  # how often a locked step whose tool runs in a fragment re-checks its condition
LIVE_CONDITIONS = frozenset({"walked_to_end", "test_loss_below", "stepper_at"})
TEXT_TOOL_SPLIT = (2, 3)  # text ~40 %, tool ~60 % of a wide screen
TOOL_KEY = "learn_tool"  # the tool's container (the browser test measures where it starts)
TEXT_KEY = "learn_text"
TEXT_ONLY_KEY = "learn_text_only"  # a step that only explains
# A lesson step uses the width a projector has: less empty margin around the page, and a step
# title that fits its column in two lines. Style only (st.html takes no room), on steps only.
STEP_CSS = f"""<style>
@media (min-width: 641px) {{ [data-testid="stMainBlockContainer"] {{ padding-left: 1.5rem;
  padding-right: 1.5rem; padding-top: 2.25rem; }} }}
.st-key-{TEXT_KEY} h2, .st-key-{TEXT_ONLY_KEY} h2 {{ font-size: 1.7rem; padding-top: 0.2rem; }}
/* A step without a tool: lines short enough to read on a wide screen. */
.st-key-{TEXT_ONLY_KEY} {{ max-width: 56rem; }}
</style>"""


def _int(raw: str | None) -> int | None:
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def read_position(course: Sequence[Lesson]) -> tuple[int, int] | None:
    """(lesson, step) from the URL, or None for the course overview. A value that is not a
    lesson or a step is refused with a message naming it, and the nearest sensible place
    opens (the overview, or step 1)."""
    params = st.query_params
    if "lesson" not in params:
        return None
    lesson = _int(params.get("lesson"))
    if lesson is None or not 1 <= lesson <= len(course):
        st.warning(f"There is no lesson {user_text(params.get('lesson'))}: the course has "
                   f"lessons 1 to {len(course)}. Pick one below.", icon=":material/link_off:")
        return None
    steps = len(course[lesson - 1].steps)
    raw_step = params.get("step")
    step = 1 if raw_step is None else _int(raw_step)
    if step is None or not 1 <= step <= steps:
        st.warning(f"Lesson {lesson} has no step {user_text(raw_step)}: it has steps 1 to "
                   f"{steps}. Opened step 1.", icon=":material/link_off:")
        step = 1
    return lesson, step


def goto(lesson: int, step: int | None) -> None:
    """Move to a step (None: the overview), keeping any other URL parameters (present=1...)."""
    params = st.query_params
    if step is None:
        params.pop("lesson", None)
        params.pop("step", None)
        return
    params["lesson"] = str(lesson)
    params["step"] = str(step)


def step_complete(lesson: int, k: int, step: Step) -> tuple[bool, str]:
    """(may go on, what is still to do) for step k of a lesson."""
    met, missing = conditions.check(step.complete)
    if not met:
        cp = step.checkpoint
        held = (cp is not None and cp.walk_stops_at is not None and step.complete is not None
                and step.complete.get("kind") == "stepper_at"
                and int(step.complete["step"]) > cp.walk_stops_at
                and not checkpoint.revealed(lesson, k))
        if held:  # the walk waits for the checkpoint: say so, in the order it is done
            return False, ("Answer the checkpoint first (the tool's stepper waits for it); "
                           f"then {missing[:1].lower()}{missing[1:]}")
        return False, missing
    if step.checkpoint is not None and not checkpoint.is_done(lesson, k):
        return False, "Answer the checkpoint (or press Show me)."
    return True, ""


def _next(lesson: int, step: int, steps: int, lessons_total: int) -> None:
    if step < steps:
        goto(lesson, step + 1)
    elif lesson < lessons_total:
        goto(lesson + 1, 1)
    else:
        goto(lesson, None)


def _prev(lesson: int, step: int) -> None:
    if step > 1:
        goto(lesson, step - 1)


def on_key(direction: str) -> None:
    """The keyboard's Next / Previous, with the same lock as the buttons."""
    here = st.session_state.get(KEY_HERE)
    if here is None:
        return
    lesson, step, can_next, steps, total = here
    if direction == "next" and can_next:
        _next(lesson, step, steps, total)
    elif direction == "prev":
        _prev(lesson, step)


def _poll(condition) -> None:
    """A locked step whose tool runs in its own fragment (the stepper, the trainer): re-check
    the condition every POLL_S and redraw the page once it is met."""
    if conditions.check(condition)[0]:
        st.rerun(scope="app")


def link_query(lesson: Lesson, link: Link) -> dict[str, str]:
    """The link's query, plus the preset's layer in the explorer's link format."""
    query = dict(link.query)
    if link.preset is not None:
        p = lesson.presets[link.preset]
        query.update(W=encode_matrix(p.W), x=encode_vector(p.x), b=encode_vector(p.b),
                     act=p.activation)
    return query


def _links(lesson: Lesson, step: Step, values: dict) -> None:
    for link in step.links:
        path = LINK_PAGES[link.page]
        if (ROOT / path).exists():
            st.page_link(path, label=fill(link.label, values), icon=":material/open_in_new:",
                         query_params=link_query(lesson, link))
        else:  # that page is not in this build yet
            st.caption(f"{fill(link.label, values)} (the /{link.page} page is not in this "
                       "version of the app yet)")


def nav_bar(course: Sequence[Lesson], lesson: Lesson, k: int, can_next: bool,
            missing: str) -> None:
    steps, total = len(lesson.steps), len(course)
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small",
                       key="learn_nav")
    with bar:
        st.button("Back", key="learn_prev", icon=":material/arrow_back:",
                  disabled=k == 1, on_click=_prev, args=(lesson.number, k))
        last = k == steps
        label = ("Continue" if not last else
                 "Next lesson" if lesson.number < total else "Finish the course")
        st.button(label, key="learn_next", icon=":material/arrow_forward:", type="primary",
                  disabled=not can_next, on_click=_next,
                  args=(lesson.number, k, steps, total))
        if can_next:
            st.caption("Keyboard: →, Page Down or Space to continue, ← or Page Up to go back.")
        else:
            st.caption(f":material/lock: **To go on:** {missing}")


def lesson_view(course: Sequence[Lesson], number: int, k: int) -> None:
    lesson = course[number - 1]
    step = lesson.steps[k - 1]
    ensure_applied(number, k, lesson.presets.get(step.preset), step.walk)
    bridge.set_last(number, k)
    values = lesson.values(step.preset)

    # Whether this step is complete is known before anything is drawn (the checkpoint's
    # buttons and the tools' widgets ran their callbacks before this run), so the head's
    # count already includes it.
    can_next, missing = step_complete(number, k, step)
    if can_next:
        bridge.mark("done", number, k)
    # A compact head, so the step's text and its tool fit a projected 1280 x 720 screen.
    st.html(STEP_CSS)
    done = len(bridge.progress()["done"].get(str(number), []))
    st.subheader(f"Lesson {number}. {lesson.title}", anchor=False)
    st.progress(done / len(lesson.steps),
                text=f"Lesson {number} of {len(course)} · step {k} of {len(lesson.steps)} · "
                     f"{done} of {len(lesson.steps)} steps done")
    st.session_state[KEY_HERE] = (number, k, can_next, len(lesson.steps), len(course))
    conceal = concealed(lesson, k)
    # the tool pages show every number: their links wait while anything is held back
    links_wait = waits_for(conceal, lesson, k)
    if step.tool == "text":
        with st.container(key=TEXT_ONLY_KEY):
            step_text(course, lesson, k, step, values, can_next, missing, links_wait)
    else:
        # Text beside its tool on a wide screen (both seen at once on a projector); a phone
        # stacks the columns (Streamlit does below 640 px), the text first.
        text_column, tool_column = st.columns(TEXT_TOOL_SPLIT, gap="medium")
        with text_column, st.container(key=TEXT_KEY):
            step_text(course, lesson, k, step, values, can_next, missing, links_wait)
        with tool_column, st.container(key=TOOL_KEY):
            tool_view(step, can_next, conceal, held_words(conceal, k))

    if presenting():  # projected: no link to copy, no teacher notes (they hold the answers)
        return
    st.divider()
    if shown("step_link"):
        here = {"lesson": str(number), "step": str(k)}
        st.caption(f"Link to this step: `{share_url('learn', here)}`")
        class_link_box("learn", here)
    if shown("notes"):
        teacher_notes(lesson)


def step_text(course: Sequence[Lesson], lesson: Lesson, k: int, step: Step, values: dict,
              can_next: bool, missing: str, links_wait: str = "") -> None:
    """The step's title, goal, text, checkpoint, Back / Continue and links (links_wait:
    whose checkpoints they wait for, since the pages show what the tool holds back)."""
    st.header(f"{k}. {fill(step.title, values)}", anchor=False)
    st.markdown(f"**Goal:** {fill(step.goal, values)}")
    st.markdown(fill(step.text, values))
    if step.checkpoint is not None:
        checkpoint.checkpoint_view(lesson.number, k, step.checkpoint, values)
    nav_bar(course, lesson, k, can_next, missing)
    if shown("links") and step.links and links_wait:
        st.caption(f":material/link: The links to the tool pages appear once you have tried "
                   f"{links_wait} (the pages show every number).")
    elif shown("links"):
        _links(lesson, step, values)


def tool_view(step: Step, can_next: bool, conceal: Conceal = SHOW_ALL, held: str = "") -> None:
    """The step's live tool, with what its text refers to marked (ui.highlight) and said in
    words above it; conceal: what checkpoints ask for, drawn "?" (or a stepper's stop) until
    they are tried (ui.learn.hold_back), said in words by `held`."""
    page = step.tool.split(".")[0]
    highlight = Highlight(step.highlight)
    marked = (f" {SYMBOL} **Marked** (dashed outline): {user_text(highlight.label())}."
              if highlight else "")
    if conceal and step.tool in CONCEALS:
        marked += held
    st.caption(f":material/info: The tool holds this step's example; your changes also show "
               f"on /{page}.{marked}")
    view = TOOL_VIEWS[step.tool]
    if conceal and step.tool in CONCEALS:
        view(highlight, conceal)
    elif highlight:
        view(highlight)
    else:  # a step that marks nothing (its tool may not take a highlight)
        view()
    # Poll only while the tool's state is not there yet: once it is, a checkpoint still to
    # answer reruns the page itself (polling then would rerun the page forever).
    if (not can_next and step.complete and step.complete.get("kind") in LIVE_CONDITIONS
            and not conditions.check(step.complete)[0]):
        st.fragment(run_every=POLL_S)(_poll)(step.complete)


def teacher_notes(lesson: Lesson) -> None:
    values = lesson.values(lesson.teacher.preset)
    t = lesson.teacher
    with st.expander("Teacher notes", icon=":material/co_present:"):
        st.markdown(f"**The misconception this lesson targets.** {fill(t.misconception, values)}"
                    f"\n\n**Ask the class.** {fill(t.ask, values)}"
                    f"\n\n**Answers.** {fill(t.answers, values)}")
        st.markdown("**Every step of this lesson:**\n" + "\n".join(
            f"{k}. [{s.title}](/learn?lesson={lesson.number}&step={k})"
            for k, s in enumerate(lesson.steps, start=1)))


def overview(course: Sequence[Lesson]) -> None:
    from ui.learn.course import course_map, start_button

    st.title("The course: the linear layer in twelve lessons")
    st.markdown("Each lesson is a few short steps beside the live tool they talk about. Some "
                "steps ask you to *do* something in the tool, some ask you to work a number "
                "out first: the answer shows after you try. Your progress stays in this "
                "browser.")
    start_button(course)
    course_map(course)


__all__ = ["LEARN_PAGE", "goto", "lesson_view", "on_key", "overview", "read_position"]
