"""Models on real data as test functions: the loss of a two-parameter model over a data set.

``MODELS`` maps each id to a ``ModelFunction`` (a ``TestFunction``: value, grad, domain, minima,
params, with_params) whose two coordinates are the model's parameters, with exact gradients
batched over rows of ``(N, 2)`` parameter pairs. ``Minibatches`` gives true minibatch noise,
in ``torch.utils.data.DataLoader``'s order, for ``optimizers.run(..., minibatch=...)``.

- ``linear_regression``: body mass from flipper length, mean squared error; ``standardize``
  (0 or 1) standardises the feature (unstandardised, the valley is long and thin);
- ``logistic_regression``: Adélie or Gentoo from the bill's shape, cross-entropy; separable,
  so its minimum is at infinity and ``minima`` is empty;
- ``tanh_network``: ``w₂ tanh(w₁ x)``, flipper length from bill depth, mean squared error; two
  mirror-image global minima and a saddle at the origin.

They are not in ``FUNCTIONS``. Their data (the Palmer penguins) are read on first use
(``optimizers.datasets``), so importing ``optimizers`` needs none.
"""

from typing import Dict

from .base import Examples, ModelFunction, model_function
from .losses import log_sigmoid, sigmoid
from .minibatch import Minibatches
from .penguins import LINEAR_REGRESSION, LOGISTIC_REGRESSION, TANH_NETWORK

MODELS: Dict[str, ModelFunction] = {model.id: model for model in (
    LINEAR_REGRESSION, LOGISTIC_REGRESSION, TANH_NETWORK)}

__all__ = ["Examples", "MODELS", "Minibatches", "ModelFunction", "log_sigmoid", "model_function", "sigmoid"]
