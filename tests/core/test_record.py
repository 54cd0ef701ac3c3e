"""Per-step vectors recorded by ``run(..., record=...)``.

Tables: every optimizer torch.optim has, with its options, recorded along our own path
and compared with torch's optimizer state after each step (torch is driven along our
path: before step k its parameter is our point k-1 and its gradient our recorded
gradient k, so both sides see the same inputs); the alignment of ``grad`` and ``step``
with ``points``; recording changes nothing else; batched == single runs with recording.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import optimizers as opt
from optimizers.trajectory import recordable
from start_points import starts_in
from torch_reference import STEP_RTOL, _scale, _torch_param

STEPS = 50
OPTIMIZER_IDS = sorted(opt.OPTIMIZERS)

# (case id, optimizer id, kwargs for both sides, torch class); settings that keep every row
# finite and inside the view for STEPS steps on FUNCTION_IDS.
TORCH_CASES = [
    ("sgd", "sgd", dict(lr=0.01), torch.optim.SGD),
    ("sgd-momentum", "sgd", dict(lr=0.005, momentum=0.9), torch.optim.SGD),
    ("sgd-nesterov", "sgd", dict(lr=0.005, momentum=0.9, nesterov=True), torch.optim.SGD),
    ("sgd-dampening-decay", "sgd", dict(lr=0.005, momentum=0.8, dampening=0.3, weight_decay=0.01),
     torch.optim.SGD),
    ("adam", "adam", dict(lr=0.05), torch.optim.Adam),
    ("adam-amsgrad", "adam", dict(lr=0.05, amsgrad=True, weight_decay=0.01), torch.optim.Adam),
    ("adamw", "adamw", dict(lr=0.05, weight_decay=0.1), torch.optim.AdamW),
    ("nadam", "nadam", dict(lr=0.05), torch.optim.NAdam),
    ("radam", "radam", dict(lr=0.01), torch.optim.RAdam),
    ("adamax", "adamax", dict(lr=0.05), torch.optim.Adamax),
    ("adagrad", "adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1), torch.optim.Adagrad),
    ("adadelta", "adadelta", dict(), torch.optim.Adadelta),
    ("rmsprop", "rmsprop", dict(lr=0.01), torch.optim.RMSprop),
    ("rmsprop-momentum", "rmsprop", dict(lr=0.002, momentum=0.8), torch.optim.RMSprop),
    ("rmsprop-centered-momentum", "rmsprop", dict(lr=0.002, momentum=0.8, centered=True), torch.optim.RMSprop),
    ("rprop", "rprop", dict(lr=0.05), torch.optim.Rprop),
    ("asgd", "asgd", dict(lr=0.005, t0=10.0), torch.optim.ASGD),   # averaging from step 11 on
]
FUNCTION_IDS = ("two_wells", "himmelblau")
# torch's state key that our "moment" names, where the optimizer has one
MOMENT_KEY = {"sgd": "momentum_buffer", "rmsprop": "momentum_buffer", "adam": "exp_avg", "adamw": "exp_avg",
              "nadam": "exp_avg", "radam": "exp_avg", "adamax": "exp_avg"}


def torch_states_along(trajectory, torch_cls, kwargs):
    """torch's parameter and its ``(N, 2)`` state tensors after each step, driven along our path."""
    points, grads = trajectory.points, trajectory.recorded["grad"]
    param = _torch_param(points[0])
    torch_opt = torch_cls([param], **kwargs)
    steps = []
    for k in range(1, len(points)):
        with torch.no_grad():
            param.copy_(torch.from_numpy(points[k - 1].copy()))
        param.grad = torch.from_numpy(grads[k].copy())
        torch_opt.step()
        state = {key: value.detach().numpy().copy() for key, value in torch_opt.state[param].items()
                 if torch.is_tensor(value) and tuple(value.shape) == points.shape[1:]}
        steps.append((param.detach().numpy().copy(), state))
    return steps


