"""The model functions on real data (``optimizers.models``): the data, the registry, values and
gradients against torch (float64, the same data and parameters) and finite differences, and the
minima (least squares, mirror images and a saddle, none on separable data).
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import optimizers as opt
from model_reference import (CASE_IDS, MODEL_CASES, REPO, VALUE_RTOL, model_of, penguins_data,  # noqa: F401
                             row_scale, torch_value_and_grad)
from optimizers import datasets
from site_build import datasets as build_datasets
from start_points import points_in


# --- the data ---------------------------------------------------------------------------

def test_the_penguins_table_is_the_source_less_its_incomplete_rows(penguins_data):  # noqa: F811 (the fixture)
    data = datasets.load("penguins")
    assert data.rows == 342 and data.dropped == 2
    assert data.categories["species"] == ("Adelie", "Chinstrap", "Gentoo")
    counts = np.bincount(data.columns["species"].astype(int))
    assert counts.tolist() == [151, 68, 123]
    assert set(data.columns) == {"species", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"}
    assert all(np.isfinite(column).all() for column in data.columns.values())
    assert data.columns["flipper_length_mm"].min() == 172.0 and data.columns["body_mass_g"].max() == 6300.0
    assert "CC0" in data.licence and "palmerpenguins==0.1.6" in data.source
    assert not data.columns["body_mass_g"].flags.writeable
    note = penguins_data[1].read_text()
    assert "342 of the 344" in note and "CC0" in note


def test_the_data_file_round_trips_and_refuses_other_bytes():
    columns = {"a": np.array([1.5, -2.0, np.pi]), "b": np.array([0.0, 1e300, -1e-300])}
    data = datasets.decode(datasets.encode({"name": "t", "note": "n", "dropped": 1}, columns))
    assert data.name == "t" and data.rows == 3 and data.dropped == 1 and list(data.columns) == ["a", "b"]
    assert all(np.array_equal(data.columns[key], columns[key]) for key in columns)
    with pytest.raises(ValueError, match="not an Optimizer Paths data file"):
        datasets.decode(b"PK\x03\x04" + bytes(40))
    with pytest.raises(ValueError, match="bytes of values"):
        datasets.decode(datasets.encode({"name": "t"}, columns)[:-8])


def test_a_wheel_with_another_sha256_is_refused(tmp_path):
    fake = tmp_path / "palmerpenguins-0.1.6-py3-none-any.whl"
    fake.write_bytes(b"not the pinned wheel")
    with pytest.raises(build_datasets.BuildError, match="refused"):
        build_datasets.check_dataset_wheel(fake, "in a test")


def test_rows_with_a_missing_measurement_are_dropped_and_counted():
    text = ("species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n"
            "Adelie,Torgersen,39.1,18.7,181,3750,male,2007\n"
            "Adelie,Torgersen,NA,NA,NA,NA,NA,2007\n"
            "Gentoo,Biscoe,46.1,13.2,211,4500,NA,2007\n")
    data = datasets.decode(build_datasets.penguins_from_csv(text)[0])
    assert data.rows == 2 and data.dropped == 1                # a missing sex does not drop a row
    assert data.columns["species"].tolist() == [0.0, 2.0] and data.columns["body_mass_g"].tolist() == [3750, 4500]


def test_without_the_data_importing_works_and_using_a_model_names_the_fetch_command(tmp_path):
    script = ("import optimizers as opt\n"
              "m = opt.MODELS['tanh_network']\n"
              "print(m.domain)\n"
              "try:\n    m.value([[1.0, 1.0]])\n"
              "except opt.datasets.DatasetMissing as error:\n    print(error)\n")
    env = {**os.environ, "OPTIMIZER_PATHS_CACHE": str(tmp_path), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "((-5.0, 5.0), (-2.5, 2.5))" in result.stdout
    assert "python -m site_build.datasets" in result.stdout and str(tmp_path) in result.stdout


# --- the registry ------------------------------------------------------------------------

def test_the_models_are_a_registry_of_their_own():
    assert list(opt.MODELS) == ["linear_regression", "logistic_regression", "tanh_network"]
    assert not set(opt.MODELS) & set(opt.FUNCTIONS)
    for model in opt.MODELS.values():
        assert isinstance(model, opt.TestFunction) and model.dataset == "penguins"
        assert model.name and model.formula.startswith(("-\\frac", "\\frac"))
        assert model.task and model.about and model.reference
        for point in model.minima:
            (x0, x1), (y0, y1) = model.domain
            assert x0 <= point[0] <= x1 and y0 <= point[1] <= y1


def test_standardize_is_a_switch_that_changes_the_view():
    line = opt.MODELS["linear_regression"]
    assert line.params == {"standardize": 0.0} and line.domain == ((-20.0, 120.0), (-30.0, 15.0))
    standardized = line.with_params(standardize=1)
    assert standardized.domain == ((-3.0, 4.0), (-1.0, 6.0)) and standardized != line
    assert line.with_params(standardize=0) is line
    for bad in (0.5, 2, -1):
        with pytest.raises(ValueError):
            line.with_params(standardize=bad)
    x = standardized.examples.x
    assert abs(x.mean()) < 1e-14 and abs(x.std() - 1.0) < 1e-14


# --- values and gradients ------------------------------------------------------------------

@pytest.mark.parametrize("model_id, params", MODEL_CASES, ids=CASE_IDS)
def test_values_and_gradients_equal_torch(model_id, params):
    model = model_of(model_id, params)
    xy = points_in(model, 64, seed=5)
    values, grads = torch_value_and_grad(model, xy)
    assert np.all(np.abs(model.value(xy) - values) <= VALUE_RTOL * np.abs(values))
    ours = model.grad(xy)
    assert np.all(np.abs(ours - grads) <= VALUE_RTOL * row_scale(ours, grads)), np.abs(ours - grads).max()


@pytest.mark.parametrize("model_id, params", MODEL_CASES, ids=CASE_IDS)
def test_gradient_matches_central_differences(model_id, params):
    model = model_of(model_id, params)
    xy = points_in(model, 64, seed=1)
    grad = model.grad(xy)
    scale = np.maximum(1.0, np.abs(xy))
    for k in range(2):
        h = 1e-6 * scale[:, k]
        e = np.zeros_like(xy)
        e[:, k] = h
        f_plus, f_minus = model.value(xy + e), model.value(xy - e)
        fd = (f_plus - f_minus) / (2 * h)
        rounding = 1e-15 * np.maximum(np.abs(f_plus), np.abs(f_minus)) / h
        tol = 1e-6 * np.maximum(1.0, np.abs(grad[:, k])) + 10 * rounding
        assert np.all(np.abs(fd - grad[:, k]) <= tol), (model_id, k, np.abs(fd - grad[:, k]).max())


@pytest.mark.parametrize("model_id, params", MODEL_CASES, ids=CASE_IDS)
def test_batched_equals_single_rows_bit_for_bit(model_id, params):
    model = model_of(model_id, params)
    xy = points_in(model, 300, seed=2)        # more rows than one block holds
    rows = np.arange(0, model.size, 3)
    batched = (model.value(xy), model.grad(xy), model.batch_value(xy, rows), model.batch_grad(xy, rows))
    together = model.value_and_grad(xy)                      # what full-batch runs use: the same bits
    assert np.array_equal(together[0], batched[0]) and np.array_equal(together[1], batched[1])
    for i in (0, 1, 57, 299):
        single = (model.value(xy[i]), model.grad(xy[i]), model.batch_value(xy[i], rows), model.batch_grad(xy[i], rows))
        for whole, alone in zip(batched, single):
            assert np.array_equal(whole[i], alone[0])


def test_the_logistic_loss_keeps_its_precision_far_out_and_never_overflows():
    model = opt.MODELS["logistic_regression"]
    x, y = model.examples
    with np.errstate(over="raise", invalid="raise", divide="raise"):      # underflow to 0 is the point
        for w in (1e2, 1e3):                 # the loss is about 1e-5 and 1e-47
            value = model.value([[w, 0.05 * w]])[0]
            margins = (2 * y - 1) * (w * x + 0.05 * w)
            assert value == pytest.approx(np.mean(np.exp(-margins)), rel=1e-12) and value > 0
        assert model.value([[-1e6, 0.0]])[0] == pytest.approx(1e6 * np.mean(np.abs(x)), rel=1e-12)
    with np.errstate(all="ignore"):                                    # w x overflows to ±inf there
        assert np.isfinite(model.grad([[1e308, -1e308], [-1e308, 1e308]])).all()
    assert opt.models.log_sigmoid(np.array([-800.0, 0.0, 40.0])).tolist() == [-800.0, -np.log(2), -np.exp(-40.0)]


# --- minima ------------------------------------------------------------------------------------

@pytest.mark.parametrize("standardize", [0, 1])
def test_linear_regression_minimum_is_the_least_squares_line(standardize):
    model = opt.MODELS["linear_regression"].with_params(standardize=standardize)
    x, y = model.examples
    solution = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    assert model.minima.shape == (1, 2) and np.array_equal(model.minima, model.global_minima)
    assert np.allclose(model.minima[0], solution, rtol=1e-10, atol=0)


def test_linear_regression_conditioning_with_and_without_standardizing():
    line = opt.MODELS["linear_regression"]
    for standardize, condition in ((0, 5490), (1, 1)):
        x = line.with_params(standardize=standardize).examples.x
        hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
        low, high = np.linalg.eigvalsh(hessian)
        assert round(high / low, -1 if condition > 10 else 6) == condition
        if not standardize:
            assert f"{low:.2e}" == "3.79e-04" and f"{high:.3g}" == "2.08"
            assert "3.79e-4 and 2.08" in line.about
    assert "5,490" in line.about and "49.7 kg/m, -5.78 kg" in line.about and "0.698 kg, 4.20 kg" in line.about
    np.testing.assert_allclose(line.minima[0], [49.6856, -5.7808], rtol=1e-5)


def test_the_network_has_two_mirror_image_global_minima_and_a_saddle_at_the_origin():
    model = opt.MODELS["tanh_network"]
    minima = model.minima
    assert minima.shape == (2, 2) and np.array_equal(model.global_minima, minima)
    assert np.array_equal(minima[0], -minima[1])
    assert model.value(minima)[0] == model.value(minima)[1]
    np.testing.assert_allclose(np.abs(minima[0]), [2.5671784, 0.75258582], rtol=1e-7)
    assert np.array_equal(model.grad([[0.0, 0.0]]), [[0.0, 0.0]])
    hessian = np.stack([(model.grad([[h, 0.0]]) - model.grad([[-h, 0.0]]))[0] / (2 * h) for h in (1e-6,)] +
                       [(model.grad([[0.0, h]]) - model.grad([[0.0, -h]]))[0] / (2 * h) for h in (1e-6,)])
    low, high = np.linalg.eigvalsh(0.5 * (hessian + hessian.T))
    correlation = np.mean(model.examples.x * model.examples.y)
    assert low < 0 < high and high == pytest.approx(2 * abs(correlation), rel=1e-6)
    assert model.value([[0.0, 0.0]])[0] == pytest.approx(1.0, rel=1e-12)        # mean of y², standardised
    assert model.value(minima)[0] == pytest.approx(0.5732, abs=1e-4)
    # a lattice over a view four times as large finds no other minimum
    from optimizers.functions.minima import find_minima
    wider = find_minima(model.value, model.grad, ((-20.0, 20.0), (-10.0, 10.0)), 0.2)
    np.testing.assert_allclose(wider, minima, rtol=1e-9)


def test_the_logistic_task_is_separable_so_there_is_no_minimum():
    model = opt.MODELS["logistic_regression"]
    x, y = model.examples
    assert (y == 1).sum() == 151 and (y == 0).sum() == 123
    gentoo_max, adelie_min = x[y == 0].max(), x[y == 1].min()
    assert gentoo_max < adelie_min
    assert round(gentoo_max, 3) == -0.161 and round(adelie_min, 3) == 0.059
    assert "-0.161" in model.about and "0.059" in model.about
    assert model.minima.shape == (0, 2) and model.global_minima.shape == (0, 2)
    threshold = (gentoo_max + adelie_min) / 2
    along_ray = model.value(np.array([[s, -threshold * s] for s in (1.0, 10.0, 100.0, 1000.0)]))
    assert np.all(np.diff(along_ray) < 0) and along_ray[-1] < 1e-40


# --- minibatches -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model_id, params", MODEL_CASES, ids=CASE_IDS)
def test_no_warning_in_the_view_or_far_out(model_id, params):
    model = model_of(model_id, params)
    (x0, x1), (y0, y1) = model.domain
    far = np.array([[x0 * 1e3, y1 * 1e3], [x1 * 1e3, y0 * 1e3], [x1 * 1e6, y1 * 1e6]])
    with np.errstate(all="raise", under="ignore"):
        for xy in (points_in(model, 200, seed=6), far):
            value, grad = model.value_and_grad(xy)
            assert np.isfinite(value).all() and np.isfinite(grad).all()
            model.batch_grad(xy, [0, 5, 7])
