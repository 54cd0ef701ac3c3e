"""Three models fitted to the Palmer penguins (``optimizers.datasets.load("penguins")``: 342
penguins of three species, with bill length and depth, flipper length and body mass).

The plane's two coordinates are the model's two parameters, so the contour is the true loss
and a path is the real sequence of parameters an optimizer visits.
"""

from __future__ import annotations

import numpy as np

from .. import datasets
from .base import Examples, frozen_examples, model_function
from .losses import CROSS_ENTROPY, SQUARED_ERROR, TANH_UNIT

DATASET = "penguins"
SOURCE = "Palmer penguins (Gorman, Williams and Fraser 2014; data CC0, Palmer Station LTER)"


def standardized(values: np.ndarray) -> np.ndarray:
    """``(v - mean) / std`` with the population standard deviation (numpy's ``std``, ``ddof=0``)."""
    return (values - values.mean()) / values.std()


# --- linear regression -------------------------------------------------------------

def mass_from_flipper(standardize: float) -> Examples:
    """Inputs: flipper length in metres (or standardised); targets: body mass in kilograms."""
    columns = datasets.load(DATASET).columns
    flipper = columns["flipper_length_mm"] / 1000.0
    return frozen_examples(standardized(flipper) if standardize else flipper, columns["body_mass_g"] / 1000.0)


def line_view(standardize: float):
    """Unstandardised, the valley runs from (-20, 8.2) to (120, -19.9) through the minimum
    (49.7, -5.78); standardised, the bowl is round about (0.70, 4.20). Both views hold the origin."""
    return ((-3.0, 4.0), (-1.0, 6.0)) if standardize else ((-20.0, 120.0), (-30.0, 15.0))


LINEAR_REGRESSION_ABOUT = """Mean squared error of the line ``w x + b`` through the penguins' (flipper length,
body mass) points: x is ``w``, y is ``b``.

The loss is a quadratic with Hessian ``2 [[mean x², mean x], [mean x, 1]]``. With the flipper length in
metres (``standardize=0``) its eigenvalues are 3.79e-4 and 2.08: a long, thin valley whose curvature
across is 5,490 times its curvature along (its condition number). Standardising the feature (``standardize=1``) makes the Hessian ``2 I``: a round bowl.
Its one minimum is the least-squares line (49.7 kg/m, -5.78 kg; standardised 0.698 kg, 4.20 kg).
"""

LINEAR_REGRESSION = model_function(
    id="linear_regression",
    name="Linear regression: penguin body mass from flipper length",
    formula=r"\frac{1}{n}\sum_{i=1}^{n} \left(w\,x_i + b - y_i\right)^2",
    dataset=DATASET,
    task=("body mass (kg) of 342 penguins from their flipper length (m), or from the flipper length "
          "standardised to mean 0 and standard deviation 1"),
    examples_of=mass_from_flipper, loss=SQUARED_ERROR,
    domain=line_view(0.0), domain_of=line_view,
    params={"standardize": 0.0}, param_bounds={"standardize": (0.0, 1.0, False)}, switches=("standardize",),
    search_step=lambda standardize: (7.0 if standardize else 140.0) / 48.0,
    contour_scale="log",
    about=LINEAR_REGRESSION_ABOUT,
    reference=SOURCE,
)


# --- logistic regression -----------------------------------------------------------

def adelie_from_bill_shape() -> Examples:
    """Inputs: the bill's depth over its length, standardised over the Adélie and Gentoo penguins;
    targets: 1 for an Adélie, 0 for a Gentoo (the Chinstraps are left out)."""
    data = datasets.load(DATASET)
    columns = data.columns
    species = columns["species"]
    adelie, gentoo = data.code_of("species", "Adelie"), data.code_of("species", "Gentoo")
    keep = (species == adelie) | (species == gentoo)
    ratio = columns["bill_depth_mm"][keep] / columns["bill_length_mm"][keep]
    return frozen_examples(standardized(ratio), (species[keep] == adelie).astype(np.float64))


LOGISTIC_REGRESSION_ABOUT = """Mean binary cross-entropy of ``σ(w x + b)``, the chance that a penguin is
an Adélie, from the bill's depth over its length (standardised): x is ``w``, y is ``b``.

The task is separable: every Gentoo's bill is slenderer than every Adélie's (standardised ratio
at most -0.161 against at least 0.059). So the loss has no minimum: it falls towards 0 along every
ray ``(w, b) = s (1, c)``, ``s -> ∞``, with ``-0.059 < c < 0.161`` (a threshold between the two
species), and no point is a minimum. A run that follows the valley goes on forever, slower and slower.
"""

LOGISTIC_REGRESSION = model_function(
    id="logistic_regression",
    name="Logistic regression: Adélie or Gentoo from the bill's shape",
    # the cross-entropy -[y log σ(z) + (1 - y) log(1 - σ(z))] written as -log σ((2y - 1) z), since
    # 1 - σ(z) = σ(-z): the same value, in a formula short enough for a phone
    formula=r"-\frac{1}{n}\sum_{i=1}^{n} \log \sigma\big((2y_i - 1)(w\,x_i + b)\big)",
    dataset=DATASET,
    task=("whether a penguin is an Adélie (151) or a Gentoo (123), from its bill's depth over its length, "
          "standardised"),
    examples_of=adelie_from_bill_shape, loss=CROSS_ENTROPY,
    domain=((-5.0, 15.0), (-10.0, 10.0)),
    search_step=20.0 / 48.0,
    about=LOGISTIC_REGRESSION_ABOUT,
    reference=SOURCE,
)


# --- a two-weight network ----------------------------------------------------------

def flipper_from_bill_depth() -> Examples:
    """Inputs: bill depth; targets: flipper length; both standardised over the 342 penguins."""
    columns = datasets.load(DATASET).columns
    return frozen_examples(standardized(columns["bill_depth_mm"]), standardized(columns["flipper_length_mm"]))


TANH_NETWORK_ABOUT = """Mean squared error of the network ``w₂ tanh(w₁ x)``: x is ``w₁``, y is ``w₂``.

Flipping both weights' signs gives the same network, so the loss is symmetric about the origin:
two mirror-image global minima, (2.567, -0.753) and (-2.567, 0.753), loss 0.573 (a line through
the origin would leave 0.659: the data have two clusters, Gentoos with shallow bills and long
flippers, and the others), and a saddle at the origin, loss 1, where the two weights are zero.
"""

TANH_NETWORK = model_function(
    id="tanh_network",
    name="Two-weight network: flipper length from bill depth",
    formula=r"\frac{1}{n}\sum_{i=1}^{n} \left(w_2 \tanh(w_1 x_i) - y_i\right)^2",
    dataset=DATASET,
    task="flipper length from bill depth (both standardised) by a one-unit tanh network without biases",
    examples_of=flipper_from_bill_depth, loss=TANH_UNIT,
    domain=((-5.0, 5.0), (-2.5, 2.5)),
    search_step=10.0 / 48.0,
    about=TANH_NETWORK_ABOUT,
    reference=SOURCE,
)
