"""The report's part on what users see: targets, start-up, status and keys in a terminal.

Every target is a ratio to a stock Textual app measured in the same run (see
:mod:`user`): habitnet's first frame and Today's real numbers against a hello-world
app's first frame; ``habitnet status`` against ``python -c 'import json'``; habitnet's
screen switch, search character and cursor move p95 against the stock six-screen app's
screen switch p95.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from user import DATASETS, SWITCH_KEYS, Build, keys_table, ms, stats

SWITCH_TARGET = 2.5
FIRST_FRAME_TARGET = 1.15
TODAY_TARGET = 1.5
STATUS_TARGET = 3.0

Row = tuple[str, str, str, str, bool | None]  # figure, data, measured, target, met


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def p95(xs: Sequence[float]) -> float | None:
    s = stats(xs)
    return s["p95"] if s else None


def target_rows(
    builds: Sequence[Build],
    years: Sequence[int],
    st: dict[str, Any],
    status: dict[str, Any],
    keys: dict[str, Any],
) -> list[tuple[str, list[Row]]]:
    """Per build, the rows of the targets table."""
    out = []
    for b in builds:
        rows: list[Row] = []
        for y in years:
            s = st.get((b.label, y))
            data = f"{y}-year"
            if s:
                rows.append(
                    (
                        "first frame ÷ hello-world's first frame",
                        data,
                        f"{s['first_ratio']:.2f}× ({ms(s['first'])} vs {ms(st['hello_first'])} ms)",
                        f"≤ {FIRST_FRAME_TARGET}×",
                        s["first_ratio"] <= FIRST_FRAME_TARGET,
                    )
                )
                rows.append(
                    (
                        "Today's real numbers ÷ hello-world's first frame",
                        data,
                        f"{s['today_ratio']:.2f}× ({ms(s['today'])} ms)",
                        f"≤ {TODAY_TARGET}×",
                        s["today_ratio"] <= TODAY_TARGET,
                    )
                )
            else:
                rows.append(("start-up", data, "not measured (see errors)", "", None))
            g = status.get((b.label, y), {}).get("glance")
            if g:
                rows.append(
                    (
                        "`habitnet status` ÷ `python -c 'import json'` (wall time)",
                        data,
                        f"{g['ratio']:.2f}× ({ms(g['wall'])} vs {ms(g['base_wall'])} ms)",
                        f"≤ {STATUS_TARGET:.0f}×",
                        g["ratio"] <= STATUS_TARGET,
                    )
                )
            stock = keys.get(("stock", y), {})
            mine = keys.get((b.label, y), {})
            yard = p95(stock.get("switch", []))
            figures: list[tuple[str, Callable[[dict[str, Any]], Sequence[float]]]] = [
                ("screen switch p95", lambda r: r["switch"]),
                ("People: search character p95", lambda r: r["search"]["p"]),
                ("Journal: search character p95", lambda r: r["search"]["j"]),
                ("People: cursor move p95", lambda r: r["cursor"]["p"]),
                ("Journal: cursor move p95", lambda r: r["cursor"]["j"]),
            ]
            for name, pick in figures:
                try:
                    value = p95(pick(mine))
                except KeyError:
                    value = None
                label = f"{name} ÷ the stock app's screen switch p95"
                if value is None or yard is None:
                    rows.append((label, data, "not measured (see errors)", "", None))
                    continue
                ratio = value / yard
                rows.append(
                    (
                        label,
                        data,
                        f"{ratio:.2f}× ({ms(value)} vs {ms(yard)} ms)",
                        f"≤ {SWITCH_TARGET}×",
                        ratio <= SWITCH_TARGET,
                    )
                )
        out.append((b.label, rows))
    return out


def describe_data(builds: Sequence[Build], y: int) -> str:
    """What each build's ``y``-year demo data holds (each build generated its own)."""
    out = []
    for b in builds:
        d = DATASETS.get((b.label, y))
        if d:
            what = (
                f"{d['contacts']:,} contacts, {d['activities']:,} activities, "
                f"{d['journal']:,} journal entries, {d['bytes'] / 1e6:.1f} MB"
            )
            out.append(f"{b.label}: {what}" if len(builds) > 1 else what)
    return "; ".join(out) or "not generated"


