"""The base of habitnet's forms: a modal screen that is cheap to show again.

Forms are built once and reused (an installed screen, reloaded with new values), but
pushing an already-built modal still cost 100–250 ms on the 10-year data. Where it went
(cProfile / phase timers around one key):

- Textual restyles the pushed screen's whole DOM on every resume
  (``ScreenResume.refresh_styles``): 27 ms for the log form, 70 ms for the contact
  form, although nothing changed since it was last shown.
- A translucent modal repaints the screen below it — all of it, tinted — each time
  any line of the modal's background is redrawn, and the screen below asks for such a
  redraw once more right after every push (Textual refreshes the suspended screen).
- Labels updated with the text they already had each asked for a layout of the form.

:class:`FormScreen` skips the restyle when nothing that styles depend on has changed
since the last time (same stylesheet, same CSS generation, same app focus); it is
opaque, so a redraw request from the screen below (which it hides) is ignored; and it
carries its own key bar. :class:`TextLine` is a one-line label that repaints without a
layout when its text changes. :func:`reusable` keeps one built form per app.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from rich.text import Text
from textual import events
from textual.css.model import SelectorType
from textual.geometry import Region
from textual.layout import Layout
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

R = TypeVar("R")
S = TypeVar("S", bound=ModalScreen[Any])

MODAL_CSS = """
FormScreen { align: center middle; background: $background; }
FormScreen:ansi { background: transparent; }
"""


class KeepsOwnLines:
    """Screen mixin: repainting the screen reuses the screen's own rendered lines.

    Textual repaints a screen whole each time it is shown again (a form opens or
    closes: ``App.push_screen`` / ``_replace_screen`` and ``Screen._on_screen_resume``
    call ``refresh()``, 8.2), on each focus move in a form (``Screen.focused``), and
    a screen under a modal marks what changed on it dirty. Each time the screen's own
    rendered lines are dropped — its background, 40 lines at 120x40, ~2 ms to render
    again — although for an opaque screen they depend only on its size and styles.
    Here the same regions are still repainted (the terminal gets the same update), but
    the lines are kept while what they were rendered from is unchanged; any change
    (size, styles, theme) drops them as Textual does.
    """

    _lines_from: tuple[Any, ...] | None = None

    def _lines_source(self) -> tuple[Any, ...] | None:
        """What the screen's own lines are rendered from; None: do not keep them (a
        translucent screen draws the screen below through its background)."""
        screen: Any = self
        styles = screen.styles
        if styles.background.a < 1:
            return None
        app = screen.app
        return (
            screen.size,
            styles.background,
            styles.background_tint,
            styles.color,
            styles.tint,
            styles.opacity,
            styles.text_opacity,
            styles.border,
            styles.outline,
            styles.padding,
            app.styles.background,
            app.ansi_color,
            app._css_update_count,
            app.theme,
        )

    def _set_dirty(self, *regions: Region) -> None:
        # Widget._set_dirty (Textual 8.2) marks regions (none: the whole widget) for
        # repaint and drops the rendered lines there; Widget.refresh and a covered
        # screen's compositor refresh (Screen._compositor_refresh) both come here.
        screen: Any = self
        source = self._lines_source()
        if source is None or source != self._lines_from:
            if not regions:
                self._lines_from = source  # all lines are rendered again from this
            super()._set_dirty(*regions)  # type: ignore[misc]
            return
        # The same minus ``self._styles_cache`` (the lines are what they would be).
        if regions:
            offset = screen.content_offset
            moved = [region.translate(offset) for region in regions]
            screen._dirty_regions.update(moved)
            screen._repaint_regions.update(moved)
        else:
            screen._dirty_regions.clear()
            screen._repaint_regions.clear()
            outer = screen.outer_size
            screen._dirty_regions.add(outer.region)
            if outer:
                screen._repaint_regions.add(outer.region)


class StyledOnMount:
    """Screen mixin: the first resume after mounting skips Textual's whole-screen restyle.

    A mode screen's first resume follows its mount (at once on a first visit, or later
    for a screen mounted hidden in idle time), and every node was styled as it mounted:
    Textual's restyle of the whole screen (``ScreenResume.refresh_styles``) would only
    cost time. Only when no CSS change (theme, stylesheet) came in between: Textual 8.2
    counts those in ``App._css_update_count``. Later resumes restyle as Textual does.
    The mixin's handlers run beside the screen's own ``on_mount`` / ``on_screen_resume``
    (Textual dispatches one handler per class in the MRO) and before ``Screen``'s.
    """

    _styled_at: int | None = None  # the app's CSS generation when the screen mounted

    def _on_mount(self, _event: events.Mount) -> None:
        app: Any = getattr(self, "app")  # noqa: B009 - a Screen's, not the mixin's
        self._styled_at = getattr(app, "_css_update_count", None)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        app: Any = getattr(self, "app")  # noqa: B009
        styled_at, self._styled_at = self._styled_at, None
        if styled_at is not None and styled_at == getattr(app, "_css_update_count", None):
            event.refresh_styles = False


class FormScreen(KeepsOwnLines, ModalScreen[R]):
    """A modal form that is cheap to push again once built (see the module docstring).

    Subclasses handle resuming in ``on_screen_resume`` (never ``_on_screen_resume``,
    which would hide this class's handler) and yield a ``KeyBar`` of their own: the
    screen below, and its key bar, are hidden behind the opaque background.
    """

    DEFAULT_CSS = MODAL_CSS

    _style_stamp: tuple[Any, ...] | None = None
    _refill_pending = False

    def refill(self) -> None:
        """Show the values last given to the form's ``load`` (subclasses that reload
        override this). Called when a ``load`` came while the form was still mounting
        (built in idle time, then opened at once): its widgets were composed earlier."""

    def refill_once_mounted(self) -> None:
        """For a form's ``load`` that finds it not mounted yet (see ``refill``)."""
        self._refill_pending = True

    def _styles_stamp(self) -> tuple[Any, ...]:
        """What the form's computed styles depend on besides its own classes, whose
        changes restyle the changed widget at once (``set_class``, focus, hover)."""
        app = self.app
        return (
            app.stylesheet,
            app.stylesheet.rules,  # a new list on every (re)parse
            app._css_update_count,  # bumped by theme changes
            app.app_focus,
            app.theme,
        )

    def _rules_for_me(self, rules: list[Any]) -> list[tuple[Any, ...]]:
        """The rules in ``rules`` that could style this form's widgets, as plain values.

        The stylesheet is parsed again whenever a screen's CSS is first loaded (the first
        visit of each screen), and the rules that reach the form are usually the same.
        A rule counts when one of its selectors names only types, ids and classes that
        the form's widgets have now (a class added later restyles that widget anyway).
        Default rules keep the rank of their tie breaker, not its value: Textual shifts
        the tie breakers of shared base classes when a deeper subclass registers.
        """
        names = {"ScrollBar", "ScrollBarCorner", "Widget", "*"}
        for node in self.walk_children(with_self=True):
            names |= node._selector_names
            names.update(f".{c}" for c in node._get_component_classes())
        prefix = {SelectorType.TYPE: "", SelectorType.CLASS: ".", SelectorType.ID: "#"}
        picked = []
        for rule in rules:
            if names.isdisjoint(rule.selector_names):
                continue
            for selector_set in rule.selector_set:
                if all(
                    sel.type not in prefix or prefix[sel.type] + sel.name in names
                    for sel in selector_set.selectors
                ):
                    picked.append(rule)
                    break
        ranks = {tb: i for i, tb in enumerate(sorted({r.tie_breaker for r in picked}))}
        return [
            (r.selectors, r.is_default_rules, ranks[r.tie_breaker], _values(r.styles))
            for r in picked
        ]

    def _styles_current(self, last: tuple[Any, ...] | None, now: tuple[Any, ...]) -> bool:
        """True when the styles computed under ``last`` still hold under ``now``."""
        if last is None or last[0] is not now[0] or last[2:] != now[2:]:
            return False
        if last[1] is now[1]:
            return True
        try:
            return self._rules_for_me(last[1]) == self._rules_for_me(now[1])
        except Exception:  # noqa: BLE001 - when in doubt, restyle
            return False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's Screen._on_screen_resume (handlers run down the MRO),
        # which restyles the whole form unless told not to.
        stamp = self._styles_stamp()
        if self._styles_current(self._style_stamp, stamp):
            event.refresh_styles = False
        self._style_stamp = stamp

    def _on_mount(self, event: events.Mount) -> None:
        # Dispatched as well as Screen._on_mount (one handler per class in the MRO).
        app: Any = self.app
        app.screen_change_signal.subscribe(self, self._other_screen_shown)
        settle = getattr(app, "settle_gc_soon", None)
        if callable(settle) and app.is_screen_installed(self):
            # A kept form lives as long as the app: take its widgets out of the cyclic
            # collector's walks, like the mode screens (a one-off form is not frozen:
            # it is dropped when dismissed).
            settle(1.0)
        if self._refill_pending:
            self.call_next(self._refill_now)  # after mounting has finished

    def _refill_now(self) -> None:
        self._refill_pending = False
        self.refill()

    def _on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)

    def _other_screen_shown(self, _screen: Any) -> None:
        """Another screen's first visit loads its CSS and parses the stylesheet again;
        if that changed this (hidden, built) form's styles, restyle it now, as part of
        that screen switch, rather than when the form is next opened."""
        self.restyle_if_stale()

    def restyle_if_stale(self) -> None:
        """Restyle this hidden, built form if the stylesheet changed what styles it
        (a screen mounted for the first time adds its widgets' default CSS)."""
        if self._style_stamp is None or self in self.app.screen_stack:
            return
        stamp = self._styles_stamp()
        if not self._styles_current(self._style_stamp, stamp):
            self.update_node_styles(animate=False)
            # The first restyle also styles scrollbars made since the form was built,
            # which asks for a layout: do it (and the repaint after it) while hidden,
            # once those requests have arrived, not on the next open (~10 ms there).
            run_in_idle_steps(self.app, settle_steps(self.app, self), pause=0.3)
        self._style_stamp = stamp

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> FormScreen[R]:
        # Only a screen below asks the top screen to repaint given regions (Textual's
        # Screen._compositor_refresh). An opaque form hides that screen: nothing to do.
        if regions and not layout and not recompose and self.styles.background.a == 1:
            return self
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self


