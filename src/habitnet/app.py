"""The habitnet Textual app: the shell, its modes, loading, saving and the day rollover.

Start-up is kept light: nothing heavy (pydantic, the store, the engine) is imported
before the first frame. The data loads in a thread worker after the first frame; until
then ``app.session`` is ``None``. Today's first frame is a loading state; when the glance
file the last save wrote (:mod:`habitnet.sidecar`) is current, Today's panels follow at
once with its numbers, and the load starts after them.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from .clock import Clock, SystemClock
from .widgets.keybar import KeyBar

if TYPE_CHECKING:
    from .session import SaveNotice, Session

T = TypeVar("T")

#: mode name -> (key, title, module, class)
SCREENS: dict[str, tuple[str, str, str, str]] = {
    "today": ("t", "Today", "habitnet.screens.today", "TodayScreen"),
    "energy": ("e", "Energy", "habitnet.screens.energy", "EnergyScreen"),
    "journal": ("j", "Journal", "habitnet.screens.journal", "JournalScreen"),
    "people": ("p", "People", "habitnet.screens.people", "PeopleScreen"),
    "review": ("w", "Review", "habitnet.screens.review", "ReviewScreen"),
    "settings": ("s", "Settings", "habitnet.screens.settings", "SettingsScreen"),
}

SCREENS_GROUP = Binding.Group("screens", compact=False)

MIN_WIDTH = 60
MIN_HEIGHT = 15
DAY_CHECK_SECONDS = 30.0


FIRST_MODE = "today"


def _screen_css_paths() -> tuple[list[str], list[str]]:
    """The screens' stylesheets: ``([the first screen's], [every other screen's])``."""
    here = Path(__file__).parent
    names = sorted(p.name for p in (here / "screens").glob("*.tcss"))
    first = f"{FIRST_MODE}.tcss"
    return (
        [f"screens/{name}" for name in names if name == first],
        [f"screens/{name}" for name in names if name != first],
    )


_FIRST_CSS, _LATER_CSS = _screen_css_paths()


class UnavailableScreen(Screen[None]):
    """Stands in for a screen whose module cannot be imported (yet)."""

    DEFAULT_CSS = """
    UnavailableScreen #unavailable { padding: 1 2; color: $warning; }
    """

    def __init__(self, title: str, problem: str) -> None:
        super().__init__()
        self.title_text = title
        self.problem = problem

    def compose(self) -> ComposeResult:
        from .widgets.statusline import StatusLine

        yield StatusLine()
        yield Static(
            f"The {self.title_text} screen is not available in this build.\n\n{self.problem}",
            id="unavailable",
        )
        yield KeyBar()


def screen_class(mode: str) -> type[Screen[Any]]:
    """Import and return the screen class of a mode (raises on failure)."""
    _key, _title, module, name = SCREENS[mode]
    cls = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, Screen)):
        raise TypeError(f"{module}.{name} is not a Screen")
    return cls


def _skip_full_restyle(screen: Screen[Any]) -> None:
    """Spare a new mode screen Textual's whole-app restyle on its first switch.

    Textual restyles every node of every screen when a screen first appears with an
    older CSS generation. All screen stylesheets are read at start-up (CSS_PATH, the
    others right after the first frame), and the new screen's own nodes are styled as
    they mount, so that pass only costs time (about a second with the demo data). The
    private counter is Textual 8.2's.
    """
    from textual._context import active_app

    try:
        app = active_app.get()
    except LookupError:
        return
    if hasattr(screen, "_css_update_count") and hasattr(app, "_css_update_count"):
        screen._css_update_count = app._css_update_count


def _lazy_screen(mode: str) -> Callable[[], Screen[Any]]:
    def make() -> Screen[Any]:
        title = SCREENS[mode][1]
        try:
            cls = screen_class(mode)
            screen = cls()
        except Exception as exc:  # a missing or broken module must not crash the shell
            return UnavailableScreen(title, f"{type(exc).__name__}: {exc}")
        _skip_full_restyle(screen)
        return screen

    make.__name__ = f"make_{mode}_screen"
    return make


