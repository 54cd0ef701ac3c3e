"""Basins of attraction: which minimum an optimizer reaches from each point of a lattice."""

from __future__ import annotations

from typing import Callable, Generator, NamedTuple, Optional, Tuple

import numpy as np

from . import outcomes
from .base import Array, Optimizer, check_number, check_whole_number
from .trajectory import STATUS_OK, Batch

# A start's label: the index of the minimum its run converged to, or one of these; which one
# is decided by ``optimizers.outcomes`` (the one rule of how a run ended).
LABEL_NONE = -1       # still moving: its steps ran out before it reached a minimum
LABEL_DIVERGED = -2   # diverged: a value, gradient or point stopped being finite
LABEL_LEFT_VIEW = -3  # left the view: escaped, or ended outside the view at no minimum
KIND_LABELS = {outcomes.STILL_MOVING: LABEL_NONE, outcomes.DIVERGED: LABEL_DIVERGED,
               outcomes.LEFT_VIEW: LABEL_LEFT_VIEW}
TOLERANCE_OF_SPAN = outcomes.VIEW_SHARE
TOLERANCE_OF_GAP = outcomes.GAP_SHARE
# starts per chunk when progress is reported (the page's maps): each numpy call costs a few
# microseconds more under Pyodide, so larger chunks pay less of it; a 200 x 200 map (the
# page's) in 40,000-start chunks was 4% faster there than in 10,000s, and 12% in CPython
CHUNK_STARTS = 40_000


class BasinsCancelled(Exception):
    """Raised by ``basins`` when its ``progress`` callback returns ``False``.

    ``fraction`` is the share of the work done when it stopped.
    """

    def __init__(self, fraction: float):
        super().__init__(f"basin map cancelled at {fraction:.0%}")
        self.fraction = fraction


class Basins(NamedTuple):
    """A basin map. ``labels[j, i]`` belongs to the start ``(xs[i], ys[j])``.

    ``labels`` index into ``function.minima`` (the run converged there), or are
    ``LABEL_NONE`` (-1, still moving), ``LABEL_DIVERGED`` (-2) or ``LABEL_LEFT_VIEW`` (-3),
    as ``optimizers.outcomes`` decides for the map's domain (its view). ``fractions[k]`` is
    the share of starts that reach minimum ``k``; ``fraction_none``, ``fraction_diverged``
    and ``fraction_left_view`` complete them to 1. ``status[j, i]`` is the run's own
    ("ok", "diverged" or "escaped").
    """

    xs: Array
    ys: Array
    labels: Array
    fractions: Array
    fraction_none: float
    fraction_diverged: float
    end_points: Array   # (ny, nx, 2), NaN where the run diverged
    tolerance: float
    status: Array       # (ny, nx): "ok", "diverged" or "escaped"
    fraction_left_view: float = 0.0


def lattice(domain, resolution: Tuple[int, int]) -> "tuple[Array, Array]":
    """Sample points of a ``(nx, ny)`` lattice over ``domain``, corners included."""
    nx, ny = resolution
    nx = check_whole_number("resolution nx", nx, low=2)
    ny = check_whole_number("resolution ny", ny, low=2)
    (x_min, x_max), (y_min, y_max) = domain
    return np.linspace(x_min, x_max, nx), np.linspace(y_min, y_max, ny)


def default_tolerance(function, view=None) -> float:
    """How close an end point must be to a minimum to count as reaching it: the end-point
    tolerance of ``optimizers.outcomes`` for ``view`` (default: the function's domain)."""
    return outcomes.end_point_tolerance(function.minima, function.domain if view is None else view)


def labels_of(ended: "outcomes.Outcomes") -> Array:
    """Basin labels for outcomes: the minimum's index where a run converged, else the
    kind's label (``KIND_LABELS``)."""
    labels = ended.minimum.copy()
    for kind, label in KIND_LABELS.items():
        labels[ended.kinds == kind] = label
    return labels


