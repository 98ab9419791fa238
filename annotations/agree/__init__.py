"""Agreement between annotators and adjudication into the `gold` layer.

`report` measures (with `metrics` doing the arithmetic); `adjudication` merges decisions into gold.
"""

from annotations.agree.metrics import OUTSIDE, Counts
from annotations.agree.report import AgreementReport, LayerAgreement, TextOf, agreement_report, hand_made

__all__ = ["OUTSIDE", "AgreementReport", "Counts", "LayerAgreement", "TextOf", "agreement_report", "hand_made"]
