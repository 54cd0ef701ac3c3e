"""Running an optimizer on a test function from a batch of start points.

``run`` keeps every step (and, on request, per-step vectors such as the gradient and the
optimizer's momentum); ``iterate`` is the loop behind it and behind ``basins``. Rows that
stop (diverged or escaped) are dropped from the batch as they stop, so they cost nothing
afterwards; since every row is an independent run this changes no number.
"""

from __future__ import annotations

import time

import sys
from types import MappingProxyType
from typing import Any, Generator, Iterable, Iterator, Mapping, NamedTuple, Optional, Tuple

import numpy as np

from .base import Array, Optimizer, as_params, check_number, check_whole_number, no_state_vectors

STATUS_OK = "ok"
STATUS_DIVERGED = "diverged"
STATUS_ESCAPED = "escaped"
ESCAPE_SCALE = 1e3  # a run has escaped once it is this many domain widths from the domain's centre
QUICK_MARGIN = 1e-6  # relative slack of the quick in-box test, above a dot product's rounding error
GRAD = "grad"       # recordable by every optimizer: the gradient the step used (noise included)
STEP = "step"       # ... and the step taken, params_next - params
NOTHING: Mapping[str, Array] = MappingProxyType({})
NO_ROWS = np.zeros(0, dtype=np.intp)
NO_ROWS.setflags(write=False)


class Trajectory(NamedTuple):
    """The iterates of a batched run.

    ``points`` ``(steps+1, N, 2)`` and ``values`` ``(steps+1, N)`` start with the start
    points; ``status[i]`` is ``"ok"``, ``"diverged"`` (a non-finite value appeared) or
    ``"escaped"`` (the run left the box ``ESCAPE_SCALE`` domain widths around the domain);
    ``last_step[i]`` is the index of row ``i``'s last finite point. Every point after it
    is NaN.

    ``recorded`` maps each recorded name (see ``run``) to a ``(steps+1, N, 2)`` array
    aligned with ``points``: index ``k`` holds what produced point ``k``, so it is defined
    for ``1 <= k <= last_step[i]`` and NaN at ``k = 0`` and after the row stopped. Empty
    unless ``run`` was asked to record.
    """

    points: Array
    values: Array
    status: Array
    last_step: Array
    recorded: Mapping[str, Array] = NOTHING


class Step(NamedTuple):
    """One step of a batched run, as ``iterate`` yields it: the rows still running.

    ``rows`` are the indices (ascending) of the batch's rows still running after this
    step; ``params``, ``value`` and each of ``recorded`` hold those rows only, in that
    order. ``stopped`` are the rows that stopped at this step: their last finite point is
    the previous step's (``index - 1``; a start that is not finite stops at index 0).
    """

    index: int                     # 0 for the start points
    rows: Array                    # (M,) intp
    params: Array                  # (M, 2): this step's points
    value: Array                   # (M,)
    status: Array                  # (N,) object: every row's status so far
    stopped: Array                 # (K,) intp
    recorded: Mapping[str, Array]  # name -> (M, 2): the requested vectors that produced ``params``

    @property
    def alive(self) -> Array:
        """``(N,)`` bool: which rows of the batch are still running."""
        alive = np.zeros(len(self.status), dtype=bool)
        alive[self.rows] = True
        return alive


def _escape_box(domain) -> "tuple[Array, Array]":
    (x_min, x_max), (y_min, y_max) = domain
    centre = np.array([(x_min + x_max) / 2.0, (y_min + y_max) / 2.0])
    half_width = ESCAPE_SCALE * max(x_max - x_min, y_max - y_min)
    return centre - half_width, centre + half_width


def _finite_rows(xy: Array, value: Optional[Array] = None) -> Array:
    """Rows whose coordinates (and value) are all finite; cheaper than ``.all(axis=1)``."""
    finite = np.isfinite(xy[:, 0]) & np.isfinite(xy[:, 1])
    return finite if value is None else finite & np.isfinite(value)


def _outside(xy: Array, low: Array, high: Array) -> Array:
    x, y = xy[:, 0], xy[:, 1]
    return (x < low[0]) | (x > high[0]) | (y < low[1]) | (y > high[1])


def _take_rows(state: Any, keep: Array) -> Any:
    """``state`` with only the rows ``keep`` (a bool mask) of each of its arrays.

    A state's arrays are per row and its other leaves shared (``base``'s rule), so this
    is the state the kept rows would have had in a batch of their own.
    """
    if isinstance(state, np.ndarray):
        return state[keep] if state.ndim else state
    if isinstance(state, tuple):   # a NamedTuple state, or a plain tuple inside one
        items = [_take_rows(item, keep) for item in state]
        return type(state)._make(items) if hasattr(state, "_fields") else tuple(items)
    return state


