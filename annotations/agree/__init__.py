"""Agreement between annotators and adjudication into the `gold` layer.

`work` says what a rater did on an article (and who is one); `report` measures (with `metrics` doing the arithmetic
for spans and `links` for links and attributes); `adjudication` merges decisions into gold.
"""

from tandem.annotations.agree.metrics import OUTSIDE, Counts
from tandem.annotations.agree.report import AgreementReport, LayerAgreement, TextOf, agreement_report, hand_made

__all__ = ["OUTSIDE", "AgreementReport", "Counts", "LayerAgreement", "TextOf", "agreement_report", "hand_made"]