def user_sections(
    builds: Sequence[Build],
    years: Sequence[int],
    st: dict[str, Any],
    status: dict[str, Any],
    keys: dict[str, Any],
    runs: int,
    rounds: int,
) -> list[str]:
    L: list[str] = []
    L.append("## Targets: what users see, in a terminal")
    L.append("")
    L.append(
        "The installed `habitnet` command in a pseudo-terminal (120×40, "
        "`TERM=xterm-256color`), its output read by a terminal emulator (pyte); stock "
        "Textual apps in the same run are the yardsticks (`bench/user.py`). Ratios are "
        "taken run by run (start-up, status) or against the stock app measured just "
        "before (keys). The data is the demo data of 1, 5 and 10 years, ending when the "
        "run started, made by each build's own generator (seed 7)."
    )
    L.append("")
    multi = len(builds) > 1
    head = "| build " if multi else ""
    L.append(head + "| figure | data | measured | target | result |")
    L.append(("|---" if multi else "") + "|---|---|---|---|---|")
    for label, rows in target_rows(builds, years, st, status, keys):
        for name, data, val, target, ok in rows:
            pre = f"| {label} " if multi else ""
            L.append(pre + f"| {name} | {data} | {val} | {target} | {verdict(ok)} |")
    L.append("")

    # start-up
    L.append("## Start-up in a terminal")
    L.append("")
    L.append(
        "Wall time from just before `pty.fork` to the arrival of the bytes that put on "
        "screen: any text (the first frame); Today's real numbers (its Outreach panel up, "
        "nothing saying loading). Each dataset was opened once before, so a current "
        "glance file is there (`src/habitnet/sidecar.py`), as for a returning user. "
        "*After an outside change* is the same start with the data file's time moved "
        "(a sync tool, a restore): the glance is stale, and Today's numbers wait for the "
        f"whole load (all data loaded). Medians of {runs} runs, each ratio taken against "
        "the hello-world app started just before. Peak RSS is over the whole run (start, "
        "load, quit). The processor time (all the program's threads, from "
        "`/proc/PID/task/*/schedstat`, read as the first frame's bytes arrive) does not "
        "stretch on a busy machine as wall time does; the time spent waiting for a "
        "processor shows how busy the machine was."
    )
    L.append("")
    cols = [(b, y) for b in builds for y in years]
    L.append(
        "| | hello-world | "
        + " | ".join((f"{b.label}, " if multi else "") + f"{y}-year" for b, y in cols)
        + " |"
    )
    L.append("|---" * (len(cols) + 2) + "|")

    def row(label: str, hello: str, fn: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for b, y in cols:
            s = st.get((b.label, y))
            try:
                cells.append(fn(s) if s else "—")
            except (KeyError, TypeError):
                cells.append("—")
        L.append(f"| {label} | {hello} | " + " | ".join(cells) + " |")

    def ratio(x: float | None) -> str:
        return f"{x:.2f}×" if x is not None else "—"

    hf = ms(st.get("hello_first"))
    row("first frame, ms", hf, lambda s: ms(s["first"]))
    row("… ÷ hello-world", "1.00", lambda s: ratio(s["first_ratio"]))
    row("Today's real numbers, ms", hf, lambda s: ms(s["today"]))
    row("… ÷ hello-world's first frame", "1.00", lambda s: ratio(s["today_ratio"]))
    row("after an outside change: first frame, ms", hf, lambda s: ms(s["changed_first"]))
    row("… ÷ hello-world", "1.00", lambda s: ratio(s["changed_first_ratio"]))
    row("after an outside change: all data loaded, ms", hf, lambda s: ms(s["loaded"]))
    row("… ÷ hello-world's first frame", "1.00", lambda s: ratio(s["loaded_ratio"]))
    row(
        "first frame: processor time, ms (information)",
        ms(st.get("hello_cpu")),
        lambda s: ms(s["cpu"]),
    )
    row("… ÷ hello-world's", "1.00", lambda s: ratio(s["cpu_ratio"]))
    row(
        "first frame: time spent waiting for a processor, ms",
        ms(st.get("hello_wait")),
        lambda s: ms(s["wait"]),
    )
    hr = st.get("hello_rss")
    row(
        "peak RSS, MB",
        f"{hr:.0f}" if hr == hr and hr is not None else "—",
        lambda s: f"{s['rss']:.0f}",
    )
    L.append("")

    # status
    L.append("## `habitnet status`")
    L.append("")
    L.append(
        "Wall time and peak RSS of `habitnet status --data-dir DIR` (output to a pipe, as "
        "a shell prompt or tmux reads it), each run paired with `python -c 'import json'` "
        "of the same Python. *After an outside change*: the data file's time moved just "
        "before the call, so the glance file is stale."
    )
    L.append("")
    L.append(
        "| build | data | `import json` ms / MB | status ms / MB | ÷ | after an outside "
        "change ms / MB | ÷ | output |"
    )
    L.append("|---|---|---|---|---|---|---|---|")
    for b in builds:
        for y in years:
            r = status.get((b.label, y), {})
            g, c = r.get("glance"), r.get("changed")
            if not g:
                continue
            line = status.get((b.label, y, "line"), "")
            c_cells = f"{ms(c['wall'])} / {c['rss']:.0f} | {c['ratio']:.2f}×" if c else "— | —"
            L.append(
                f"| {b.label} | {y}-year | {ms(g['base_wall'])} / {g['base_rss']:.0f} | "
                f"{ms(g['wall'])} / {g['rss']:.0f} | {g['ratio']:.2f}× | {c_cells} | "
                f"`{line}` |"
            )
    L.append("")

    # keys
    n = f"{rounds} round" + ("" if rounds == 1 else "s")
    L.append("## Keys in a terminal")
    L.append("")
    L.append(
        "Wall time from writing a key's bytes to the arrival of the bytes that show: for a "
        "screen key, the new screen's marker text (`HABITNET_SCREENS` in `bench/user.py`; "
        "the stock app's first panel); for a search character, the filtered list (the "
        "columns left of the side pane, as they are once the output has settled); for a "
        "cursor move, the whole screen as it settles (the side pane's new row). *Settled* "
        "is when the whole screen took its final look. The screen settles (no output for "
        f"150 ms) before each key. Screen keys `{' '.join(SWITCH_KEYS)}`: {n} "
        "after a first visit of each screen (the warm-up, listed last); cursor moves: "
        f"{n} of 8 downs from the top of People and Journal; search: "
        f"{n} of typing `ana` on People and `coffee` on Journal. Cells are "
        "p50 / p95 / max in ms. The stock app is started and measured just before habitnet "
        "on each dataset."
    )
    L.append("")
    for y in years:
        L.append(f"### {y}-year data ({describe_data(builds, y)})")
        L.append("")
        L += keys_table(keys, builds, y)
        probs = []
        for who in ["stock", *(b.label for b in builds)]:
            for p in keys.get((who, y), {}).get("problems", []):
                probs.append(f"{who}: {p}")
        if probs:
            L.append("")
            L.append("Notes from the key script: " + "; ".join(probs) + ".")
        L.append("")
    nf = keys.get("stock-no-footer")
    if nf:
        s = stats(nf.get("switch", []))
        if s:
            L.append(
                f"For scale: the same stock app without its `Footer` switches screens in "
                f"{ms(s['p50'])} / {ms(s['p95'])} / {ms(s['max'])} ms (p50 / p95 / max; "
                "measured once, after the rest). Textual's `Footer` recomposes its keys on "
                "every screen switch (`Footer.bindings_changed` → `recompose`)."
            )
            L.append("")
    return L