def assert_close(mine, theirs, what, scale=None):
    scale = _scale(mine, theirs) if scale is None else scale
    error = np.abs(mine - theirs)
    if not (error <= STEP_RTOL * scale).all():
        worst = np.unravel_index(np.argmax(error / scale), error.shape)
        raise AssertionError(f"{what}: ours {mine[worst[0]]} vs torch {theirs[worst[0]]} "
                             f"(relative error {(error / scale)[worst]:.3e})")


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
@pytest.mark.parametrize("case_id, name, kwargs, torch_cls", TORCH_CASES, ids=[c[0] for c in TORCH_CASES])
def test_recorded_vectors_are_torchs_state_step_by_step(case_id, name, kwargs, torch_cls, function_id):
    fn = opt.FUNCTIONS[function_id]
    ours = opt.OPTIMIZERS[name](**kwargs)
    trajectory = opt.run(ours, fn, starts_in(fn, 4, seed=len(case_id)), STEPS, record=recordable(ours))
    assert set(trajectory.status) == {"ok"}, "pick settings that keep every row running"
    torch_steps = torch_states_along(trajectory, torch_cls, kwargs)
    # the same vectors as torch keeps, under its names; "moment" where it has a first moment
    exposed = set(trajectory.recorded) - {"grad", "step", "moment"}
    assert exposed == set(torch_steps[0][1]), f"ours {sorted(exposed)}, torch {sorted(torch_steps[0][1])}"
    moment_key = MOMENT_KEY.get(name) if MOMENT_KEY.get(name) in exposed else None
    assert ("moment" in trajectory.recorded) == (moment_key is not None)
    for k, (torch_point, torch_state) in enumerate(torch_steps, start=1):
        previous = trajectory.points[k - 1]
        assert_close(trajectory.points[k], torch_point, f"{case_id} point {k}",
                     _scale(trajectory.points[k], torch_point, previous))
        for key, theirs in torch_state.items():
            assert_close(trajectory.recorded[key][k], theirs, f"{case_id} {key} after step {k}")
        if moment_key:
            np.testing.assert_array_equal(trajectory.recorded["moment"][k], trajectory.recorded[moment_key][k])


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_step_and_grad_line_up_with_the_points(optimizer_id):
    """``step[k] = points[k] − points[k−1]`` and ``grad[k] = ∇f(points[k−1])``, NaN at 0 and after a stop."""
    fn = opt.FUNCTIONS["rastrigin"]
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    trajectory = opt.run(optimizer, fn, starts_in(fn, 5, seed=2), 30, record=("grad", "step"))
    points, recorded = trajectory.points, trajectory.recorded
    np.testing.assert_array_equal(recorded["step"][1:], np.diff(points, axis=0))
    assert np.isnan(recorded["step"][0]).all() and np.isnan(recorded["grad"][0]).all()
    for row, last in enumerate(trajectory.last_step):
        np.testing.assert_array_equal(recorded["grad"][1:last + 1, row], fn.grad(points[:last, row]))
        assert np.isnan(recorded["grad"][last + 1:, row]).all()


def test_recorded_grad_includes_the_noise():
    fn = opt.FUNCTIONS["two_wells"]
    starts = starts_in(fn, 3, seed=4)
    trajectory = opt.run(opt.OPTIMIZERS["sgd"](lr=0.02), fn, starts, 10, noise=0.3, seed=9, record="grad")
    rng = np.random.default_rng(9)
    for k in range(1, 11):
        expected = fn.grad(trajectory.points[k - 1]) + 0.3 * rng.standard_normal((3, 2))
        np.testing.assert_array_equal(trajectory.recorded["grad"][k], expected)


