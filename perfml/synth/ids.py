"""Pseudonymous identifiers and repeated text columns, built fast as Arrow arrays.

An identifier is a letter per table, the ML's code and a sequence number:
`J590120000042` is the 43rd youth first received by ML 59012. Identifiers carry no
personal data; the ML code only makes them unique across the network.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

PREFIXES = {
    "jeunes": "J",
    "dispositifs": "D",
    "situations": "S",
    "propositions": "P",
    "offres": "O",
    "mises_en_relation": "M",
}
WIDTH = 7  # digits of the sequence number: 3 + 4
# The digits of 0…9999 on 4 bytes: a number becomes two table look-ups.
_DIGITS = np.array([list(f"{k:04d}".encode()) for k in range(10_000)], dtype=np.uint8)


def fixed_width_strings(prefix: str, numbers: np.ndarray) -> pa.Array:
    """Return `prefix` followed by each number (< 10⁷) on 7 digits, as an Arrow string array.

    The bytes are laid out with numpy and handed to Arrow as they are: no Python
    string is built, which matters for tens of millions of rows.
    """
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    numbers = np.asarray(numbers, dtype=np.int64)
    n = len(numbers)
    width = len(head) + WIDTH
    high, low = np.divmod(numbers, 10_000)
    data = np.empty((n, width), dtype=np.uint8)
    data[:, : len(head)] = head
    data[:, len(head) : len(head) + 3] = _DIGITS[high, 1:]
    data[:, len(head) + 3 :] = _DIGITS[low]
    offsets = np.arange(n + 1, dtype=np.int32) * width
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data.tobytes()))


def make_ids(table: str, code_ml: str, count: int) -> pa.Array:
    """Return `count` identifiers of `table` for the ML `code_ml`, numbered from 0."""
    return fixed_width_strings(f"{PREFIXES[table]}{code_ml}", np.arange(count, dtype=np.int64))


def pick_text(choices, index: np.ndarray, empty: np.ndarray | None = None) -> pa.Array:
    """Return the text `choices[index[i]]` for every i (null where `empty`), as Arrow strings."""
    positions = pa.array(np.asarray(index, dtype=np.int64), mask=empty)
    return pa.array(list(choices), type=pa.string()).take(positions)


def repeat_text(value: str, count: int) -> pa.Array:
    """Return `value` repeated `count` times, as an Arrow string array."""
    return pick_text([value], np.zeros(count, dtype=np.int64))