def record_names(record: Any) -> Tuple[str, ...]:
    """``record`` as a tuple of names: one name, or an iterable of them (duplicates dropped)."""
    try:
        names = (record,) if isinstance(record, str) else tuple(record)
    except TypeError:
        names = (record,)
    for name in names:
        if not isinstance(name, str):
            raise ValueError(f"record must be names (strings) such as 'grad', got {name!r}")
    return tuple(dict.fromkeys(names))


def recordable(optimizer: Optimizer) -> Tuple[str, ...]:
    """The names ``run(optimizer, ..., record=...)`` can record.

    ``"grad"`` and ``"step"`` for every optimizer, then its ``state_vectors`` (which
    depend on its settings, not on the state).

    >>> import optimizers as opt
    >>> recordable(opt.OPTIMIZERS["sgd"](momentum=0.9))
    ('grad', 'step', 'momentum_buffer', 'moment')
    """
    state_vectors = getattr(optimizer, "state_vectors", no_state_vectors)
    return (GRAD, STEP) + tuple(state_vectors(optimizer.init(np.zeros((1, 2)))))


class Batch:
    """The rows of a batched run still going: their points, values and optimizer state.

    ``advance`` makes one step and drops the rows that stop; ``iterate`` and ``basins``
    drive it, and call it only while some row is running.

    Two things make a step cheaper without changing a bit:

    - A function with ``value_and_grad_fn`` (two wells) is evaluated once per step at the
      new points, value and gradient together; the gradient is kept for the next step,
      which would have computed the same bits at the same points (rows are independent,
      so the kept rows' gradients are those rows of it).
    - The usual step, where every row goes on, is recognised by three reductions:
      ``x·x ≤ R²(1 − 1e-6)`` over all coordinates (``R``: the largest square about the
      origin inside the escape box; the margin covers the dot product's rounding, so every
      coordinate is inside it; NaN and overflow fail it), and finite sums of the gradients
      and of the values. Otherwise the rows are checked one by one.
    """

    def __init__(self, optimizer: Optimizer, function, starts: Array, record: Tuple[str, ...] = (),
                 minibatch: Any = None):
        self.optimizer, self.function = optimizer, function
        self.minibatch = minibatch    # gradients from minibatch.grad(params, update) instead of function.grad
        self.record = tuple(name for name in record if name in recordable(optimizer)) if record else ()
        self.state_vectors = getattr(optimizer, "state_vectors", no_state_vectors)
        self.vectors_wanted = any(name not in (GRAD, STEP) for name in self.record)
        # value and gradient in one call, when the function has it (a TestFunction with
        # value_and_grad_fn); else the gradient is taken at the start of each step
        self.together = minibatch is None and getattr(function, "value_and_grad_fn", None) is not None
        params = as_params(starts).copy()
        count = params.shape[0]
        self.box_low, self.box_high = _escape_box(function.domain)
        # a square about the origin inside the box (none for an odd domain: then the min/max test)
        inner_low, inner_high = float(self.box_low.max()), float(self.box_high.min())
        self.inner_low, self.inner_high = inner_low, inner_high
        radius = min(-inner_low, inner_high)
        self.inner_squared = min(radius * radius * (1.0 - QUICK_MARGIN), sys.float_info.max) if radius > 0 else 0.0
        self.index = 0
        self.status = np.full(count, STATUS_OK, dtype=object)
        self.rows = np.arange(count, dtype=np.intp)
        if self.together:
            value, grads = function.value_and_grad(params)
        else:
            value, grads = function.value(params), None
        keep = _finite_rows(params, value)
        stopped = NO_ROWS
        if not keep.all():
            stopped = self.rows[~keep]
            self.status[stopped] = STATUS_DIVERGED
            self.rows, params, value = self.rows[keep], params[keep], value[keep]
            grads = None if grads is None else grads[keep]
        self.params, self.value, self.grads = params, value, grads
        self.state = optimizer.init(params)
        self.first = Step(0, self.rows, params, value, self.status, stopped, NOTHING)

    def _inside(self, xy: Array) -> bool:
        """Whether every coordinate is surely inside the escape box (``False``: look row by row)."""
        if self.inner_squared > 0.0:
            flat = xy.reshape(-1)   # einsum: no BLAS threads, and the quickest under Pyodide
            return bool(np.einsum("i,i->", flat, flat) <= self.inner_squared)
        return bool(self.inner_low <= xy.min() and xy.max() <= self.inner_high)

    def advance(self, draws: Optional[Array] = None, noise: float = 0.0) -> Step:
        """One update of every running row; ``draws`` ``(N, 2)`` are standard normal
        draws for the whole batch (rows that stopped included), scaled by ``noise``."""
        params, rows = self.params, self.rows
        if self.minibatch is not None:
            grads = self.minibatch.grad(params, self.index)
        else:
            grads = self.grads if self.together else self.function.grad(params)
        if draws is not None:
            grads = grads + noise * (draws if len(rows) == len(self.status) else draws[rows])
        updates, state = self.optimizer.update(grads, self.state, params, self.value)
        new_params = params + updates
        if self.together:
            value, next_grads = self.function.value_and_grad(new_params)
        else:
            value, next_grads = self.function.value(new_params), None
        recorded = self._recorded(grads, params, new_params, state) if self.record else NOTHING
        self.index += 1
        stopped = NO_ROWS
        # A row keeps running while its point, value and gradient are finite and the point is
        # in the escape box. The usual case, every row, is settled by three reductions (a NaN
        # fails them, and so does a sum that overflows); otherwise row by row.
        if not (self._inside(new_params) and np.isfinite(grads.sum() + value.sum())):
            finite = _finite_rows(new_params, value) & _finite_rows(grads)
            keep = finite & ~_outside(new_params, self.box_low, self.box_high)
            stopped = rows[~keep]
            self.status[rows[~finite]] = STATUS_DIVERGED
            self.status[rows[finite & ~keep]] = STATUS_ESCAPED
            if len(stopped):
                rows, new_params, value = rows[keep], new_params[keep], value[keep]
                next_grads = None if next_grads is None else next_grads[keep]
                state = _take_rows(state, keep)
                recorded = {name: vector[keep] for name, vector in recorded.items()}
        self.rows, self.params, self.value, self.state = rows, new_params, value, state
        self.grads = next_grads
        return Step(self.index, rows, new_params, value, self.status, stopped, recorded)

    def _recorded(self, grads: Array, params: Array, new_params: Array, state: Any) -> Mapping[str, Array]:
        vectors = self.state_vectors(state) if self.vectors_wanted else NOTHING
        recorded = {}
        for name in self.record:
            if name == GRAD:
                recorded[name] = grads
            elif name == STEP:
                recorded[name] = new_params - params
            else:
                recorded[name] = vectors[name]
        return recorded


