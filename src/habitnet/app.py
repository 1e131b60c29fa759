"""The habitnet Textual app: the shell, its modes, loading, saving and the day rollover.

Start-up is kept light: nothing heavy (pydantic, the store, the engine) is imported
before the first frame. The data loads in a thread worker after the first frame; until
then ``app.session`` is ``None``. Today's first frame is a loading state; when the glance
file the last save wrote (:mod:`habitnet.sidecar`) is current, Today's panels follow at
once with its numbers, and the load starts after them.

The screens (``screens/``, each a :class:`~habitnet.screens.base.HabitnetScreen`) reach
the data through the app, typed: ``session`` (every change goes through it), ``day``,
``result(engine_fn, …)`` (cached per change and day), ``writable(…)``. The session tells
the app about each change (its listener); the app bumps ``data_version``, which the
screens watch, and schedules the save. See :mod:`habitnet.screens.base`.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, TypeVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.screen import ModalScreen, Screen

from .clock import Clock, SystemClock
from .exits import EXIT_ERROR
from .keyorder import KeyDone, KeysInOrder, TypedEvent
from .themes import DEFAULT_THEME

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from .models import State
    from .screens.base import HabitnetScreen
    from .session import SaveNotice, Session

T = TypeVar("T")
P = ParamSpec("P")

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
#: How often the app looks for other devices' changes when the data syncs (a few
#: ``stat`` calls when nothing is new; see docs/SYNC.md).
SYNC_POLL_SECONDS = 2.0


def open_action(mode: str) -> str:
    """The action that opens a mode's screen (the screen keys' and the palette's)."""
    return f"app.open({mode!r})"


def mode_of(screen: Screen[Any]) -> str | None:
    """The mode whose screen ``screen`` is; None for any other screen (a form, a notice)."""
    name = type(screen).__name__
    return next((mode for mode, (_k, _t, _m, cls) in SCREENS.items() if cls == name), None)


def screen_title(screen: Screen[Any]) -> str | None:
    """The name a mode's screen shows (``Today``); None for any other screen."""
    mode = mode_of(screen)
    return SCREENS[mode][1] if mode is not None else None


def screen_class(mode: str) -> type[HabitnetScreen[None]]:
    """The screen class of a mode (its module is imported on first use: only Today's
    is needed for the first frame)."""
    _key, _title, module, name = SCREENS[mode]
    cls: type[HabitnetScreen[None]] = getattr(importlib.import_module(module), name)
    return cls


def _mode_factory(mode: str) -> Callable[[], Screen[Any]]:
    def make() -> Screen[Any]:
        return screen_class(mode)()

    make.__name__ = f"make_{mode}_screen"
    return make


