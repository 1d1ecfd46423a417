"""A family of one case: how a family module looks (see make_family_fixtures.py)."""
from make_family_fixtures import case

CASES = [
    case("scaled_sum", [((6,), -1, 1)], "lambda x: K.sum(x * 2.0, axis=-1, keepdims=True)",
         keras3_source="lambda x: ops.sum(x * 2.0, axis=-1, keepdims=True)", head=True),
]