def label_end_points(end_points: Array, status: Array, minima: Array, tolerance: float, view=None) -> Array:
    """Label each end point by the outcome rule (``optimizers.outcomes.classify``) with this
    ``tolerance`` and ``view``; without a view no run counts as ending outside it (an escaped
    one still left it)."""
    return labels_of(outcomes.classify(end_points, status, minima, view, tolerance))


def _chunks(nx: int, ny: int, rows_per_chunk: Optional[int], for_progress: bool) -> "list[slice]":
    """Slices of the batch (x fastest) for chunks of ``rows_per_chunk`` lattice rows."""
    if rows_per_chunk is None:
        rows_per_chunk = max(1, CHUNK_STARTS // nx) if for_progress else ny
    rows_per_chunk = check_whole_number("rows_per_chunk", rows_per_chunk, low=1)
    return [slice(j * nx, min(j + rows_per_chunk, ny) * nx) for j in range(0, ny, rows_per_chunk)]


def _end_points(optimizer: Optimizer, function, starts: Array, chunks, steps: int, noise: float,
                seed, yield_every: Optional[int], lattice_rows: Optional[Array] = None,
                lattice_size: Optional[int] = None) -> Generator[Tuple[float, bool], None, Tuple[Array, Array]]:
    """Every start's status and last point (NaN where it stopped), chunk by chunk: a generator
    that yields ``(fraction of the work done, whether a report point)`` and returns them.

    Without noise each chunk runs to the end in turn; a report point follows each chunk.
    With noise the chunks advance together, one step at a time, each taking its rows of
    one draw for the whole lattice, so the draws are those of an unchunked run; report
    points follow each ``1 / len(chunks)`` of the steps. ``yield_every`` (steps) adds yields
    between report points, so a caller can interleave other work with a long map.
    ``starts`` may be some points of a lattice of ``lattice_size`` points (``lattice_rows``:
    their indices in it): the draws are then made for the whole lattice, and each start
    takes its own point's, so its run is the one it has in the whole map.
    """
    count = len(starts)
    draw_count = count if lattice_size is None else lattice_size
    status = np.full(count, STATUS_OK, dtype=object)
    end_points = np.full((count, 2), np.nan)

    def keep(batch: Batch, chunk: slice) -> None:
        status[chunk] = batch.status
        end_points[chunk.start + batch.rows] = batch.params

    if noise == 0.0:
        for chunk in chunks:
            batch = Batch(optimizer, function, starts[chunk])
            size = chunk.stop - chunk.start
            for index in range(1, steps + 1):
                if not len(batch.rows):
                    break
                batch.advance()
                if yield_every and index % yield_every == 0 and index < steps:
                    yield (chunk.start + size * index / steps) / count, False
            keep(batch, chunk)
            yield chunk.stop / count, True
        return status, end_points
    batches = [Batch(optimizer, function, starts[chunk]) for chunk in chunks]
    rng = np.random.default_rng(seed)
    marks = {round(steps * k / len(chunks)) for k in range(1, len(chunks))} - {0}
    for index in range(1, steps + 1):
        if not any(len(batch.rows) for batch in batches):
            break
        draws = rng.standard_normal((draw_count, 2))
        for batch, chunk in zip(batches, chunks):
            if len(batch.rows):
                batch.advance(draws[chunk] if lattice_rows is None else draws[lattice_rows[chunk]], noise)
        if index in marks:
            yield index / steps, True
        elif yield_every and index % yield_every == 0 and index < steps:
            yield index / steps, False
    for batch, chunk in zip(batches, chunks):
        keep(batch, chunk)
    yield 1.0, True
    return status, end_points


def basins(optimizer: Optimizer, function, resolution: Tuple[int, int] = (100, 100),
           steps: int = 500, *, domain=None, tolerance: Optional[float] = None,
           noise: float = 0.0, seed: Optional[int] = 0,
           progress: Optional[Callable[[float], Optional[bool]]] = None,
           rows_per_chunk: Optional[int] = None) -> Basins:
    """Run ``optimizer`` from every point of a lattice over ``domain`` (default: the
    function's view), and label each start by how its run ended (``optimizers.outcomes``,
    with ``domain`` as the view): the minimum it converged to, or still moving, diverged or
    left the view. ``tolerance`` overrides the rule's end-point tolerance.

    The answer is that of one batched ``run`` of the whole lattice (its last points,
    labelled), bit for bit, and so that of the plain loop stepping every start for the
    full ``steps``. What is saved changes no number: runs are dropped from the batch as
    they stop (diverge or escape); a function with ``value_and_grad_fn`` is evaluated
    once per step (see ``Batch``); and the lattice is computed in chunks of
    ``rows_per_chunk`` lattice rows (default: one chunk, or about ``CHUNK_STARTS`` starts
    per chunk when ``progress`` is given). The chunking changes no number, noise
    included: with noise the chunks advance together, each taking its rows of draws made
    for the whole lattice. A run that has settled is still stepped to the end: its point
    keeps changing in the last bits (no run of the default presets on two wells reaches
    an exact fixed point, of its point and optimizer state, within its steps).

    ``progress(fraction)``, if given, is called once per chunk with the share of the work
    done, a float in (0, 1], the last time with 1.0 (without noise a chunk is reported
    when it is finished; with noise after each ``1/chunks`` of the steps). If it returns
    ``False`` (``False`` itself: ``None`` carries on), the map is abandoned and
    ``BasinsCancelled`` is raised; an exception raised by ``progress`` propagates too.

    >>> import optimizers as opt
    >>> b = opt.basins(opt.OPTIMIZERS["sgd"](lr=0.02), opt.FUNCTIONS["two_wells"], (20, 20), 300)
    >>> b.labels.shape, round(float(b.fractions.sum() + b.fraction_none + b.fraction_diverged + b.fraction_left_view), 12)
    ((20, 20), 1.0)
    """
    steps_done = iter_basins(optimizer, function, resolution, steps, domain=domain, tolerance=tolerance,
                             noise=noise, seed=seed, rows_per_chunk=rows_per_chunk,
                             _chunked_for_progress=progress is not None)
    while True:
        try:
            fraction, report_point = next(steps_done)
        except StopIteration as done:
            return done.value
        if report_point and progress is not None and progress(fraction) is False:
            steps_done.close()
            raise BasinsCancelled(fraction)


def iter_basins(optimizer: Optimizer, function, resolution: Tuple[int, int] = (100, 100),
                steps: int = 500, *, domain=None, tolerance: Optional[float] = None,
                noise: float = 0.0, seed: Optional[int] = 0, rows_per_chunk: Optional[int] = None,
                yield_every: Optional[int] = None, _chunked_for_progress: bool = True,
                ) -> Generator[Tuple[float, bool], None, Basins]:
    """``basins`` as a generator, for a caller that interleaves other work with a long map
    (the page's worker answers other requests, and hears "cancel", between its yields).

    It yields ``(fraction, report_point)``: the share of the work done, and whether
    ``basins`` would call ``progress`` there (a chunk ended). ``yield_every`` steps adds
    yields in between (``report_point`` False). It returns the ``Basins``, the same map as
    ``basins`` with the same arguments, bit for bit; closing it early abandons the map.
    Its default chunks are those ``basins`` uses when given ``progress``.
    """
    view = outcomes.as_view(domain or function.domain)
    xs, ys = lattice(view, resolution)
    steps = check_whole_number("steps", steps)
    noise = check_number("noise", noise, low=0.0)
    if yield_every is not None:
        yield_every = check_whole_number("yield_every", yield_every, low=1)
    chunks = _chunks(len(xs), len(ys), rows_per_chunk, _chunked_for_progress)
    grid_x, grid_y = np.meshgrid(xs, ys)
    starts = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    with np.errstate(all="ignore"):
        status, end_points = yield from _end_points(optimizer, function, starts, chunks, steps, noise, seed,
                                                    yield_every)
    status = status.astype(str)
    minima = np.asarray(function.minima).reshape(-1, 2)
    tolerance = default_tolerance(function, view) if tolerance is None else float(tolerance)
    labels = label_end_points(end_points, status, minima, tolerance, view)
    total = len(labels)
    # bincount wants the platform index type: int32 under WebAssembly
    fractions = np.bincount(labels[labels >= 0].astype(np.intp), minlength=len(minima)) / total
    return Basins(xs, ys, labels.reshape(len(ys), len(xs)), fractions,
                  float(np.count_nonzero(labels == LABEL_NONE) / total),
                  float(np.count_nonzero(labels == LABEL_DIVERGED) / total),
                  end_points.reshape(len(ys), len(xs), 2), tolerance, status.reshape(len(ys), len(xs)),
                  float(np.count_nonzero(labels == LABEL_LEFT_VIEW) / total))


class BasinPoints(NamedTuple):
    """Some points of a basin map: ``labels[k]``, ``status[k]`` and ``end_points[k]`` belong to
    the lattice point ``indices[k]`` (row-major, x fastest), each the same as in the whole map."""

    indices: Array
    labels: Array
    status: Array
    end_points: Array


def lattice_indices(resolution: Tuple[int, int], rows: Tuple[int, int], step: int = 1, skip: int = 0) -> Array:
    """Flat indices (x fastest) of the lattice points ``(i, j)`` with ``rows[0] <= j < rows[1]``
    and both ``i`` and ``j`` multiples of ``step``, leaving out those where both are multiples
    of ``skip`` (0: none left out): ``step=4`` is a coarse sub-lattice, and ``skip=4`` with
    ``step=1`` the rest of the lattice."""
    nx, ny = resolution
    step = check_whole_number("step", step, low=1)
    skip = check_whole_number("skip", skip)
    low, high = max(0, int(rows[0])), min(ny, int(rows[1]))
    js = np.arange(low + (-low) % step, max(low, high), step, dtype=np.intp)
    is_ = np.arange(0, nx, step, dtype=np.intp)
    grid_j, grid_i = np.meshgrid(js, is_, indexing="ij")
    keep = np.ones(grid_j.shape, dtype=bool) if not skip else ~((grid_j % skip == 0) & (grid_i % skip == 0))
    return (grid_j * nx + grid_i)[keep].astype(np.intp)


def iter_basin_points(optimizer: Optimizer, function, resolution: Tuple[int, int], steps: int,
                      indices, *, domain=None, tolerance: Optional[float] = None, noise: float = 0.0,
                      seed: Optional[int] = 0, yield_every: Optional[int] = None,
                      ) -> Generator[Tuple[float, bool], None, BasinPoints]:
    """``iter_basins`` for some points of the lattice only (``indices``, flat, x fastest, such
    as ``lattice_indices`` gives): each point's label, status and end point are those of the
    whole map, bit for bit, so maps split into parts (the page's pool of workers, its coarse
    map first) equal the whole. Rows of a batch are independent runs, and with noise every
    part draws for the whole lattice and takes its points' draws. Yields as ``iter_basins``."""
    view = outcomes.as_view(domain or function.domain)
    xs, ys = lattice(view, resolution)
    steps = check_whole_number("steps", steps)
    noise = check_number("noise", noise, low=0.0)
    if yield_every is not None:
        yield_every = check_whole_number("yield_every", yield_every, low=1)
    size = len(xs) * len(ys)
    indices = np.asarray(indices, dtype=np.intp).reshape(-1)
    if len(indices) and (indices.min() < 0 or indices.max() >= size):
        raise ValueError(f"lattice point indices must be within 0..{size - 1}")
    starts = np.column_stack([xs[indices % len(xs)], ys[indices // len(xs)]])
    count = len(indices)
    chunks = [slice(k, min(k + CHUNK_STARTS, count)) for k in range(0, count, CHUNK_STARTS)]
    with np.errstate(all="ignore"):
        status, end_points = yield from _end_points(optimizer, function, starts, chunks, steps, noise, seed,
                                                    yield_every, lattice_rows=indices, lattice_size=size)
    if not chunks and noise == 0.0:
        yield 1.0, True
    status = status.astype(str)
    minima = np.asarray(function.minima).reshape(-1, 2)
    tolerance = default_tolerance(function, view) if tolerance is None else float(tolerance)
    return BasinPoints(indices, label_end_points(end_points, status, minima, tolerance, view), status, end_points)
