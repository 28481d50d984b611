"""Data quality of the missions locales' entries (the "chartes de saisie", Annexe 2 § 3.2):
late entries and their effect on the indicators, incoherent paths, missing data that
blocks an indicator, a quality score per ML and the reliability of indicators 7 to 10.

`assess_quality(con, year)` runs every check; `write_quality_report` writes the workbook
and `qualite_ml_<année>.csv`.
"""

from perfml.quality.assessment import QualityAssessment, assess_quality
from perfml.quality.report import write_quality_report

__all__ = ["QualityAssessment", "assess_quality", "write_quality_report"]