def check_minibatch(minibatch: Any, function) -> Any:
    """``minibatch`` if it is None or deals batches of ``function``'s own examples."""
    if minibatch is not None and getattr(minibatch, "function", None) != function:
        raise ValueError(f"minibatch deals the examples of {getattr(minibatch, 'function', None)!r}, "
                         f"not of {function!r}")
    return minibatch


def iterate(optimizer: Optimizer, function, starts: Any, steps: int, *, noise: float = 0.0,
            seed: Optional[int] = 0, record: Iterable[str] = (), minibatch: Any = None) -> Iterator[Step]:
    """Yield the start points and then each of ``steps`` updates of a batched run.

    This is the loop behind ``run`` (which keeps every step) and ``basins`` (which keeps
    only the last); see ``run`` for the rules on noise, divergence, escape and
    ``record``. Each ``Step`` holds only the rows still running; the loop ends early
    once no row is.
    """
    steps = check_whole_number("steps", steps)
    noise = check_number("noise", noise, low=0.0)
    record = record_names(record)
    rng = np.random.default_rng(seed) if noise > 0.0 else None
    with np.errstate(all="ignore"):
        batch = Batch(optimizer, function, starts, record, check_minibatch(minibatch, function))
        count = len(batch.status)
        yield batch.first
        for _ in range(steps):
            if not len(batch.rows):
                return
            # the noise of every row is drawn, stopped or not, so it does not depend on which stopped
            draws = rng.standard_normal((count, 2)) if rng is not None else None
            yield batch.advance(draws, noise)


