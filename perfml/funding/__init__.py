"""Performance funding (instruction of 16 May 2019, Axe 3 § 1 and § 3).

`config` reads the TOML rules, `criteria` measures the base criteria, `achievement`
scores last year's targets, `allocation` splits one region's envelope (base, bonus,
pool) in whole euros (`rounding`), `national` splits the national credit between
regions, `campaign` ties them to the warehouse, `whatif` compares two configurations
and `export` writes the workbook and CSV files. See `docs/allocation.md`.
"""
