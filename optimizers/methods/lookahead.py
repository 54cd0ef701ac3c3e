"""Lookahead: k fast steps forward, one step back (Zhang et al. 2019)."""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Optional

import numpy as np

from ..base import Array, Optimizer
from ..registry import OPTIMIZERS, Transform, optimizer
from ..settings.facts import choice, optimizer_settings, unit, whole
from .moments import lerp


class LookaheadState(NamedTuple):
    count: int
    slow_params: Array  # φ: the slow weights, (N, 2)
    inner_state: Any    # the wrapped optimizer's state


@optimizer("lookahead", label="Lookahead", settings={
    "inner": choice("The optimizer Lookahead wraps (its settings: inner_hyperparams).",
                    lambda: tuple(name for name in OPTIMIZERS if name != "lookahead"), optimizer_ids=True),
    "inner_hyperparams": optimizer_settings("The inner optimizer's settings (the learning rate is among them); "
                                            "missing ones take its defaults.", "inner",
                                            "the inner optimizer's defaults"),
    "k": whole("k: fast steps between two pull-backs to the slow weights.", 1, (1.0, 50.0)),
    "alpha": unit(description="α: how far the slow weights move towards the fast ones at a pull-back (1: the inner "
                              "optimizer alone)."),
})
def lookahead(inner: Any = "sgd", inner_hyperparams: Optional[Mapping[str, Any]] = None,
              k=5, alpha=0.5) -> Optimizer:
    r"""Lookahead: run any optimizer, and every ``k`` steps pull back towards slow weights.

    ``inner`` is an ``Optimizer`` or an ``OPTIMIZERS`` id built with ``inner_hyperparams``
    (SGD with its defaults when nothing is given). Update rule at step $t = 1, 2, \dots$, with
    $u_t$ the inner optimizer's update at $\theta_{t-1}$, $\alpha$ = ``alpha``, $k$ = ``k``
    and the slow weights starting at the start point, $\phi_0 = \theta_0$:

    $$
    \begin{aligned}
    \tilde\theta_t &= \theta_{t-1} + u_t \\
    \theta_t &= \begin{cases} \phi_{t-1} + \alpha\,(\tilde\theta_t - \phi_{t-1}) & t \bmod k = 0 \\
        \tilde\theta_t & \text{otherwise} \end{cases} \\
    \phi_t &= \begin{cases} \theta_t & t \bmod k = 0 \\ \phi_{t-1} & \text{otherwise} \end{cases}
    \end{aligned}
    $$

    The inner optimizer's state (momentum etc.) is kept across the pull-back
    (pytorch_optimizer's ``pullback_momentum='none'``, the paper's choice). Defaults:
    ``k=5``, ``alpha=0.5`` (the paper's and pytorch_optimizer's). ``alpha=1`` is the inner
    optimizer itself. Reference: Zhang, Lucas, Hinton & Ba 2019, "Lookahead Optimizer:
    k steps forward, 1 step back" (NeurIPS 2019).
    """
    if isinstance(inner, Optimizer):
        if inner_hyperparams:
            raise ValueError("inner_hyperparams only go with an optimizer id, not a built optimizer")
        base = inner
    else:   # an id (the schema checked it is one of the others)
        base = OPTIMIZERS[inner](**(inner_hyperparams or {}))

    def init(params: Array) -> LookaheadState:
        params = np.asarray(params, dtype=np.float64)
        return LookaheadState(0, params.copy(), base.init(params))

    def update(grads: Array, state: LookaheadState, params: Array, value=None):
        updates, inner_state = base.update(grads, state.inner_state, params, value)
        count = state.count + 1
        slow = state.slow_params
        if count % k == 0:
            fast = params + updates
            # torch: fast.lerp_(slow, 1 − α), i.e. φ + α·(θ − φ)
            slow = lerp(fast, slow, 1.0 - alpha)
            updates = slow - params
        return updates, LookaheadState(count, slow, inner_state)

    def state_vectors(state: LookaheadState):
        """The inner optimizer's vectors, and ``slow_params``, the slow weights φ."""
        return {**base.state_vectors(state.inner_state), "slow_params": state.slow_params}

    hyperparams = dict(inner=base.name, inner_hyperparams=dict(base.hyperparams), k=k, alpha=alpha)
    return Transform(init, update, state_vectors, hyperparams)