def run(optimizer: Optimizer, function, starts: Any, steps: int, *, noise: float = 0.0,
        seed: Optional[int] = 0, record: Iterable[str] = (), minibatch: Any = None) -> Trajectory:
    """Run ``optimizer`` on ``function`` from each row of ``starts`` for ``steps`` updates.

    Each row is an independent run, and a batched run equals the same rows run one by
    one, bit for bit. ``noise`` adds Gaussian noise of that standard deviation to every
    gradient (a stand-in for stochastic gradients), drawn from
    ``numpy.random.default_rng(seed)``: the same seed and starts give the same run.

    A row whose value, gradient or point stops being finite is ``diverged``; one that
    leaves the escape box is ``escaped``. Either stops that row: later points are NaN.
    Nothing raises and no floating-point warning is emitted because a run blew up.

    ``record`` names per-step vectors to keep in ``Trajectory.recorded``, each
    ``(steps+1, N, 2)``, where index ``k`` holds what produced point ``k`` (NaN at 0 and
    after the row stopped):

    - ``"grad"``: the gradient update ``k`` used, taken at point ``k-1`` (noise included);
    - ``"step"``: the step taken, ``points[k] - points[k-1]``;
    - the optimizer's ``state_vectors`` after update ``k``: torch.optim's state names
      where torch has the optimizer (``exp_avg``, ``exp_avg_sq``, ``momentum_buffer``,
      ``square_avg``, ``acc_delta``, ``sum``, ``prev``, ``step_size``, ``ax``, ...) and
      ``"moment"``, its first moment or velocity, when it has one.

    ``minibatch`` (an ``optimizers.Minibatches`` of ``function``, a model on a data set) makes
    every gradient the gradient on a minibatch: update ``k`` uses batch ``k - 1`` of its
    per-epoch shuffles, the same for every row; ``values`` stay the loss on the whole data
    set. ``noise``, if also given, is added on top.

    A name the optimizer does not have (``"moment"`` for plain SGD) is simply absent from
    ``recorded``; ``recordable(optimizer)`` lists the names it has. Recording changes no
    point, and a run that records nothing does no extra work.

    >>> import optimizers as opt
    >>> traj = opt.run(opt.OPTIMIZERS["sgd"](lr=0.1), opt.FUNCTIONS["booth"], [[0.0, 0.0]], 50)
    >>> traj.points.shape, traj.status.tolist()
    ((51, 1, 2), ['ok'])
    >>> traj = opt.run(opt.OPTIMIZERS["adam"](lr=0.1), opt.FUNCTIONS["booth"], [[0.0, 0.0]], 50,
    ...                record=("grad", "moment", "step"))
    >>> sorted(traj.recorded), traj.recorded["moment"].shape
    (['grad', 'moment', 'step'], (51, 1, 2))
    """
    return run_to_end(iter_run(optimizer, function, starts, steps, noise=noise, seed=seed, record=record,
                               minibatch=minibatch))


def timed(job: Generator[Any, None, Any]) -> Generator[Any, None, Any]:
    """``job``'s yields passed through; returns ``(its value, the seconds spent in it)``, the time
    between its yields (the page's worker answering other requests) not counted."""
    seconds = 0.0
    while True:
        resumed = time.perf_counter()
        try:
            progress = next(job)
        except StopIteration as finished:
            return finished.value, seconds + time.perf_counter() - resumed
        seconds += time.perf_counter() - resumed
        yield progress


def run_to_end(job: Generator[Any, None, Any]) -> Any:
    """What a generator that yields progress (``iter_run``, the page's jobs) returns, driven to its end."""
    while True:
        try:
            next(job)
        except StopIteration as finished:
            return finished.value


def iter_run(optimizer: Optimizer, function, starts: Any, steps: int, *, noise: float = 0.0,
             seed: Optional[int] = 0, record: Iterable[str] = (), minibatch: Any = None,
             yield_every: Optional[int] = None) -> Generator[float, None, Trajectory]:
    """``run`` as a generator, for a caller that interleaves other work with a long run (the
    page's worker answers other requests, and hears "cancel", between its yields).

    Every ``yield_every`` steps (default: never) it yields the share of the steps done, a
    float in (0, 1); it returns the ``Trajectory``, the same as ``run``'s with the same
    arguments, bit for bit (``run`` is this generator driven to its end). Closing it early
    abandons the run. The arguments are checked when it starts (at the first ``next``).
    """
    steps = check_whole_number("steps", steps)
    if yield_every is not None:
        yield_every = check_whole_number("yield_every", yield_every, low=1)
    starts = as_params(starts)
    count = starts.shape[0]
    names = record_names(record)
    if names:
        names = tuple(name for name in names if name in recordable(optimizer))
    points = np.full((steps + 1, count, 2), np.nan)
    values = np.full((steps + 1, count), np.nan)
    recorded = {name: np.full((steps + 1, count, 2), np.nan) for name in names}
    last_step = np.full(count, steps, dtype=np.int64)
    status = None
    for step in iterate(optimizer, function, starts, steps, noise=noise, seed=seed, record=names,
                        minibatch=minibatch):
        status, index = step.status, step.index
        if len(step.stopped):
            last_step[step.stopped] = max(index - 1, 0)
        if len(step.rows) == count:
            points[index], values[index] = step.params, step.value
            for name, vector in step.recorded.items():
                recorded[name][index] = vector
        else:
            points[index, step.rows] = step.params
            values[index, step.rows] = step.value
            for name, vector in step.recorded.items():
                recorded[name][index, step.rows] = vector
        if yield_every and index % yield_every == 0 and 0 < index < steps:
            yield index / steps
    return Trajectory(points, values, status.astype(str), last_step,
                      MappingProxyType(recorded) if recorded else NOTHING)