def _values(styles: Any) -> tuple[tuple[str, Any], ...]:
    """A rule's declarations as comparable values (layouts compare by identity)."""
    return tuple(
        (name, value.name if isinstance(value, Layout) else value)
        for name, value in sorted(styles.get_rules().items(), key=lambda item: item[0])
    )


class TextLine(Widget):
    """A one-line text (no markup) that repaints without a layout when it changes.

    ``Static.update`` always asks for a layout of the whole form, even for the same text.
    """

    DEFAULT_CSS = "TextLine { height: 1; width: 1fr; }"

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return Text(self._text, no_wrap=True, overflow="ellipsis", end="")


#: One built form per (app, name), reused by later opens (see ``reusable``).
_KEPT: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def reusable(app: Any, name: str, build: Callable[[], S], reload: Callable[[S], None]) -> S:
    """The form ``name`` to push: built (and installed) on first use, then reloaded.

    An installed screen stays built after it is dismissed, so a later open only calls
    ``reload`` on it. A form already on the stack is never reused: ``build`` makes a
    one-off second one (dismissing it removes it).
    """
    kept: dict[str, Any] = _KEPT.setdefault(app, {})
    form = kept.get(name)
    if form is not None and app.is_screen_installed(form):
        if form in app.screen_stack:
            return build()
        reload(form)
        return form
    form = build()
    app.install_screen(form, name=f"habitnet-{name}-{id(form)}")
    kept[name] = form
    return form


