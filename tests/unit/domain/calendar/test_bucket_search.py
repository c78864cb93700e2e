"""BucketSearch answers exactly what numpy.searchsorted answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slaledger.domain.calendar.bucket_search import BucketSearch

keys_strategy = st.lists(st.integers(-5_000, 5_000), min_size=1, max_size=60).map(
    lambda values: np.asarray(sorted(values), dtype=np.int64)
)


@settings(max_examples=300, deadline=None)
@given(
    keys=keys_strategy,
    queries=st.lists(st.integers(-6_000, 6_000), min_size=1, max_size=200),
    side=st.sampled_from(["left", "right"]),
)
def test_bucket_search_agrees_with_searchsorted_inside_and_outside_its_range(keys, queries, side):
    search = BucketSearch(keys, -5_000, 5_000, side)
    inside = np.clip(np.asarray(queries, dtype=np.int64), -5_000, 5_000)
    assert np.array_equal(search(inside), np.searchsorted(keys, inside, side=side))
    outside = np.asarray(queries, dtype=np.int64)
    assert np.array_equal(search(outside), np.searchsorted(keys, outside, side=side))


def test_duplicate_keys_are_passed_over_on_the_right_side_only():
    keys = np.asarray([0, 0, 10, 10, 10, 20], dtype=np.int64)
    queries = np.asarray([0, 10, 15], dtype=np.int64)
    assert BucketSearch(keys, 0, 20, "right")(queries).tolist() == [2, 5, 5]
    assert BucketSearch(keys, 0, 20, "left")(queries).tolist() == [0, 2, 5]


def test_an_unknown_side_is_refused():
    with pytest.raises(ValueError, match="middle"):
        BucketSearch(np.asarray([1], dtype=np.int64), 0, 2, "middle")
