"""A network's trajectory plane (Li, Xu, Taylor, Studer and Goldstein, "Visualizing the Loss
Landscape of Neural Nets", NeurIPS 2018, section 7).

Training visits iterates θ₀ … θₙ in a space of hundreds of dimensions. As in the paper, the
plane is spanned by the first two principal directions of the matrix M whose rows are
θᵢ - θₙ (i < n), the final point as origin: PCA, that is M's rows centred on their mean, then
the two right singular vectors of the largest singular values. The path is projected on it
(the coordinates of θᵢ - θₙ along the two unit directions, so the final point is the origin),
the loss is evaluated at θₙ + a d₁ + b d₂ on a lattice of the plane covering the path, and the
share of M's variance (centred) that the two directions hold is the plane's variance fraction
(scikit-learn's ``explained_variance_ratio_`` of the two, summed).

Each direction's sign is fixed so that the start θ₀ has a coordinate of at least 0 along it
(when it is 0, so that the direction's largest entry is positive).
"""

from __future__ import annotations

from typing import Generator, NamedTuple, Optional

import numpy as np

from ..base import Array, check_whole_number
from .network import Network, train

RESOLUTION = 41          # lattice points per side of the plane's contour
MARGIN = 0.25            # the lattice extends this share of the path's span beyond it on each side
GRID_BLOCK = 16          # lattice points whose losses are computed between two yields


class Plane(NamedTuple):
    """A trajectory's plane: ``directions`` ``(2, P)`` (unit, orthogonal), ``origin`` ``(P,)`` (the
    final iterate), ``path`` ``(n + 1, 2)``, ``path_losses`` ``(n + 1,)`` (the full loss at each
    iterate), ``explained`` ``(2,)`` (each direction's share of the variance), ``xs`` ``(nx,)``,
    ``ys`` ``(ny,)`` and ``losses`` ``(ny, nx)``: the loss at ``origin + xs[j] d₁ + ys[i] d₂``."""

    directions: Array
    origin: Array
    path: Array
    path_losses: Array
    explained: Array
    xs: Array
    ys: Array
    losses: Array

    @property
    def variance_fraction(self) -> float:
        """The share of the path's variance that the plane holds."""
        return float(self.explained.sum())


def principal_directions(iterates: Array) -> "tuple[Array, Array]":
    """``(directions (2, P), explained (2,))`` of ``iterates`` ``(n + 1, P)``, as the module says."""
    iterates = np.asarray(iterates, dtype=np.float64)
    if len(iterates) < 3:
        raise ValueError("a trajectory plane needs at least 3 iterates (2 steps)")
    offsets = iterates[:-1] - iterates[-1]
    centred = offsets - offsets.mean(axis=0)
    _, singular, rows = np.linalg.svd(centred, full_matrices=False)
    power = singular * singular
    total = power.sum()
    if not total > 0:
        raise ValueError("the iterates did not move: there is no plane to show")
    directions = rows[:2].copy()
    if len(directions) < 2:
        raise ValueError("a trajectory plane needs parameters in at least 2 dimensions")
    start = offsets[0]
    for d in directions:
        along = float((d * start).sum())
        if along < 0 or (along == 0 and d[np.argmax(np.abs(d))] < 0):
            d *= -1.0
    return directions, power[:2] / total


def project(iterates: Array, origin: Array, directions: Array) -> Array:
    """``(n, 2)``: each iterate's coordinates along the two unit directions, from ``origin``."""
    offsets = np.asarray(iterates, dtype=np.float64) - origin
    return (offsets[:, None, :] * directions[None, :, :]).sum(axis=-1)


def lattice_axis(values: Array, resolution: int) -> Array:
    """``resolution`` points from the least to the greatest of ``values``, widened by ``MARGIN`` of
    their span on each side (±1 about them when they do not spread)."""
    low, high = float(values.min()), float(values.max())
    span = high - low
    if not span > 0:
        low, high, span = low - 1.0, high + 1.0, 2.0
    return np.linspace(low - MARGIN * span, high + MARGIN * span, resolution)


def iter_plane(network: Network, iterates: Array, path_losses: Array, resolution: int = RESOLUTION,
               ) -> Generator[float, None, Plane]:
    """The plane of ``iterates`` with the loss on its lattice; yields the share of the lattice done."""
    resolution = check_whole_number("resolution", resolution, low=2)
    directions, explained = principal_directions(iterates)
    origin = np.asarray(iterates[-1], dtype=np.float64)
    path = project(iterates, origin, directions)
    xs, ys = lattice_axis(path[:, 0], resolution), lattice_axis(path[:, 1], resolution)
    a, b = np.meshgrid(xs, ys)
    a, b = a.reshape(-1), b.reshape(-1)
    losses = np.empty(a.size)
    for start in range(0, a.size, GRID_BLOCK):
        block = slice(start, start + GRID_BLOCK)
        thetas = origin[None, :] + a[block, None] * directions[0][None, :] + b[block, None] * directions[1][None, :]
        losses[block] = network.loss(thetas)
        if start + GRID_BLOCK < a.size:
            yield (start + GRID_BLOCK) / a.size
    return Plane(directions, origin, path, np.asarray(path_losses, dtype=np.float64), explained, xs, ys,
                 losses.reshape(resolution, resolution))


def iter_trajectory_plane(network: Network, optimizer, steps: int, *, seed: int = 0,
                          batch_size: Optional[int] = None, resolution: int = RESOLUTION,
                          yield_every: Optional[int] = 5) -> Generator[float, None, Plane]:
    """Train ``network`` (``network.train``), then its trajectory's plane (``iter_plane``): a
    generator yielding the share of the work done, returning the ``Plane``."""
    train_work = 3.0 * steps * (2 if batch_size else 1)   # a gradient costs about three losses
    grid_work = float(resolution * resolution)
    share = train_work / (train_work + grid_work)
    training = train(network, optimizer, steps, seed=seed, batch_size=batch_size, yield_every=yield_every)
    while True:
        try:
            fraction = next(training)
        except StopIteration as finished:
            iterates, path_losses = finished.value
            break
        yield share * fraction
    yield share
    lattice = iter_plane(network, iterates, path_losses, resolution)
    while True:
        try:
            fraction = next(lattice)
        except StopIteration as finished:
            return finished.value
        yield share + (1.0 - share) * fraction


def trajectory_plane(network: Network, optimizer, steps: int, **options) -> Plane:
    """``iter_trajectory_plane`` driven to its end."""
    job = iter_trajectory_plane(network, optimizer, steps, **options)
    while True:
        try:
            next(job)
        except StopIteration as finished:
            return finished.value