def restyle_kept_forms(app: Any) -> None:
    """Restyle the app's kept, hidden forms whose styles the stylesheet has changed (for
    a screen mounted in idle time: else it happens when that screen is first shown)."""
    for form in list(_KEPT.get(app, {}).values()):
        if isinstance(form, FormScreen) and form.is_mounted:
            form.restyle_if_stale()


def mount_hidden(app: Any, form: Screen[Any]) -> None:
    """Mount (compose and style) an installed form without showing it.

    Uses ``App._get_screen`` (Textual 8.2), which is what ``push_screen`` itself calls
    to mount a screen before showing it.
    """
    if app.is_screen_installed(form) and not form.is_running:
        app._get_screen(form)


def paint_hidden(app: Any, form: Screen[Any]) -> None:
    """Lay out and paint a mounted, hidden form (its widgets keep what they drew), so
    its first open costs what a later one does. Best effort: Textual's private layout
    calls (8.2) are guarded, and anything left undone happens on the first open.
    """
    if not form.is_mounted or form in app.screen_stack:
        return
    try:
        if form._layout_required or form._compositor.size != app.size:
            form._refresh_layout(app.size)  # arranges; paints only if current (it is not)
            form._layout_required = False  # what mounting asked for is done now
        form._compositor.render_update(full=True, screen_stack=[])  # fill line caches
        if isinstance(form, FormScreen) and form._style_stamp is None:
            form._style_stamp = form._styles_stamp()  # styled as it mounted, just now
    except Exception:  # noqa: BLE001 - an optimisation only
        pass


