"""optimizers.settings and the catalog's settings schema: complete, true to the factories, JSON-ready.

The main check is agreement: for every optimizer, each setting is tried at its range's
edges (just inside and just outside), at infinity, with a wrong type, as a schedule, and
(for the settings a constraint ties) in combination; the schema's own reading
(``settings.check_settings``) must accept exactly what the core accepts through
``pyodide_app.api.build_optimizer``, i.e. as JSON-style data from the page.
"""

import inspect
import itertools
import json
import math
import pathlib
import re

import pytest

import optimizers as opt
from optimizers import presets, registry, settings
from optimizers.settings import facts
from pyodide_app import api

OPTIMIZER_IDS = list(opt.OPTIMIZERS)
STATE_JS = pathlib.Path(__file__).resolve().parents[2] / "site_src" / "js" / "state" / "state.js"


def plain(value):
    return json.loads(json.dumps(api._plain(value), allow_nan=False))


def core_accepts(optimizer_id, values):
    try:
        api.build_optimizer(optimizer_id, values)
    except ValueError:
        return False
    return True


def number_candidates(setting):
    """Values at and around the edges of a number setting's valid range (finite ones only
    for tuple items, which JSON lists carry as plain numbers)."""
    values = [setting.default] if isinstance(setting.default, (int, float)) else []
    for bound in (setting.min, setting.max):
        if math.isfinite(bound):
            values += [bound, math.nextafter(bound, -math.inf), math.nextafter(bound, math.inf)]
    if setting.min == -math.inf:
        values += ["-Infinity", -1e300]
    if setting.max == math.inf:
        values += ["Infinity", 1e300]
    if setting.kind == "integer":
        whole = [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
        values = sorted({int(v) for v in whole if float(v).is_integer()}) + [float(int(setting.min) + 1), 1.5]
        values += ["Infinity"]
    low, high = setting.slider
    values += [low, high]
    return values


def candidates(setting):
    """Values to try for one setting (plain data, as a page would send)."""
    bad = [None, "text", [1.0], {"a": 1}]
    if setting.kind in ("number", "integer"):
        values = number_candidates(setting) + [True] + bad
        return values + [{"kind": "cosine", "init": 0.1, "decay_steps": 10}, {"kind": "step", "init": -1.0,
                                                                               "step_size": 5}]
    if setting.kind == "boolean":
        return [True, False, 0, 1] + bad
    if setting.kind == "tuple":
        default = list(setting.default)
        values = [default, default[:-1], default + [0.5], 0.5] + bad
        for index, item in enumerate(setting.items):
            values += [default[:index] + [v] + default[index + 1:] for v in number_candidates(item)]
        return values
    if setting.kind == "choice":
        return list(setting.choices) + ["lookahead", "nope", 3] + bad
    if setting.kind == "optimizer_settings":
        return [None, {}, {"nope": 1.0}, [1.0], {"kind": "constant", "value": 0.1}]
    raise AssertionError(setting.kind)


def cases(optimizer_id):
    """Settings to try for one optimizer: each setting varied alone; the settings a
    constraint ties, varied together; Lookahead's inner settings for every inner optimizer."""
    schema = settings.settings_schema(optimizer_id)
    yield {}
    for setting in schema:
        for value in candidates(setting):
            yield {setting.name: value}
    by_name = {s.name: s for s in schema}
    for constraint in settings.settings_constraints(optimizer_id):
        names = sorted({re.match(r"\w+", c.setting).group() for c in constraint.when + constraint.require}
                       | {re.match(r"\w+", c.other).group() for c in constraint.require if c.other})
        for values in itertools.product(*(candidates(by_name[n]) for n in names)):
            yield dict(zip(names, values))
    for setting in schema:
        if setting.kind == "optimizer_settings":
            for inner in by_name[setting.settings_of].choices:
                for inner_values in cases(inner):
                    yield {setting.settings_of: inner, setting.name: inner_values}


def nested_whole_number(optimizer_id, values):
    """A known disagreement (see test_nested_whole_numbers_reach_the_inner_optimizer): api's
    ``_hyperparam`` turns every number inside ``inner_hyperparams`` into a float, so an inner
    integer setting (YellowFin's curv_win_width, schedule-free's warmup_steps) is refused."""
    inner = values.get("inner_hyperparams")
    if optimizer_id != "lookahead" or not isinstance(inner, dict) or values.get("inner") not in opt.OPTIMIZERS:
        return False
    kinds = {s.name: s.kind for s in settings.settings_schema(values["inner"])}
    return any(kinds.get(k) == "integer" and isinstance(v, (int, float)) and not isinstance(v, bool)
               for k, v in inner.items())


# --- coverage -------------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_every_factory_parameter_has_a_setting_in_signature_order(optimizer_id):
    schema = settings.settings_schema(optimizer_id)
    parameters = inspect.signature(opt.OPTIMIZERS[optimizer_id]).parameters
    assert [s.name for s in schema] == list(parameters)
    for setting in schema:
        assert setting.default == parameters[setting.name].default
        assert setting.description and "\n" not in setting.description, setting.name


def test_an_unknown_setting_name_fails_loudly_at_declaration_and_says_what_to_add():
    with pytest.raises(KeyError, match=r"novel's setting 'frobnication' has no facts: give its kind, range, .* in "
                                       r"@optimizer\('novel', settings=\{'frobnication': \.\.\.\}\)"):
        @registry.optimizer("novel", label="Novel")
        def novel(lr=1e-3, frobnication=0.5):
            raise AssertionError("never built")
    assert "novel" not in opt.OPTIMIZERS


def test_facts_that_contradict_the_default_fail_loudly_at_declaration():
    with pytest.raises(KeyError, match="integer, but its default 0.5"):
        registry.optimizer("novel", label="Novel", settings={"k": facts.whole("k", 1, (1, 9))})(lambda k=0.5: None)
    with pytest.raises(KeyError, match="'k' has no default"):
        registry.optimizer("novel", label="Novel", settings={"k": facts.whole("k", 1, (1, 9))})(lambda k: None)
    assert "novel" not in opt.OPTIMIZERS


def test_a_factory_put_into_the_registry_by_hand_has_no_schema(monkeypatch):
    monkeypatch.setitem(opt.OPTIMIZERS, "novel", lambda lr=1e-3: None)
    with pytest.raises(KeyError, match="novel was not declared with optimizers.registry.optimizer"):
        settings.settings_schema("novel")


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_numbers_have_a_scale_and_a_slider_inside_the_valid_range(optimizer_id):
    numbers = [s for s in settings.settings_schema(optimizer_id) if s.kind in ("number", "integer")]
    numbers += [item for s in settings.settings_schema(optimizer_id) for item in s.items]
    for setting in numbers:
        low, high = setting.slider
        assert setting.scale in ("log", "linear")
        assert low < high and math.isfinite(low) and math.isfinite(high)
        assert not settings.check_value(setting, low) and not settings.check_value(setting, high)
        if setting.scale == "log":
            assert low > 0, setting.name
        if isinstance(setting.default, (int, float)) and (setting.scale == "linear" or setting.default > 0):
            assert low <= setting.default <= high, (setting.name, setting.default, setting.slider)
        assert (setting.step == 1) == (setting.kind == "integer")


# --- agreement with the factories ----------------------------------------------------------------


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_the_schema_accepts_exactly_what_the_factory_accepts(optimizer_id):
    tried, wrong = 0, []
    for values in cases(optimizer_id):
        if nested_whole_number(optimizer_id, values):
            continue
        tried += 1
        problems = settings.check_settings(optimizer_id, values)
        if core_accepts(optimizer_id, values) != (not problems):
            wrong.append((values, problems or "schema accepts, core refuses"))
    assert not wrong, f"{len(wrong)} of {tried} disagree, e.g. {wrong[:3]}"
    assert tried > 20


@pytest.mark.parametrize("inner, name", [("yellowfin", "curv_win_width"), ("schedule_free_sgd", "warmup_steps")])
def test_nested_whole_numbers_reach_the_inner_optimizer(inner, name):
    values = {"inner": inner, "inner_hyperparams": {name: 5}}
    assert settings.check_settings("lookahead", values) == []
    assert core_accepts("lookahead", values)


@pytest.mark.parametrize("kind", list(opt.schedules.SCHEDULE_KINDS))
def test_schedule_fields_agree_with_the_core(kind):
    fields = settings.schedule_schema()[kind]
    base = {"kind": kind, **{f.name: (0.1 if f.is_learning_rate else f.default) for f in fields
                             if f.default is not None or f.is_learning_rate}}
    tried = [base, {**base, "nope": 1.0}, {"kind": kind}]
    for field in fields:
        # (after: None and after: a number: see the two tests below)
        values = number_candidates(field) + [True, "text"] if field.kind in ("number", "integer") else \
            [{"kind": "constant", "value": 0.5}, {"kind": "constant", "value": -1.0}, "text"]
        tried += [{**base, field.name: value} for value in values]
    for schedule in tried:
        problems = settings.check_schedule(schedule)
        assert core_accepts("sgd", {"lr": schedule}) == (not problems), (schedule, problems)


def test_a_warmup_without_after_reads_back():
    schedule = opt.schedules.to_dict(opt.schedules.LinearWarmup(peak=0.1, warmup_steps=50))
    assert schedule["after"] is None and settings.check_schedule(schedule) == []
    assert core_accepts("sgd", {"lr": schedule})


def test_a_warmup_followed_by_a_number_is_refused():
    schedule = {"kind": "linear_warmup", "peak": 0.1, "warmup_steps": 2, "after": 0.5}
    assert settings.check_schedule(schedule) != []
    assert not core_accepts("sgd", {"lr": schedule})


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_the_defaults_are_valid(optimizer_id):
    defaults = {s.name: plain(s.default) for s in settings.settings_schema(optimizer_id)}
    assert settings.check_settings(optimizer_id, defaults) == []
    assert core_accepts(optimizer_id, defaults)


@pytest.mark.parametrize("preset_id", list(presets.PRESETS))
def test_every_preset_on_every_function_is_inside_the_schema(preset_id):
    preset = presets.PRESETS[preset_id]
    for function_id in [None, *opt.FUNCTIONS]:
        hyperparams, _ = presets.preset_settings(preset_id, function_id)
        assert settings.check_settings(preset.optimizer, plain(hyperparams)) == [], (preset_id, function_id)


# --- learning rates, nesting ----------------------------------------------------------------------


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_exactly_one_learning_rate_except_lookahead(optimizer_id):
    rates = [s for s in settings.settings_schema(optimizer_id) if s.is_learning_rate]
    if optimizer_id == "lookahead":
        assert rates == [] and settings.learning_rate(optimizer_id) is None
        return
    assert len(rates) == 1
    rate = rates[0]
    assert settings.learning_rate(optimizer_id) == rate.name
    assert rate.kind == "number" and rate.scale == "log" and rate.schedule and rate.min == 0 and rate.min_inclusive
    expected = {"yellowfin": "lr_factor"}.get(optimizer_id, "lr")
    assert rate.name == expected


def test_lookaheads_inner_settings_resolve_to_every_inner_optimizers_schema():
    catalog = json.loads(json.dumps(api.describe(), allow_nan=False))
    by_id = {o["id"]: o for o in catalog["optimizers"]}
    lookahead = {s["name"]: s for s in by_id["lookahead"]["settings"]}
    inner = lookahead["inner_hyperparams"]
    assert inner["kind"] == "optimizer_settings" and inner["settings_of"] == "inner"
    choices = lookahead["inner"]["choices"]
    assert set(choices) == set(opt.OPTIMIZERS) - {"lookahead"}
    for choice in choices:
        schema = by_id[choice]["settings"]
        assert schema and by_id[choice]["learning_rate"] in {s["name"] for s in schema}
        rate = by_id[choice]["learning_rate"]
        values = {"inner": choice, "inner_hyperparams": {rate: 0.01}}
        assert settings.check_settings("lookahead", values) == [] and core_accepts("lookahead", values)


# --- the catalog ----------------------------------------------------------------------------------


def test_describe_round_trips_as_strict_json_with_settings_schedules_and_colours():
    catalog = api.describe()
    again = json.loads(json.dumps(catalog, allow_nan=False))
    for entry in again["optimizers"]:
        assert [s["name"] for s in entry["settings"]] == list(entry["hyperparams"])
        assert entry["learning_rate"] == settings.learning_rate(entry["id"])
        for setting in entry["settings"]:
            assert setting["default"] == entry["hyperparams"][setting["name"]]
            if setting["kind"] in ("number", "integer"):
                for end in ("min", "max"):
                    assert isinstance(setting[end], (int, float)) or setting[end] in ("Infinity", "-Infinity")
    growth = next(s for s in next(o for o in again["optimizers"] if o["id"] == "prodigy")["settings"]
                  if s["name"] == "growth_rate")
    assert growth["max"] == "Infinity" and growth["allow_infinite"] and growth["nullable"]
    assert core_accepts("prodigy", {"growth_rate": growth["max"]})
    assert [s["kind"] for s in again["schedules"]] == list(opt.schedules.SCHEDULE_KINDS)
    for schedule in again["schedules"]:
        fields = {f.name for f in __import__("dataclasses").fields(opt.schedules.SCHEDULE_KINDS[schedule["kind"]])}
        assert {p["name"] for p in schedule["params"]} == fields
    assert all(re.fullmatch(r"#[0-9a-f]{6}", p["color"]) for p in again["presets"])


def test_the_page_has_no_palette_of_its_own():
    # the page's state (state/*.js) takes each preset's colour from the catalog, and the palette for
    # other entries; no page module has a palette of its own
    state_sources = "".join(path.read_text(encoding="utf-8") for path in STATE_JS.parent.glob("*.js"))
    assert "catalog.palette" in state_sources
    page_sources = [path for path in STATE_JS.parents[1].rglob("*.js") if "PALETTE" in path.read_text(encoding="utf-8")]
    assert page_sources == []


def test_preset_colours_are_assigned_defaults_first_and_unique():
    catalog = api.describe()
    ids = [p["id"] for p in catalog["presets"]]
    defaults = catalog["default_presets"]
    # state.js's defaultEntries: the default presets first, then the others in catalog order
    order = [key for key in defaults if key in ids] + [key for key in ids if key not in defaults]
    palette = list(api.PALETTE)
    expected = {key: palette[index % len(palette)] for index, key in enumerate(order)}
    assert {p["id"]: p["color"] for p in catalog["presets"]} == expected
    colours = [p["color"] for p in catalog["presets"]]
    assert len(set(colours)) == min(len(colours), len(palette))
    assert catalog["palette"] == palette
