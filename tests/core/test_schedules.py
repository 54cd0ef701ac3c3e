import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

import optimizers as opt
from optimizers import schedules


def test_each_schedule_by_hand():
    assert schedules.Constant(0.1)(7) == 0.1
    assert [schedules.Step(1.0, 2, 0.5)(t) for t in range(5)] == [1.0, 1.0, 0.5, 0.5, 0.25]
    assert schedules.Exponential(2.0, 0.5)(3) == 0.25
    cosine = schedules.Cosine(1.0, 10, 0.1)
    assert cosine(0) == 1.0
    assert math.isclose(cosine(5), 0.55)
    assert cosine(10) == pytest.approx(0.1) and cosine(50) == pytest.approx(0.1)
    warmup = schedules.LinearWarmup(1.0, 4, after=schedules.Exponential(1.0, 0.5))
    assert [warmup(t) for t in range(7)] == [0.0, 0.25, 0.5, 0.75, 1.0, 0.5, 0.25]
    assert schedules.LinearWarmup(0.2, 2)(10) == 0.2


SCHEDULE_EXAMPLES = [
    schedules.Constant(0.1), schedules.Step(0.1, 10, 0.5), schedules.Exponential(0.1, 0.99),
    schedules.Cosine(0.1, 100, 0.001), schedules.LinearWarmup(0.1, 10, 0.0, schedules.Cosine(0.1, 90)),
]


@pytest.mark.parametrize("schedule", SCHEDULE_EXAMPLES, ids=lambda s: type(s).__name__)
def test_schedules_round_trip_through_plain_data(schedule):
    data = schedules.to_dict(schedule)
    assert schedules.schedule_from_dict(data) == schedule
    assert schedules.as_schedule(data) == schedule


@pytest.mark.parametrize("bad, message", [
    (-0.1, "lr must be in"), ("fast", "lr must be a number"), (float("nan"), "finite"),
    ({"kind": "wavy"}, "unknown schedule kind"), ({"kind": "step", "init": 0.1, "size": 3}, "no setting"),
    ({"kind": "step", "init": 0.1, "step_size": 0}, "step_size"), (schedules.Cosine(-1.0, 10), "lr.init"),
])
def test_bad_schedules_are_plain_value_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        schedules.as_schedule(bad)


def test_a_constant_schedule_is_the_same_as_a_number_bit_for_bit():
    function = opt.FUNCTIONS["rosenbrock"]
    plain = opt.run(opt.OPTIMIZERS["sgd"](lr=1e-3, momentum=0.9), function, [[-1.5, 2.0]], 100)
    scheduled = opt.run(opt.OPTIMIZERS["sgd"](lr=schedules.Constant(1e-3), momentum=0.9), function,
                        [[-1.5, 2.0]], 100)
    np.testing.assert_array_equal(plain.points, scheduled.points)


@given(st.floats(1e-4, 1.0), st.floats(0.5, 1.0))
def test_sgd_follows_an_exponential_schedule(init, gamma):
    function = opt.FUNCTIONS["booth"]
    trajectory = opt.run(opt.OPTIMIZERS["sgd"](lr=schedules.Exponential(init, gamma)), function, [[0.0, 0.0]], 3)
    point = np.array([[0.0, 0.0]])
    for step in range(3):
        point = point - init * gamma ** step * function.grad(point)
        np.testing.assert_array_equal(trajectory.points[step + 1], point)
