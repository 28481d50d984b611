"""What a masked table shows: the marks of its masked cells."""

from __future__ import annotations

from perfml.disclosure import is_masked


def test_is_masked_recognises_both_marks():
    assert [is_masked(v) for v in ["< 5", "s", 3, "ML"]] == [True, True, False, False]