def test_vectors_are_nan_after_a_row_stops():
    """Rows that escape stop; what they recorded ends with their last point."""
    fn = opt.FUNCTIONS["saddle"]
    optimizer = opt.OPTIMIZERS["sgd"](lr=0.5, momentum=0.5)
    trajectory = opt.run(optimizer, fn, [[0.0, 0.1], [0.0, 1e-3], [0.5, 0.0]], 60, record=recordable(optimizer))
    assert trajectory.status.tolist() == ["escaped", "escaped", "ok"]
    assert trajectory.last_step[0] < trajectory.last_step[1] < 60
    for name, vectors in trajectory.recorded.items():
        assert vectors.shape == (61, 3, 2)
        for row, last in enumerate(trajectory.last_step):
            assert np.isfinite(vectors[1:last + 1, row]).all(), name
            assert np.isnan(vectors[last + 1:, row]).all() and np.isnan(vectors[0, row]).all(), name


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_recording_changes_no_point(optimizer_id):
    fn = opt.FUNCTIONS["himmelblau"]
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    starts = starts_in(fn, 4, seed=5)
    plain = opt.run(optimizer, fn, starts, 40)
    assert dict(plain.recorded) == {}
    for record in ((), recordable(optimizer)):
        recorded = opt.run(optimizer, fn, starts, 40, record=record)
        for field in ("points", "values", "status", "last_step"):
            np.testing.assert_array_equal(getattr(recorded, field), getattr(plain, field))
        assert set(recorded.recorded) == set(record)


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_batched_equals_single_runs_with_recording(optimizer_id):
    fn = opt.FUNCTIONS["two_wells"]
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    starts = starts_in(fn, 4, seed=6)
    names = recordable(optimizer)
    batched = opt.run(optimizer, fn, starts, 40, record=names)
    for row, start in enumerate(starts):
        single = opt.run(optimizer, fn, start[None, :], 40, record=names)
        np.testing.assert_array_equal(batched.points[:, row], single.points[:, 0])
        for name in names:
            np.testing.assert_array_equal(batched.recorded[name][:, row], single.recorded[name][:, 0])


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_every_optimizer_exposes_per_row_vectors(optimizer_id):
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    names = recordable(optimizer)
    assert names[:2] == ("grad", "step") and len(set(names)) == len(names)
    state = optimizer.init(np.zeros((3, 2)))
    _, state = optimizer.update(np.ones((3, 2)), state, np.zeros((3, 2)), np.array([1.0, 2.0, 3.0]))
    vectors = optimizer.state_vectors(state)
    assert tuple(vectors) == names[2:]
    for name, vector in vectors.items():
        assert isinstance(vector, np.ndarray) and vector.shape == (3, 2), name


MOMENTS = [("sgd", {}, False), ("sgd", dict(momentum=0.9), True), ("rmsprop", {}, False),
           ("rmsprop", dict(momentum=0.5), True), ("rmsprop", dict(centered=True), False),
           ("adam", {}, True), ("adagrad", {}, False), ("adadelta", {}, False), ("rprop", {}, False),
           ("asgd", {}, False), ("lion", {}, True), ("qhm", {}, True), ("schedule_free_sgd", {}, False)]


@pytest.mark.parametrize("name, kwargs, has_moment", MOMENTS, ids=[f"{n}-{k}" for n, k, _ in MOMENTS])
def test_a_name_the_optimizer_lacks_is_simply_absent(name, kwargs, has_moment):
    optimizer = opt.OPTIMIZERS[name](**kwargs)
    trajectory = opt.run(optimizer, opt.FUNCTIONS["booth"], [[1.0, 2.0]], 5,
                         record=("grad", "moment", "no_such_vector", "step"))
    assert set(trajectory.recorded) == {"grad", "step"} | ({"moment"} if has_moment else set())


def test_lookahead_exposes_its_inner_optimizers_vectors():
    optimizer = opt.OPTIMIZERS["lookahead"](inner="adam", inner_hyperparams={"lr": 0.01}, k=3)
    assert set(recordable(optimizer)) == {"grad", "step", "exp_avg", "exp_avg_sq", "moment", "slow_params"}
    trajectory = opt.run(optimizer, opt.FUNCTIONS["booth"], [[1.0, 2.0]], 6, record=("slow_params",))
    # the slow weights move to the (pulled-back) point every k-th step
    np.testing.assert_array_equal(trajectory.recorded["slow_params"][3], trajectory.points[3])
    np.testing.assert_array_equal(trajectory.recorded["slow_params"][4], trajectory.points[3])


def test_zero_steps_and_stopped_starts_still_give_every_recorded_name():
    optimizer = opt.OPTIMIZERS["adam"]()
    trajectory = opt.run(optimizer, opt.FUNCTIONS["booth"], [[np.nan, 0.0]], 0, record=("moment", "grad"))
    assert set(trajectory.recorded) == {"moment", "grad"}
    assert trajectory.recorded["moment"].shape == (1, 1, 2) and np.isnan(trajectory.recorded["moment"]).all()


@pytest.mark.parametrize("bad", [("grad", 3), [None], 1.5, None])
def test_record_takes_names(bad):
    with pytest.raises(ValueError, match="record"):
        opt.run(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["booth"], [[0.0, 0.0]], 3, record=bad)