class HabitnetApp(App[int]):
    """The habitnet terminal app."""

    TITLE = "habitnet"
    # Every screen's stylesheet, read once at start-up: a stylesheet first read when its
    # screen opens would restyle the whole app on that key. Each screen names its own
    # file too (CSS_PATH), which Textual then finds read already.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        *sorted((Path(__file__).parent / "screens").glob("*.tcss")),
    ]
    # Today is the first screen (``get_default_screen``) and joins the modes once it is
    # up (``on_mount``): for a first screen that comes from MODES, Textual parses every
    # stylesheet and restyles the app once more before the first frame.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        mode: _mode_factory(mode) for mode in SCREENS if mode != "today"
    }
    DEFAULT_MODE: ClassVar[str] = "today"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                open_action(mode),
                title,
                tooltip=f"Go to {title}",
                group=SCREENS_GROUP,
            )
            for mode, (key, title, _m, _c) in SCREENS.items()
        ),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    # habitnet's theme is where the app starts, as Textual's own default is: setting
    # ``theme`` in ``__init__`` instead runs its watcher, which parses every stylesheet
    # and restyles the app twice more before the first frame (about a fifth of it).
    theme: Reactive[str] = Reactive(DEFAULT_THEME)

    data_version: reactive[int] = reactive(0, init=False)
    """Bumped whenever the data changes (load, a change through the session, undo, the
    day rolling over): the screens watch it."""

    save_error: reactive[str | None] = reactive(None, init=False)
    """Why the last save failed (None once a save succeeds): the status lines show it."""

    class DataChanged(Message):
        """The session's data changed (posted by its listener, from any thread)."""

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
        #: The folder the app was opened on (the user's own data): the demo opened from
        #: the welcome lives in its ``demo`` subfolder, and leaving it comes back here.
        self.home_dir = self.data_dir
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.read_only = read_only
        self.session: Session | None = None
        self.day: date = self.clock.today()
        #: What Today showed at the last save (the glance file), drawn until the data
        #: has loaded; None when there was no current one.
        self.start_glance: dict[str, Any] | None = None
        from . import sidecar  # standard library only: no pydantic before the first frame

        self.start_glance = sidecar.read(self.data_dir, self.day)
        self.load_error: Exception | None = None
        self.theme_problems: list[str] = []
        self._user_themes_dir = user_themes_dir
        self._cache: dict[Any, Any] = {}
        self._cache_stamp: tuple[int, date] | None = None
        self._version_shown = -1  # the session version data_version was last bumped for
        self._ui_thread = threading.get_ident()  # (set again in on_mount, on the app's loop)
        self._first_frame_out = False  # see check_size
        self._sync_timer: Timer | None = None  # polls a synced folder (_poll_sync_of)
        self._quitting = False
        #: What to say once the folder being opened has loaded (see ``open_folder``).
        self._opened_says: str | None = None
        #: Text typed on a screen and not saved because it is not valid yet, by the
        #: screen's name: what it is and why (Settings keeps such values until fixed).
        #: Quitting asks before it is lost.
        self.unsaved_typing: dict[str, str] = {}
        self._settled_modes: set[str] = set()
        self._keys = KeysInOrder(self, self._hand_on)
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

        from .themes import DEFAULT_THEME_SPEC

        self.register_theme(Theme(**DEFAULT_THEME_SPEC))
        # ``theme`` starts at it (the class's reactive), but Textual took its stylesheet's
        # variables in ``App.__init__``, before it was registered: take them again
        # (nothing is parsed yet, so this costs nothing).
        self.stylesheet.set_variables(self.get_css_variables())

    def habitnet_themes(self) -> list[str]:
        """Names of the themes offered in settings: habitnet's own and the user's first."""
        names = sorted(self.available_themes)
        own = [n for n in names if n.startswith("habitnet-")]
        return own + [n for n in names if n not in own]

    def apply_theme(self, name: str, *, notify_fallback: bool = True) -> bool:
        """Switch to a registered theme; unknown names fall back to the default."""
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

    def get_default_screen(self) -> Screen[Any]:
        return screen_class(self.DEFAULT_MODE)()

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        self.add_mode(self.DEFAULT_MODE, _mode_factory(self.DEFAULT_MODE))
        self.set_interval(DAY_CHECK_SECONDS, self.check_day, name="day-check")
        self._poll_sync_of(self.data_dir)
        # Load after the first frame so it appears at once.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """Start loading the data once the first frame is out.

        That frame is light (Today's status line, a loading line and the key bar). With
        a current glance file (read in ``__init__``, a few kB), Today's panels follow at
        once with the glance's numbers, and the load starts when they are on screen (the
        two would share one interpreter lock); the load then replaces them with the same
        numbers computed from the data.
        """
        from .screens.today import TodayScreen

        self._first_frame_out = True
        screen = self.screen
        if not isinstance(screen, TodayScreen) or not screen.show_glance(then=self.start_load):
            self.start_load()
        self.check_size()

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
        from . import engine, sidecar

        if session.store.read_only or session.dirty:
            return None
        days = [self.day, self.day + timedelta(days=1)]
        if {d.isoformat() for d in days} <= sidecar.days_in(self.data_dir):
            return None
        try:
            overview = warm.get(_result_key(engine.today_overview, (self.day,), {}))
            return session.version, self._glance_days(session, days, {self.day: overview})
        except Exception:  # a nicety: never let it stop the load
            return None

    def _warm_cache(self, session: Session) -> dict[Any, Any]:
        """Compute what the first screen shows, in the loading thread (as ``result``
        would: the same keys)."""
        from . import engine

        day = self.clock.today()
        key = _result_key(engine.today_overview, (day,), {})
        return {key: engine.today_overview(session.state, day)}

    def _loaded(
        self,
        session: Session,
        user_themes: list[dict[str, Any]],
        problems: list[str],
        warm: dict[Any, Any],
    ) -> None:
        self.session = session
        session.listeners.append(self._session_changed)
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
        self._cache = dict(warm)
        self._cache_stamp = (session.version, self.day)
        self._version_shown = session.version
        self.data_version += 1
        self._settled_modes.add(self.current_mode)
        self.settle_gc_soon()
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
        if session.sync_notice:
            self.notify(session.sync_notice, title="Synced", timeout=6)
        if self._opened_says is not None:
            self.notify(self._opened_says, timeout=6, markup=False)
            self._opened_says = None
        if session.is_new:
            from .screens.welcome import WelcomeScreen

            self._push_under_notice(WelcomeScreen())

    # -- sync --------------------------------------------------------------------------

    def _poll_sync_of(self, folder: Path) -> None:
        """Poll ``folder`` for other devices' changes every few seconds when it syncs
        (one stat when it does not); the timer of the folder before is stopped."""
        from .sync import enabled  # standard library only

        if self._sync_timer is not None:
            self._sync_timer.stop()
        self._sync_timer = (
            self.set_interval(SYNC_POLL_SECONDS, self.poll_sync, name="sync-poll")
            if enabled(folder)
            else None
        )

    def poll_sync(self) -> None:
        """Merge other devices' changes that have arrived (in a worker thread)."""
        session = self.session
        if session is None or session.sync is None:
            return
        self.run_worker(
            partial(self._poll_sync_in_thread, session),
            thread=True,
            group="sync",
            exclusive=True,
            exit_on_error=False,
        )

    def _poll_sync_in_thread(self, session: Session) -> None:
        assert session.sync is not None
        try:
            merged = session.sync.poll(session)
        except OSError as exc:  # e.g. a full disk while logging this device's changes
            self.call_from_thread(self._sync_failed, exc)
            return
        if merged is not None:
            self.call_from_thread(self._synced, merged.describe())

    def _synced(self, message: str) -> None:
        # the merge told the session's listener: the screens redraw and it is saved
        self.notify(message, title="Synced", timeout=6)

    def _sync_failed(self, exc: Exception) -> None:
        self.notify(f"Could not merge other devices' changes: {exc}", severity="warning")

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

            self._push_under_notice(LockedScreen(exc))
        else:
            from .screens.error import ErrorScreen

            self._push_under_notice(ErrorScreen(exc, self.data_dir))

    # -- another data folder (the demo and back) --------------------------------------

    def open_folder(self, folder: Path, says: str | None = None) -> None:
        """Close the data folder in use (saving it first) and open ``folder`` instead:
        the welcome's demo, and back. The screens start afresh on the new data (nothing
        typed on them is carried over); ``says`` is told once it is open."""
        session = self.session
        self.session = None  # no change reaches the old data from here on
        self.unsaved_typing.clear()
        self._cache, self._cache_stamp, self._version_shown = {}, None, -1
        self.start_glance = None
        self.data_version += 1  # the screens show "Loading…"
        self.run_worker(
            self._switch_folder(session, Path(folder), says),
            group="switch",
            exclusive=True,
            exit_on_error=False,
        )

    async def _switch_folder(self, session: Session | None, folder: Path, says: str | None) -> None:
        import asyncio

        if session is not None:
            session.listeners.remove(self._session_changed)
            try:
                if session.dirty and not self.read_only:
                    await asyncio.to_thread(session.save)
            except Exception as exc:
                self.notify(
                    f"{self.data_dir.name}: not saved before leaving it: {exc}",
                    severity="error",
                    timeout=15,
                )
            finally:
                session.close()
        await self._fresh_screens()
        self.data_dir = folder
        self.read_only = False
        self._poll_sync_of(folder)
        self._opened_says = says
        self.start_load()

    def demo_exit(self) -> Path | None:
        """Where leaving the demo goes: the folder the app was opened on, or (opened on
        the demo itself) the default data folder; None when the data is not the demo or
        there is nowhere else to go."""
        session = self.session
        if session is None or not session.state.meta.demo:
            return None
        if self.home_dir != self.data_dir:
            return self.home_dir
        from .locations import resolve_data_dir

        default = resolve_data_dir(None)
        return default if default.resolve() != self.data_dir.resolve() else None

    def action_leave_demo(self) -> None:
        """Leave the demo for the user's own data folder (the welcome again when it is
        still empty)."""
        target = self.demo_exit()
        if target is None:
            return
        self.home_dir = target
        self.open_folder(target, says=f"Your own data: {target}")

    async def _fresh_screens(self) -> None:
        """Every screen built anew: Today (the one in view) stays, the others are made
        again when next opened, so none keeps the old data's lists, filters or typing."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.current_mode != self.DEFAULT_MODE:
            await self.switch_mode(self.DEFAULT_MODE)
        for mode in SCREENS:
            if mode != self.DEFAULT_MODE:
                await self.remove_mode(mode)
                self.add_mode(mode, _mode_factory(mode))
                self._settled_modes.discard(mode)

    # -- the data changed ---------------------------------------------------------------

    def _session_changed(self, session: Session) -> None:
        """The session's listener: called after each change (undo too), on whatever
        thread made it. On the UI thread ``data_version`` moves at once (a form's
        callback finds the screens up to date); from another thread the change comes
        over as a ``DataChanged`` message."""
        if threading.get_ident() == self._ui_thread:
            self._data_changed()
        else:
            self.post_message(self.DataChanged())

    @on(DataChanged)
    def _data_changed(self) -> None:
        session = self.session
        if session is None or session.version == self._version_shown:
            return  # several changes in a row: one redraw
        self._version_shown = session.version
        self.data_version += 1
        self.schedule_save()

    # -- computed results, once per change and day -------------------------------------

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the data changes or the day rolls over."""
        session = self.session
        stamp = (session.version if session is not None else -1, self.day)
        if self._cache_stamp != stamp:
            self._cache = {}
            self._cache_stamp = stamp
        try:
            value: T = self._cache[key]
        except KeyError:
            value = self._cache[key] = compute()
        return value

    def result(
        self, fn: Callable[Concatenate[State, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(state, *args, **kwargs)`` for an engine function, computed once per data
        change and day (a change made a moment ago is seen: the session counts it)."""
        session = self.session
        assert session is not None, "engine results need the loaded data"
        state = session.state
        return self.cached(_result_key(fn, args, kwargs), lambda: fn(state, *args, **kwargs))

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
            from . import engine
            from .glance import today_glance

            names = self.cached("contact-names", session.state.contact_map)
            overview = self.result(engine.today_overview, self.day)
            return today_glance(overview, names, demo=session.state.meta.demo)

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
            out[d.isoformat()] = today_glance(ov, names, demo=session.state.meta.demo)
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
            # one's changes on top, or aside in a conflict copy; its listener had the
            # screens show it). Say so.
            conflict = notice.conflict_copy is not None
            self.notify(
                notice.message,
                title="Your changes are in a conflict copy" if conflict else "Saved",
                severity="error" if conflict else "warning",
                timeout=20,
            )
        if self.save_error is not None:
            self.save_error = None
            self.notify("Saved.", timeout=3)

    def _save_failed(self, exc: Exception) -> None:
        self.save_error = str(exc)
        self.notify(str(exc), title="Not saved", severity="error", timeout=15)

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

    # -- keys, in the order they were typed --------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste):
            if not event.is_forwarded:  # from the terminal
                if self._quitting:
                    # Keys typed after q (in one burst, or while the quit saves) would
                    # open screens on an app that is closing.
                    self._keys.drop()
                    return
                if not self._keys.hold(event):
                    await self._hand_on(event)
                return
            if event is self._keys.current:  # back up at the app: no widget kept it
                await super().on_event(event)  # the bindings (an action may open a screen)
                self._keys.done(event)
                return
        elif isinstance(event, events.Resize):
            # App._on_resize stops the event and applies the size a moment later.
            self.set_timer(0.02, self.check_size)
        await super().on_event(event)

    async def _hand_on(self, event: TypedEvent) -> None:
        """Give a key to Textual as it arrived (see :mod:`habitnet.keyorder`)."""
        if isinstance(event, events.Key):
            self.check_day()
        await super().on_event(event)
        self._keys.sent(event)

    @on(KeyDone)
    def _key_done(self, message: KeyDone) -> None:
        self._keys.done(message.event)

    # -- size --------------------------------------------------------------------------

    def check_size(self) -> None:
        """Cover the app with a notice below MIN_WIDTH × MIN_HEIGHT; remove it when it fits.

        Not before the first frame is out (``_after_first_frame`` checks then): a screen
        pushed over Today before that would hold back the callbacks queued on Today for
        after its refresh, the start of the load among them, until Today is shown again.
        """
        if not self._first_frame_out:
            return
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

    def _push_under_notice(self, screen: Screen[Any]) -> None:
        """Push a screen the load brings (the welcome, a locked or unreadable file) and
        keep the too-small notice, if it shows, on top of it (it closes when the
        terminal is large enough, and the screen is there)."""
        from .screens.error import TooSmallScreen

        if isinstance(self.screen, TooSmallScreen):
            self.pop_screen()
        self.push_screen(screen)
        self.check_size()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify for messages that may quote data (a name, a note, a file
        path, a theme's name): plain text unless ``markup`` is asked for, and a control
        character from data shown as a stand-in (:mod:`habitnet.safetext`)."""
        from .safetext import visible

        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

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
        if action == "command_palette":
            from .screens.base import HabitnetModal  # (the welcome is not imported for this)

            screen = self.screen
            return not (isinstance(screen, HabitnetModal) and not screen.OFFERS_PALETTE)
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
        from .screens.base import HabitnetScreen
        from .screens.forms.modal import FormScreen

        if self._quitting:
            return
        screen = self.screen
        if isinstance(screen, HabitnetScreen):
            screen.commit_typing()  # e.g. Settings' edit line: saved if valid
        question: str | None = None
        if isinstance(screen, FormScreen) and screen.typed_changes():  # ctrl+q in a form
            question = "Quit and lose what you typed in this form? (Nothing in it is saved.)"
        elif self.unsaved_typing:
            waiting = "\n".join(f"{where}: {what}" for where, what in self.unsaved_typing.items())
            question = f"Not saved, because it is not valid:\n{waiting}\n\nQuit and lose it?"
        if question is not None:
            from .screens.forms.confirm import ConfirmScreen

            async def answer(yes: bool | None) -> None:
                if yes:
                    await self._quit_saving()

            self.push_screen(ConfirmScreen(question, yes="Quit", no="Stay", danger=True), answer)
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
        # Quitting while the data could not be opened (unreadable, locked) is an error,
        # as on the command line: whichever q, the screen's or the app's.
        failed = self.session is None and self.load_error is not None
        self.exit(return_code=EXIT_ERROR if failed else 0)

    def on_unmount(self) -> None:
        if self.session is not None:
            try:
                self.session.close()
            except Exception:
                pass

    # -- screen-level actions offered app-wide (palette) --------------------------------

    async def run_on_mode(self, mode: str, action: str) -> None:
        """Switch to ``mode`` and run ``action`` on its screen."""
        if self._modal_open():
            return
        await self.action_open(mode)
        await self.screen.run_action(action)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands. Textual reads their titles and help as markup, and
        some quote text from outside (a folder's path, a theme's name): each is made
        markup that shows it as typed."""
        from .widgets.plain import as_markup

        for title, help_text, callback, discover in self._palette_commands():
            yield SystemCommand(as_markup(title), as_markup(help_text), callback, discover)

    def _palette_commands(self) -> Iterable[SystemCommand]:
        def go(mode: str) -> Callable[[], Any]:
            return lambda: self.run_worker(self.action_open(mode))

        def on(mode: str, action: str) -> Callable[[], Any]:
            return lambda: self.run_worker(self.run_on_mode(mode, action))

        if self.load_error is not None:
            # No data: the screens and what they do would only say "Loading…".
            yield SystemCommand("Help", "Every key in habitnet (?)", self.action_help)
            # An error, as the error screen's own q: the data could not be opened.
            yield SystemCommand("Quit", "Quit (q)", lambda: self.exit(return_code=EXIT_ERROR))
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
            "Export",
            "Export everything (JSON, CSV, Markdown, iCalendar follow-ups)",
            self.action_export,
        )
        yield SystemCommand(
            "Import contacts",
            "From a LinkedIn Connections.csv or a vCard file: see what it adds, then import",
            self.action_import,
        )
        yield SystemCommand(
            "Back up now", "Keep a copy of the data in backups/ now", self.action_backup
        )
        yield SystemCommand(
            "Restore a backup",
            "Pick one of the backups and put its data in place (asks first; u undoes)",
            self.action_restore,
        )
        exit_to = self.demo_exit()
        if exit_to is not None:
            yield SystemCommand(
                "Leave the demo",
                f"Back to your own data in {exit_to} (the demo stays in its folder)",
                self.action_leave_demo,
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
        self.notify(f"Theme: {name}", timeout=4)

    def action_import(self) -> None:
        """Import contacts from a file (the palette's "Import contacts")."""
        if self._modal_open() or not self.writable("import contacts"):
            return
        from .screens.data_files import ImportScreen

        self.push_screen(ImportScreen())

    def action_restore(self) -> None:
        """Pick a backup and restore it (the palette's "Restore a backup")."""
        if self._modal_open() or not self.writable("restore a backup"):
            return
        from .screens.data_files import RestoreScreen

        self.push_screen(RestoreScreen())

    def action_backup(self) -> None:
        """Save, then keep a copy in backups/ (the palette's "Back up now")."""
        if not self.writable("take a backup"):
            return
        self.run_worker(self._backup_in_thread, thread=True, group="backup", exit_on_error=False)

    def _backup_in_thread(self) -> None:
        session = self.session
        assert session is not None
        try:
            session.save()
            if not session.store.exists():
                raise FileNotFoundError("nothing is saved yet to back up")
            path = session.store.create_backup()
        except Exception as exc:
            self.call_from_thread(
                self.notify,
                f"No backup taken: {exc}",
                title="Backup",
                severity="error",
                markup=False,
            )
            return
        self.call_from_thread(
            self.notify, f"Backup written: {path}", title="Backup", timeout=8, markup=False
        )

    def action_export(self) -> None:
        """Export everything (JSON, CSV, Markdown, iCalendar) into data_dir/exports/<time>."""
        if self.session is None:
            self.notify("Still loading your data…", timeout=3)
            return
        self.run_worker(self._export_in_thread, thread=True, group="export", exit_on_error=False)

    def _export_in_thread(self) -> None:
        from .interop.export import export_all

        session = self.session
        assert session is not None
        with session.lock:
            state = session.state.model_copy(deep=True)
        from .store.files import PRIVATE_DIR, tighten

        now = self.clock.now()
        folder = self.data_dir / "exports" / now.strftime("%Y%m%d-%H%M%S")
        try:
            export_all(state, folder, now)
            tighten(folder.parent, PRIVATE_DIR)
        except Exception as exc:
            self.call_from_thread(
                self.notify, f"Export failed: {exc}", title="Export", severity="error"
            )
        else:
            self.call_from_thread(self.notify, f"Exported to {folder}", title="Export", timeout=10)


def _result_key(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The cache key of ``HabitnetApp.result(fn, *args, **kwargs)``."""
    return (fn, args, tuple(sorted(kwargs.items())))


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
