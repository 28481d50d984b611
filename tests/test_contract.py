"""The data contract held as data is consistent with itself."""

import re

from perfml.contract import (
    CODE_DEPARTEMENT_PATTERN,
    LOAD_ORDER,
    REGION_CODES,
    REGION_NAMES,
    TABLES,
)


def test_every_foreign_key_points_to_a_table_loaded_before_or_to_itself():
    for position, table in enumerate(TABLES):
        for column in table.foreign_keys:
            parent, _ = column.references
            assert LOAD_ORDER.index(parent) <= position, (table.name, column.name)


def test_every_foreign_key_targets_the_parent_primary_key():
    by_name = {t.name: t for t in TABLES}
    for table in TABLES:
        for column in table.foreign_keys:
            parent, key = column.references
            assert by_name[parent].primary_key == (key,), (table.name, column.name)


def test_region_codes_are_the_named_regions():
    assert tuple(REGION_NAMES) == REGION_CODES
    assert len(REGION_CODES) == 19  # 18 regions and Saint-Martin (i-milo's 10)


def test_departement_pattern_accepts_corsica_overseas_and_saint_martin():
    accepted = ["01", "95", "2A", "2B", "971", "976", "978"]
    refused = ["00", "96", "977", "979", "1", "2C"]
    assert all(re.match(CODE_DEPARTEMENT_PATTERN, code) for code in accepted)
    assert not any(re.match(CODE_DEPARTEMENT_PATTERN, code) for code in refused)
