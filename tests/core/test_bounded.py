"""The per-process memo's two bounds (certify/core/bounded.py)."""

import pytest

from certify.core.bounded import Bounded

pytestmark = pytest.mark.database_free


def test_past_either_bound_everything_is_forgotten():
    memo: Bounded[str] = Bounded(max_entries=3, max_size=10)
    for key in "abc":
        memo.put(key, "xy")
    assert (len(memo), memo.get("a")) == (3, "xy")
    memo.put("d", "xy")  # a fourth entry: the three before are forgotten
    assert (len(memo), memo.get("a"), memo.get("d")) == (1, None, "xy")
    memo.put("e", "123456789")  # 2 + 9 > 10 characters
    assert (len(memo), memo.get("d"), memo.get("e")) == (1, None, "123456789")


def test_an_unhashable_key_is_refused():
    with pytest.raises(TypeError):
        Bounded(max_entries=3, max_size=10).get(["a"])
