import numpy as np

from perfml.synth.ids import fixed_width_strings, make_ids, pick_text, repeat_text


def test_make_ids_prefix_the_table_letter_and_ml_code():
    assert make_ids("jeunes", "2A012", 2).to_pylist() == ["J2A0120000000", "J2A0120000001"]


def test_fixed_width_strings_pad_numbers_to_seven_digits():
    numbers = np.array([0, 42, 10_000, 9_999_999])
    assert fixed_width_strings("X", numbers).to_pylist() == [
        "X0000000",
        "X0000042",
        "X0010000",
        "X9999999",
    ]


def test_pick_text_leaves_empty_cells_null():
    picked = pick_text(("A", "B"), np.array([1, 0, 1]), empty=np.array([False, False, True]))
    assert picked.to_pylist() == ["B", "A", None]


def test_repeat_text_repeats_the_value():
    assert repeat_text("59012", 3).to_pylist() == ["59012"] * 3
