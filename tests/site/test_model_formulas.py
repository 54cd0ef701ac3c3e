"""Each model's formula is LaTeX that KaTeX typesets under the build's strict settings (the page
will show them as it shows the test functions')."""

from __future__ import annotations

import optimizers as opt
from site_build import math_hook
from site_build.assets import typeset
from site_build.config import BuildState


def test_every_model_formula_is_typeset_as_mathml(built_site, tmp_path):
    # built_site: the build has installed the npm packages, KaTeX among them, in the cache
    state = BuildState(staging=tmp_path, node_modules=math_hook.node_modules())
    formulas = [model.formula for model in opt.MODELS.values()]
    mathml = typeset(formulas, state)
    assert len(mathml) == len(formulas)
    for model, markup in zip(opt.MODELS.values(), mathml):
        assert markup.startswith('<span class="katex"><math') and "<mfrac>" in markup, model.id
    assert "tanh" in mathml[2] and "σ" in mathml[1]
