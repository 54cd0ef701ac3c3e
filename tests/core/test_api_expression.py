"""pyodide_app.api with a visitor's formula: ``function: {"expression": text, "domain"?: [[x0, x1], [y0, y1]]}``
wherever a request takes ``function: {id, params}``; a bad formula is a ValueError reply."""

import numpy as np
import pytest

import optimizers as opt
from pyodide_app import api, bridge

BOWL = "(x-1)**2 + (y+0.5)**2"


def run_args(function, steps=300):
    return {"function": function, "starts": [[-1.5, 1.0], [1.5, -1.5]],
            "runs": [{"key": "adam", "optimizer": "adam", "hyperparams": {"lr": 0.05}, "steps": steps},
                     {"key": "sgd", "optimizer": "sgd", "hyperparams": {"lr": 0.1}, "steps": steps}]}


def test_run_takes_a_formula_and_matches_the_core():
    value = api.run(run_args({"expression": BOWL}))
    for entry in value["runs"]:
        optimizer = opt.OPTIMIZERS[entry["optimizer"]](**({"lr": 0.05} if entry["key"] == "adam" else {"lr": 0.1}))
        expected = opt.run(optimizer, opt.from_expression(BOWL), [[-1.5, 1.0], [1.5, -1.5]], 300)
        np.testing.assert_array_equal(entry["points"], expected.points.reshape(-1))
        assert entry["status"] == ["ok", "ok"]
        end = entry["points"].reshape(301, 2, 2)[-1]
        np.testing.assert_allclose(end, [[1.0, -0.5], [1.0, -0.5]], atol=1e-3)


def test_the_formula_domain_sets_the_escape_box():
    # SGD with lr 0.1 on f = -x moves 0.1 a step: 30 after 300 steps, past the box of a
    # view 0.02 wide (ESCAPE_SCALE widths), not of the default view, 4 wide
    tight = api.run(run_args({"expression": "-x", "domain": [[-0.01, 0.01], [-0.01, 0.01]]}))
    assert tight["runs"][1]["status"] == ["escaped", "escaped"]
    default = api.run(run_args({"expression": "-x"}))
    assert default["runs"][1]["status"] == ["ok", "ok"]


@pytest.mark.parametrize("domain", [None, [[-3, 1], [0, 2.5]]])
def test_grid_takes_a_formula(domain):
    function = {"expression": "sin(x) * y^2"} if domain is None else {"expression": "sin(x) * y^2", "domain": domain}
    value = api.grid({"function": function, "nx": 5, "ny": 4})
    expected_domain = domain or [[-2.0, 2.0], [-2.0, 2.0]]
    assert value["domain"] == [[float(a), float(b)] for a, b in expected_domain]
    x, y = np.meshgrid(np.linspace(*expected_domain[0], 5), np.linspace(*expected_domain[1], 4))
    np.testing.assert_allclose(value["values"], np.sin(x.ravel()) * y.ravel() ** 2, rtol=1e-14, atol=1e-15)


def test_grid_of_an_overflowing_formula_has_no_error():
    value = api.grid({"function": {"expression": "exp(exp(1000*x))"}, "nx": 3, "ny": 2})
    assert value["values"][2] == np.inf and value["min"] == 1.0 and value["max"] == np.e


# request -> words of the error message
BAD = {
    "x.__class__": "no attributes",
    "__import__('os')": "quotes are not allowed",
    "(" * 400 + "x" + ")" * 400: "nests too deeply",
    "x" * 100_000: "too long",
    "foo(x)": "unknown name 'foo' at position 1",
    "": "the formula is empty",
}


@pytest.mark.parametrize("text", list(BAD), ids=[repr(t[:20]) for t in BAD])
def test_a_bad_formula_is_a_value_error_reply_with_the_plain_message(text):
    with pytest.raises(opt.ExpressionError) as caught:
        opt.from_expression(text)
    for method, args in (("run", run_args({"expression": text})),
                         ("grid", {"function": {"expression": text}, "nx": 3, "ny": 3})):
        reply = bridge.reply(method, args)
        assert reply == {"ok": False, "error": {"kind": "ValueError", "message": str(caught.value)}}
        assert BAD[text] in reply["error"]["message"]


@pytest.mark.parametrize("function, words", [
    ({"expression": 3}, "function.expression must be text"),
    ({"expression": ["x"]}, "function.expression must be text"),
    ({"expression": "x", "id": "booth"}, "unknown field 'id'"),
    ({"expression": "x", "params": {}}, "unknown field 'params'"),
    ({"expression": "x", "domain": [[1, 0], [0, 1]]}, "from low to high"),
    ({"expression": "x", "domain": [[0, 1]]}, "domain must have between 2 and 2 items"),
    ({"expression": "x", "domain": [[0, "1"], [0, 1]]}, "must be a number"),
    ({"expression": "x", "domain": [[-1e308, 1e308], [0, 1]]}, "finite"),
])
def test_a_bad_formula_request_is_refused(function, words):
    with pytest.raises(ValueError, match=words):
        api.run(run_args(function))
    with pytest.raises(ValueError, match=words):
        api.grid({"function": function, "nx": 3, "ny": 3})


def test_named_functions_still_work_as_before():
    assert api.run(run_args({"id": "booth"}, steps=3))["runs"][0]["status"] == ["ok", "ok"]
    with pytest.raises(ValueError, match="no function 'nope'"):
        api.run(run_args({"id": "nope"}))
    with pytest.raises(ValueError, match="needs 'id'"):
        api.run(run_args({"params": {}}))
