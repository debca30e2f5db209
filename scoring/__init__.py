"""tibao's scoring engine: comprehensive scoring of a tender (`evaluate`), multi-criteria ranking
of many alternatives (`mcda`), and weights (`ahp_weights`, `objective_weights`).

The public API takes and returns plain JSON-shaped data; docs/scoring-format.md is its contract.
Bad input raises a `SpecError` (a `ScoringError`) whose message names the field at fault;
`rule_problems` is the one rule validator, returning coded problems that applications localise.
No Flask, no SQLAlchemy; scikit-criteria is imported only by `objective_weights`.
"""

from scoring.errors import ConsistencyError, ScoringError, SpecError
from scoring.evaluate import evaluate
from scoring.mcda import mcda
from scoring.rulecheck import RuleProblem, rule_problems
from scoring.weights import ahp_weights, objective_weights

__all__ = [
    "ConsistencyError",
    "RuleProblem",
    "ScoringError",
    "SpecError",
    "ahp_weights",
    "evaluate",
    "mcda",
    "objective_weights",
    "rule_problems",
]