def settle_hidden(app: Any, form: Screen[Any]) -> None:
    """Lay out and paint a hidden form again if something asked for a layout since it
    was last painted (Textual keeps the request until the form is shown: a pushed form
    that still needs a layout costs one more layout and a second frame to open)."""
    if form.is_mounted and form not in app.screen_stack and form._layout_required:
        paint_hidden(app, form)


def settle_steps(app: Any, form: Screen[Any]) -> list[Callable[[], object]]:
    """Two ``settle_hidden`` steps: the second for what the first layout set off."""
    return [partial(settle_hidden, app, form), partial(settle_hidden, app, form)]


def build_steps(app: Any, form: Screen[Any]) -> list[Callable[[], object]]:
    """The idle-time steps that make an installed ``form`` ready to show: mount it,
    lay it out and paint it, then once more after its widgets have handled what the
    first layout told them (e.g. a list scrolling to its highlight), then again if
    mounting left a layout request behind (a ``Select``'s overlay styles itself late)."""
    return [
        partial(mount_hidden, app, form),
        partial(paint_hidden, app, form),
        partial(paint_hidden, app, form),
        *settle_steps(app, form),
    ]


def run_in_idle_steps(
    app: Any,
    steps: list[Callable[[], object]],
    pause: float = 0.3,
    done: Callable[[], object] | None = None,
) -> None:
    """Run ``steps`` one at a time, ``pause`` seconds apart (a key pressed meanwhile
    waits for one step at most; 0: after each repaint), stopping if the app quits or
    has no data; then call ``done`` (if the steps all ran)."""
    steps = list(steps)

    def step() -> None:
        if getattr(app, "session", None) is None or app._exit or getattr(app, "_quitting", False):
            return
        if steps:
            steps.pop(0)()
        if not steps:
            if done is not None:
                done()
            return
        if pause > 0:
            app.set_timer(pause, step, name="habitnet-build-forms")
        else:  # as soon as what the step caused has been painted
            app.call_after_refresh(step)

    step()


def prebuilt(app: Any, name: str, build: Callable[[], ModalScreen[Any]]) -> Screen[Any] | None:
    """Install the reusable form ``name`` (as ``reusable`` would on first use) without
    mounting it; None when it already exists."""
    kept: dict[str, Any] = _KEPT.setdefault(app, {})
    form = kept.get(name)
    if form is not None and app.is_screen_installed(form):
        return None
    form = build()
    app.install_screen(form, name=f"habitnet-{name}-{id(form)}")
    kept[name] = form
    return form


def prebuild_forms(app: Any, pause: float = 0.3, contact_form: bool = False) -> None:
    """Build Today's forms (log an activity, check in) in idle moments, off screen,
    and with ``contact_form`` People's contact form after them.

    For the app to call once the data is on screen: opening a form the first time then
    costs what a later open does. Mounting the log form takes the UI thread for
    ≈150–250 ms on this machine, the contact form ≈200–300 ms, the other steps 10–40 ms
    each; they run ``pause`` seconds apart and never before the data has loaded.
    """
    run_in_idle_steps(app, prebuild_form_steps(app, contact_form), pause)


def prebuild_form_steps(app: Any, contact_form: bool = False) -> list[Callable[[], object]]:
    """The steps of :func:`prebuild_forms` (the forms are installed now, built by the
    steps), for a caller that runs them with steps of its own."""
    from .checkin import CheckInScreen
    from .log_activity import LogActivityScreen

    builds: list[tuple[str, Callable[[], ModalScreen[Any]]]] = [
        ("log-form", LogActivityScreen),
        ("checkin-form", CheckInScreen),
    ]
    if contact_form:
        from .contact import ContactForm

        session = getattr(app, "session", None)
        if session is not None:
            cadence = session.state.settings.default_cadence_days
            # The name and form PeopleScreen._contact_form reuses (and reloads).
            builds.append(("contact-form", partial(ContactForm, None, cadence)))
    steps: list[Callable[[], object]] = []
    for name, build in builds:
        form = prebuilt(app, name, build)
        if form is not None:
            steps += build_steps(app, form)
    return steps