class HabitnetApp(App[int]):
    """The habitnet terminal app."""

    TITLE = "habitnet"
    # The first screen's stylesheet is parsed before the first frame, the others right
    # after it (_read_later_css): reading one when its screen first opens would restyle
    # the whole app (hundreds of ms) on that key press.
    CSS_PATH: ClassVar[Any] = ["app.tcss", *_FIRST_CSS]
    LATER_CSS_PATH: ClassVar[list[str]] = _LATER_CSS
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        mode: _lazy_screen(mode) for mode in SCREENS
    }
    DEFAULT_MODE: ClassVar[str] = FIRST_MODE
    #: Mode screens mounted hidden in idle time once the data is on screen, so that
    #: their first visit costs what a later one does (People: 3,000 contacts in 10 years).
    PREMOUNTED_MODES: ClassVar[tuple[str, ...]] = ("people",)
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                f"app.open('{mode}')",
                title,
                tooltip=f"Go to {title}",
                group=SCREENS_GROUP,
            )
            for mode, (key, title, _m, _c) in SCREENS.items()
        ),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    data_version: reactive[int] = reactive(0, init=False)
    """Bumped whenever the data changes (load, mutation, undo, day rollover)."""

    def __init__(
        self,
        data_dir: Path,
        clock: Clock | None = None,
        *,
        read_only: bool = False,
        user_themes_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.read_only = read_only
        self.session: Session | None = None
        self.day: date = self.clock.today()
        #: What Today showed at the last save (the glance file), drawn until the data
        #: has loaded; None when there was no current one.
        self.start_glance: dict[str, Any] | None = None
        from . import sidecar  # standard library only: no pydantic before the first frame

        self.start_glance = sidecar.read(self.data_dir, self.day)
        self.save_error: str | None = None
        self.load_error: Exception | None = None
        self.theme_problems: list[str] = []
        self._user_themes_dir = user_themes_dir
        self._cache: dict[Any, Any] = {}
        self._cache_stamp: tuple[int, date] | None = None
        self._quitting = False
        self._too_small_shown = False
        self._settled_modes: set[str] = set()
        #: True once the idle-time build steps after the load have all run (forms,
        #: premounted screens); work they set off may follow for a moment (a form's
        #: settle steps, People's search strings). For tests and the bench.
        self.prebuilt = False
        self._register_shipped_themes()

    # -- themes ------------------------------------------------------------------------

    def _register_theme_dicts(self, themes: Iterable[dict[str, Any]]) -> list[str]:
        from textual.theme import Theme

        problems: list[str] = []
        for spec in themes:
            try:
                theme = Theme(**spec)
                theme.to_color_system()  # validates every colour now, not at paint time
            except Exception as exc:
                problems.append(f"Theme {spec.get('name')!r}: {exc}")
                continue
            self.register_theme(theme)
        return problems

    def _register_shipped_themes(self) -> None:
        """Register the default theme (a dict: no file reading before the first frame).

        The theme files (shipped and the user's) are read in the loading thread and
        registered when the data arrives.
        """
        from textual.theme import Theme

        from .themes import DEFAULT_THEME, DEFAULT_THEME_SPEC

        self.register_theme(Theme(**DEFAULT_THEME_SPEC))
        self.theme = DEFAULT_THEME

    def habitnet_themes(self) -> list[str]:
        """Names of the themes offered in settings: habitnet's own and the user's first."""
        names = sorted(self.available_themes)
        own = [n for n in names if n.startswith("habitnet-")]
        return own + [n for n in names if n not in own]

    def apply_theme(self, name: str, *, notify_fallback: bool = True) -> bool:
        """Switch to a registered theme; unknown names fall back to the default."""
        from .themes import DEFAULT_THEME

        if name in self.available_themes:
            self.theme = name
            return True
        if notify_fallback:
            self.notify(
                f"Theme {name!r} is not available; using {DEFAULT_THEME}.",
                severity="warning",
                timeout=8,
            )
        if DEFAULT_THEME in self.available_themes:
            self.theme = DEFAULT_THEME
        return False

    # -- start-up ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(DAY_CHECK_SECONDS, self.check_day, name="day-check")
        # Load after the first frame so it appears at once.
        self.call_after_refresh(self._after_first_frame)
        self.call_after_refresh(self.check_size)

    def _after_first_frame(self) -> None:
        """Start loading the data once the first frame is out.

        That frame is light (Today's status line, a loading line and the key bar). With
        a current glance file (read in ``__init__``, a few kB), Today's panels follow at
        once with the glance's numbers, and the load (and the other screens' stylesheets)
        start when they are on screen (the two would share one interpreter lock); the load
        then replaces them with the same numbers computed from the data.
        """
        show_glance = getattr(self.screen, "show_glance", None)
        if show_glance is None or not show_glance(then=self._after_glance):
            self._after_glance()

    def _after_glance(self) -> None:
        self.start_load()
        self._read_later_css()

    def _read_later_css(self) -> None:
        """Add the other screens' stylesheets (kept out of the first frame's parse).

        Parsed once, beside the sources already parsed (not a Textual ``reparse``, which
        parses every source again), then the mounted nodes are restyled. A screen opened
        before this ran has read its own stylesheet the ordinary Textual way.
        """
        stylesheet = self.stylesheet
        base = Path(__file__).parent
        added = False
        for name in self.LATER_CSS_PATH:
            path = base / name
            if not stylesheet.has_source(str(path)):
                stylesheet.read(path)
                added = True
        if added:
            stylesheet.parse()
            stylesheet.update(self)

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's, except before any node is styled (a theme set in ``__init__``
        queues one): then the new theme's variables are all it takes, and the stylesheet
        is parsed once, on first use, instead of twice before the first frame."""
        if not self._registry:
            self.stylesheet.set_variables(self.get_css_variables())
            return
        super().refresh_css(animate)

    def start_load(self, read_only: bool | None = None) -> None:
        if read_only is not None:
            self.read_only = read_only
        self.run_worker(
            self._load_in_thread, thread=True, group="load", exclusive=True, exit_on_error=False
        )

    def _load_in_thread(self) -> None:
        from .themes import load_themes

        user = load_themes(self._user_themes_dir, include_user=True)
        user_themes = user.themes
        try:
            from .session import Session

            # A folder that cannot be written (a read-only data file, a lock refused for
            # a permission or disk reason) opens read-only, saying why.
            session = Session.open(
                self.data_dir, self.clock, read_only=self.read_only, fallback_read_only=True
            )
        except Exception as exc:
            self.call_from_thread(self._register_theme_dicts, user_themes)
            self.call_from_thread(self._load_failed, exc)
            return
        warm: dict[Any, Any] = {}
        try:
            warm = self._warm_cache(session)
        except Exception:  # the UI thread will recompute (and report) on demand
            warm = {}
        glance = self._glance_to_write(session, warm)
        self.call_from_thread(self._loaded, session, user_themes, user.problems, warm)
        if glance is not None:
            session.write_glance(*glance)

    def _glance_to_write(
        self, session: Session, warm: dict[Any, Any]
    ) -> tuple[int, dict[str, Any]] | None:
        """Today's and tomorrow's glance when the glance file lacks them (loading thread,
        before the UI sees the session). Written after the hand-over: the session skips
        it if a change came first."""
        from . import sidecar

        if session.store.read_only or session.dirty:
            return None
        days = [self.day, self.day + timedelta(days=1)]
        if {d.isoformat() for d in days} <= sidecar.days_in(self.data_dir):
            return None
        try:
            overviews = {d: ov for (name, d), ov in warm.items() if name == "today_overview"}
            return session.version, self._glance_days(session, days, overviews)
        except Exception:  # a nicety: never let it stop the load
            return None

    def _warm_cache(self, session: Session) -> dict[Any, Any]:
        """Compute what the first screens show, in the loading thread."""
        from . import engine

        day = self.clock.today()
        state = session.state
        out: dict[Any, Any] = {}
        for name in ("today_overview",):
            fn = getattr(engine, name, None)
            if fn is not None:
                out[(name, day)] = fn(state, day)
        return out

    def _loaded(
        self,
        session: Session,
        user_themes: list[dict[str, Any]],
        problems: list[str],
        warm: dict[Any, Any],
    ) -> None:
        self.session = session
        if self.load_error is not None:  # opened after all (read-only, or a backup)
            self.load_error = None
            self.refresh_bindings()  # the screen keys are back in the key bar
        self.read_only = session.store.read_only
        bad = problems + self._register_theme_dicts(user_themes)
        self.theme_problems += bad
        for problem in bad:
            self.notify(problem, title="Theme not loaded", severity="warning", timeout=10)
        self.apply_theme(session.state.settings.theme)
        self.day = self.clock.today()
        self.data_version += 1
        self._cache = dict(warm)
        self._cache_stamp = (self.data_version, self.day)
        self._settled_modes.add(self.current_mode)
        self.settle_gc_soon()
        # Build Today's forms and mount People off screen once the data is painted, a
        # step at a time, so the first l / c / p opens like a later one.
        self.call_after_refresh(self._prebuild)
        if session.version != session.saved_version:
            self.schedule_save()  # e.g. a migrated file is written at once
        if self.read_only:
            self.notify(
                f"Opened read-only: {session.read_only_reason}"
                if session.read_only_reason
                else "Opened read-only: another habitnet has this folder. Changes cannot be saved.",
                severity="warning",
                timeout=10 if session.read_only_reason is None else 20,
            )
        if getattr(session, "is_new", False):
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def _prebuild(self) -> None:
        """Build in idle steps, 50 ms apart, what the first keys would otherwise build:
        Today's forms (screens/forms/modal.prebuild_forms), then the premounted modes.
        A key pressed meanwhile waits for one step at most."""
        from .screens.forms.modal import prebuild_form_steps, run_in_idle_steps

        if self.session is None:
            return
        steps = [] if self.read_only else prebuild_form_steps(self)
        for mode in self.PREMOUNTED_MODES:
            steps += self.premount_steps(mode)
        run_in_idle_steps(self, steps, pause=0.05, done=self._prebuilt)

    def _prebuilt(self) -> None:
        self.prebuilt = True

    def premount_steps(self, mode: str) -> list[Callable[[], object]]:
        """Steps that mount ``mode``'s screen without showing it, let it build its data
        (its ``prepare_hidden``), lay it out and paint it, then restyle the hidden forms
        if its widgets' CSS changed theirs. Each step does nothing once the user has
        opened the mode."""
        from .screens.forms.modal import paint_hidden, restyle_kept_forms

        def hidden() -> Screen[Any] | None:
            stack = self._screen_stacks.get(mode)
            if not stack or mode == self.current_mode or not stack[0].is_mounted:
                return None
            return stack[0]

        def prepare() -> None:
            screen = hidden()
            prepare_hidden = getattr(screen, "prepare_hidden", None)
            if callable(prepare_hidden):
                prepare_hidden()

        def paint() -> None:
            screen = hidden()
            if screen is not None:
                paint_hidden(self, screen)

        def restyle_forms() -> None:
            # Mounting the screen added its widgets' default CSS to the stylesheet: the
            # hidden forms restyle now, not when the screen is first shown.
            if hidden() is not None:
                restyle_kept_forms(self)

        return [partial(self._premount, mode), prepare, paint, restyle_forms]

    def _premount(self, mode: str) -> None:
        """Mount ``mode``'s screen as its first visit would, without showing it: Textual
        8.2's ``App._init_mode`` minus the ``ScreenResume`` (``switch_mode`` posts that
        when the mode is opened, and finds the screen stack made here)."""
        if mode == self.current_mode or mode in self._screen_stacks or mode not in self._modes:
            return
        factory = self._modes[mode]
        made = factory() if callable(factory) else factory
        screen, _mounted = self._get_screen(made)
        self._screen_stacks[mode] = [screen]
        self._load_screen_css(screen)  # read after the first frame already: a no-op
        self._settled_modes.add(mode)
        self.settle_gc_soon(1.0)

    def settle_gc_soon(self, delay: float = 0.25) -> None:
        """Freeze what is alive once a screen has settled (see ``session.settle_gc``).

        Mode screens live as long as the app, so their widgets join the loaded state out
        of the cyclic collector's sight; full collections then only walk what is new.
        """
        self.set_timer(delay, gc.freeze, name="settle-gc")

    def _load_failed(self, exc: Exception) -> None:
        from .store.errors import LockedError

        self.load_error = exc
        if isinstance(exc, LockedError):
            from .screens.error import LockedScreen

            self.push_screen(LockedScreen(exc))
        else:
            from .screens.error import ErrorScreen

            self.push_screen(ErrorScreen(exc, self.data_dir))

    # -- computed results, once per data_version and day --------------------------------

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        stamp = (self.data_version, self.day)
        if self._cache_stamp != stamp:
            self._cache = {}
            self._cache_stamp = stamp
        try:
            return self._cache[key]
        except KeyError:
            value = compute()
            self._cache[key] = value
            return value

    def glance(self) -> dict[str, Any] | None:
        """What Today and the status line show (see :mod:`habitnet.glance`).

        From the data once loaded (cached per data version and day); before that, the
        glance file's, if it is for today; otherwise None (still loading).
        """
        session = self.session
        if session is None:
            g = self.start_glance
            return g if g is not None and g.get("day") == self.day.isoformat() else None

        def compute() -> dict[str, Any]:
            from .glance import today_glance

            names = self.cached("contact-names", session.state.contact_map)
            return today_glance(self.engine_result("today_overview", self.day), names)

        return self.cached("glance", compute)

    @staticmethod
    def _glance_days(
        session: Session, days: Iterable[date], overviews: dict[date, Any]
    ) -> dict[str, Any]:
        """Glances for ``days`` from the session's state, reusing ``overviews`` already
        computed. Pure engine work: callable from the loading thread."""
        from . import engine
        from .glance import today_glance

        names = session.state.contact_map()
        out: dict[str, Any] = {}
        for d in days:
            ov = overviews.get(d)
            if ov is None:
                ov = engine.today_overview(session.state, d)
            out[d.isoformat()] = today_glance(ov, names)
        return out

    def _glance_for_save(self, tomorrow: bool = False) -> tuple[int, dict[str, Any]] | None:
        """``(version, days)`` for ``Session.save``: today's glance and, when quitting,
        tomorrow's (so that tomorrow's first start is fast too)."""
        session = self.session
        if session is None:
            return None
        try:
            today = self.glance()  # computed for the status line already
            assert today is not None
            days = {self.day.isoformat(): today}
            if tomorrow:
                days.update(self._glance_days(session, [self.day + timedelta(days=1)], {}))
            return session.version, days
        except Exception:  # the glance only speeds up the next start; the save goes on
            return None

    def engine_result(self, name: str, *args: Any) -> Any:
        """``habitnet.engine.<name>(state, *args)``, cached per data_version and day."""
        assert self.session is not None, "engine_result needs loaded data"
        state = self.session.state

        def compute() -> Any:
            from . import engine

            return getattr(engine, name)(state, *args)

        return self.cached((name, *args), compute)

    # -- changes and saving ------------------------------------------------------------

    def writable(self, action: str = "change anything") -> bool:
        """True when the data can change; otherwise tell the user why not."""
        if self.session is None:
            self.notify("Still loading your data…", timeout=3)
            return False
        if self.read_only:
            reason = self.session.read_only_reason
            self.notify(
                f"Read-only: cannot {action}. {reason}"
                if reason
                else f"Read-only: cannot {action} while another habitnet has this folder open.",
                severity="warning",
            )
            return False
        return True

    def changed(self, label: str | None = None) -> None:
        """Call after every session mutation: refresh screens and save in the background."""
        self.data_version += 1
        if label:
            self.notify(label, timeout=4)
        self.schedule_save()

    def schedule_save(self) -> None:
        if self.session is None or self.read_only:
            return
        glance = self._glance_for_save()
        self.run_worker(
            partial(self._save_in_thread, glance), thread=True, group="save", exit_on_error=False
        )

    def _save_in_thread(self, glance: tuple[int, dict[str, Any]] | None = None) -> None:
        session = self.session
        if session is None:
            return
        try:
            notice = session.save(glance)
        except Exception as exc:
            self.call_from_thread(self._save_failed, exc)
        else:
            self.call_from_thread(self._save_ok, notice)

    def _save_ok(self, notice: SaveNotice | None = None) -> None:
        if notice is not None:
            # The file had changed on disk: the session took that version (with this
            # one's changes on top, or aside in a conflict copy). Show it, and say so.
            if notice.reloaded:
                self.data_version += 1
            self.notify(
                notice.message,
                title="Saved",
                severity="error" if notice.conflict_copy is not None else "warning",
                timeout=20,
            )
        if self.save_error is not None:
            self.save_error = None
            self.notify("Saved.", timeout=3)
            self.refresh_status()

    def _save_failed(self, exc: Exception) -> None:
        self.save_error = str(exc)
        self.notify(str(exc), title="Not saved", severity="error", timeout=15)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Redraw every screen's status line, the hidden ones' too (a save failed or
        recovered while Today was shown: People, mounted earlier, shows it when opened)."""
        from .widgets.statusline import StatusLine

        for stack in self._screen_stacks.values():
            for screen in stack:
                for line in screen.query(StatusLine):
                    line.refresh_line()

    @property
    def unsaved(self) -> bool:
        return self.session is not None and not self.read_only and self.session.dirty

    # -- day rollover ------------------------------------------------------------------

    def check_day(self) -> bool:
        """Roll over to a new day if the clock has moved past midnight. True if it did."""
        today = self.clock.today()
        if today == self.day:
            return False
        self.day = today
        if self.session is not None:
            self.data_version += 1
            self.notify(f"A new day: {today:%A %d %B}. Today has rolled over.", timeout=6)
        return True

    async def on_event(self, event: Any) -> None:
        from textual import events

        if isinstance(event, events.Key):
            if self._quitting:
                # Keys typed after q (in one burst, or while the quit saves) would open
                # screens on an app that is closing: a screen mounting as the app
                # shuts down found none of its widgets (a traceback).
                return
            self.check_day()
        elif isinstance(event, events.Resize):
            # App._on_resize stops the event and applies the size a moment later.
            self.set_timer(0.02, self.check_size)
        await super().on_event(event)

    # -- size --------------------------------------------------------------------------

    def check_size(self) -> None:
        """Cover the app with a notice below MIN_WIDTH × MIN_HEIGHT; remove it when it fits."""
        w, h = self.size
        small = w < MIN_WIDTH or h < MIN_HEIGHT
        if not small and not isinstance(self.screen, ModalScreen):
            return  # the notice is a modal: nothing to show or remove (nor to import)
        from .screens.error import TooSmallScreen

        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif isinstance(self.screen, TooSmallScreen):
            self.screen.check_fit()

    # -- actions -----------------------------------------------------------------------

    def _modal_open(self) -> bool:
        screen = self.screen
        if not isinstance(screen, ModalScreen):
            return False  # (the key bar asks before the first frame: no import then)
        from .screens.help import HelpScreen

        return not isinstance(screen, HelpScreen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open" and self.load_error is not None:
            return False  # the data could not be read: only its error screen makes sense
        return not (action in ("open", "help") and self._modal_open())

    async def action_open(self, mode: str) -> None:
        from .screens.help import HelpScreen

        if self.load_error is not None:
            return  # (the palette's commands come here without check_action)

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        if mode != self.current_mode:
            await self.switch_mode(mode)
            if mode not in self._settled_modes:
                self._settled_modes.add(mode)
                self.settle_gc_soon()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        if self._quitting:
            return
        typed = getattr(self.screen, "typed_changes", None)
        if callable(typed) and typed():  # ctrl+q in a form with text typed
            from .screens.forms.confirm import ConfirmScreen

            async def answer(yes: bool | None) -> None:
                if yes:
                    await self._quit_saving()

            self.push_screen(
                ConfirmScreen(
                    "Quit and lose what you typed in this form? (Nothing in it is saved.)",
                    yes="Quit",
                    no="Stay",
                    danger=True,
                ),
                answer,
            )
            return
        await self._quit_saving()

    async def _quit_saving(self) -> None:
        """Quit: save first when there are unsaved changes (asks if that fails)."""
        session = self.session
        if session is None or self.read_only or not session.dirty:
            if session is not None and not self.read_only:
                from . import sidecar

                tomorrow = (self.day + timedelta(days=1)).isoformat()
                if tomorrow not in sidecar.days_in(self.data_dir):
                    glance = self._glance_for_save(tomorrow=True)  # a fast start tomorrow
                    if glance is not None:
                        session.write_glance(*glance)
            self._finish()
            return
        import asyncio

        self._quitting = True  # no keys while the quit saves
        try:
            await asyncio.to_thread(session.save, self._glance_for_save(tomorrow=True))
        except Exception as exc:
            self._quitting = False  # the user answers the question below
            from .screens.forms.confirm import ConfirmScreen

            def answer(yes: bool | None) -> None:
                if yes:
                    self._finish()

            self.push_screen(
                ConfirmScreen(
                    f"Your changes could not be saved:\n{exc}\n\n"
                    "Quit anyway and lose the unsaved changes?",
                    yes="Quit without saving",
                    no="Stay",
                    danger=True,
                ),
                answer,
            )
            return
        self._finish()

    def _finish(self) -> None:
        self._quitting = True
        self.exit(0)

    def on_unmount(self) -> None:
        if self.session is not None:
            try:
                self.session.close()
            except Exception:
                pass

    # -- screen-level actions offered app-wide (palette) --------------------------------

    async def run_on_mode(self, mode: str, action: str) -> None:
        """Switch to ``mode`` and run ``action`` on its screen (if the screen has it)."""
        if self._modal_open():
            return
        await self.action_open(mode)
        screen = self.screen
        if hasattr(screen, f"action_{action}"):
            await screen.run_action(action)
        else:
            self.notify(f"{SCREENS[mode][1]}: '{action}' is not available yet.", timeout=4)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        def go(mode: str) -> Callable[[], Any]:
            return lambda: self.run_worker(self.action_open(mode))

        def on(mode: str, action: str) -> Callable[[], Any]:
            return lambda: self.run_worker(self.run_on_mode(mode, action))

        if self.load_error is not None:
            # No data: the screens and what they do would only say "Loading…".
            yield SystemCommand("Help", "Every key in habitnet (?)", self.action_help)
            # Status 1, as the error screen's own q: the data could not be opened.
            yield SystemCommand("Quit", "Quit (q)", lambda: self.exit(1))
            return
        for mode, (key, title, _m, _c) in SCREENS.items():
            yield SystemCommand(f"Go to {title}", f"Open the {title} screen (key {key})", go(mode))
        yield SystemCommand(
            "Log activity", "Log an outreach activity (l on Today)", on("today", "log")
        )
        yield SystemCommand(
            "Check in", "Morning check-in: energy and mood (c on Today)", on("today", "checkin")
        )
        yield SystemCommand("Undo", "Undo the last change (u on Today)", on("today", "undo"))
        yield SystemCommand("New journal entry", "Write a journal entry", on("journal", "new"))
        yield SystemCommand("Add contact", "Add a person", on("people", "add"))
        yield SystemCommand("Open a week", "Open this week's review", on("review", "open_week"))
        for name in self.habitnet_themes():
            yield SystemCommand(
                f"Switch theme: {name}",
                "Use this colour theme (remembered in settings)",
                lambda name=name: self.set_theme_setting(name),
            )
        yield SystemCommand(
            "Export", "Export your data (JSON, CSV, iCalendar follow-ups)", self.action_export
        )
        yield SystemCommand("Save now", "Save the data file now", self.schedule_save)
        yield SystemCommand("Help", "Every key in habitnet (?)", self.action_help)
        yield SystemCommand(
            "Quit", "Save and quit (q)", lambda: self.run_worker(self.action_quit())
        )

    def set_theme_setting(self, name: str) -> None:
        """Apply a theme and remember it in the settings (saved)."""
        if not self.apply_theme(name):
            return
        session = self.session
        if session is None or self.read_only or session.state.settings.theme == name:
            return
        session.update_settings(theme=name)
        self.changed(f"Theme: {name}")

    def action_export(self) -> None:
        """Export everything (JSON, CSV, Markdown, iCalendar) into data_dir/exports/<time>."""
        if self.session is None:
            self.notify("Still loading your data…", timeout=3)
            return
        self.run_worker(self._export_in_thread, thread=True, group="export", exit_on_error=False)

    def _export_in_thread(self) -> None:
        session = self.session
        assert session is not None
        try:
            folder = export_all(session, self.data_dir / "exports", self.clock)
        except Exception as exc:
            self.call_from_thread(
                self.notify, f"Export failed: {exc}", title="Export", severity="error"
            )
        else:
            self.call_from_thread(self.notify, f"Exported to {folder}", title="Export", timeout=10)


def export_all(session: Session, parent: Path, clock: Clock) -> Path:
    """Write every export format into a new time-stamped folder; returns the folder."""
    from .interop import export as ex
    from .store.files import PRIVATE_DIR, make_private_dir, tighten, write_private

    with session.lock:
        state = session.state.model_copy(deep=True)
    now = clock.now()
    folder = parent / now.strftime("%Y%m%d-%H%M%S")
    make_private_dir(folder)  # exports are private like the data: 0700, files 0600
    tighten(parent, PRIVATE_DIR)
    writers: dict[str, Callable[[], str]] = {"habitnet.json": lambda: ex.export_json(state)}
    for fname, func in (
        ("activities.csv", "activities_csv"),
        ("contacts.csv", "contacts_csv"),
        ("journal.md", "journal_markdown"),
        ("export.md", "markdown"),
    ):
        fn = getattr(ex, func, None)
        if fn is not None:
            writers[fname] = lambda fn=fn: fn(state)  # type: ignore[misc]
    try:
        from .interop.ical import followups_ics

        writers["followups.ics"] = lambda: followups_ics(state, now.date(), now)
    except ImportError:
        pass
    for fname, write in writers.items():
        write_private(folder / fname, write().encode("utf-8"))
    return folder


def create_app(
    data_dir: Path, clock: Clock | None = None, *, read_only: bool = False
) -> HabitnetApp:
    """The one factory used by the CLI, the tests and the benchmarks."""
    return HabitnetApp(Path(data_dir), clock, read_only=read_only)


def run_app(data_dir: Path, clock: Clock | None = None) -> int:
    """Run the app full screen; returns the exit code."""
    app = create_app(data_dir, clock)
    result = app.run()
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
