"""Calendar arithmetic: days counted from the program's first dated event, and the dated phases
(windows) each track acts in, moved to later years where the document dates a phase only once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.catalog import Milestone, Program, Track
from sim.scenario import Params


@dataclass(frozen=True)
class Window:
    """A phase as model days; ``milestone`` is None for a window the model opens itself."""

    milestone: Milestone | None
    start: int
    end: int

    @property
    def days(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def year(self) -> int | None:
        """The programme year the document dates this phase for, if it does."""
        return None if self.milestone is None else self.milestone.year


def shift_year(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _dated(params: Params, m: Milestone) -> tuple[Milestone, dt.date | None, dt.date]:
    end = params.date(m.id, "end", m.end)
    assert end is not None  # every milestone has an end; a scenario can move it, not remove it
    return m, params.date(m.id, "start", m.start), end


class Calendar:
    """The program's milestones under a scenario's dates, and the windows a track acts in."""

    def __init__(self, program: Program, params: Params):
        self.program = program
        self.milestones = [_dated(params, m) for m in program.milestones]
        firsts = [s or e for _, s, e in self.milestones]
        issued = program.document.issued
        if issued is not None and isinstance(issued.value, dt.date):
            firsts.append(issued.value)
        self.origin: dt.date = min(firsts)
        # Steps ask for the same phases once per cohort and round; the dates are fixed for the run.
        self._windows: dict[tuple[str, tuple[str, ...], int | None, int | None], tuple[Window, ...]] = {}

    def day(self, d: dt.date) -> int:
        return (d - self.origin).days

    def date(self, day: float) -> dt.date:
        return self.origin + dt.timedelta(days=int(day))

    def windows(
        self, track: Track, kinds: tuple[str, ...], year: int | None = None, round_no: int | None = None
    ) -> tuple[Window, ...]:
        """The track's phases of these kinds, by round then date; ``year`` keeps undated ones too."""
        key = (track.id, kinds, year, round_no)
        found = self._windows.get(key)
        if found is None:
            found = self._windows[key] = self._find(track, kinds, year, round_no)
        return found

    def _find(self, track: Track, kinds: tuple[str, ...], year: int | None, round_no: int | None) -> tuple[Window, ...]:
        out = []
        for m, start, end in self.milestones:
            if m.kind not in kinds or (round_no is not None and (m.round or 1) != round_no):
                continue
            if m.tracks is not None and track.id not in m.tracks and track.group not in m.tracks:
                continue
            if year is not None and m.year is not None and m.year != year:
                continue
            first = start or end
            out.append((m.round or 1, first, Window(m, self.day(first), self.day(end))))
        return tuple([w for *_, w in sorted(out, key=lambda x: (x[0], x[1]))])

    def shifted(self, w: Window, years: int) -> Window:
        """The same window ``years`` later, for a later year of a window the document dates once."""
        s, e = (shift_year(self.date(x), years) for x in (w.start, w.end))
        return Window(w.milestone, self.day(s), self.day(e))

    def delivery_window(self, track: Track, k: int) -> Window:
        """When the track's ``k``-th year of courses runs: dated for that year, the ``k``-th of several
        undated windows, or the last window moved on by the missing years."""
        windows = self.windows(track, ("delivery",))
        if not windows:
            raise ValueError(f"{self.program.id}: track {track.id!r} has no delivery milestone")
        base_year = self.date(windows[0].start).year
        dated = [w for w in windows if w.year == base_year + k]
        if dated:
            return dated[0]
        if k < len(windows) and all(w.year is None for w in windows):
            return windows[k]
        return self.shifted(windows[-1], k - (len(windows) - 1))

    def phase_window(self, track: Track, kinds: tuple[str, ...], year: int, base_year: int) -> Window | None:
        """A phase's window for one cohort year: dated for that year, else the undated one moved by as
        many years as the cohort is after the track's first (``base_year``)."""
        windows = self.windows(track, kinds)
        dated = [w for w in windows if w.year == year]
        if dated:
            return dated[0]
        undated = [w for w in windows if w.year is None]
        if not undated:
            return None
        w, shift = undated[0], year - base_year
        if not shift:
            return w
        return self.shifted(w, shift)
