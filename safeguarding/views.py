"""The safeguarding pages of the public portal: thin views over ``selectors``."""

from priorities.views import SelectorPageView
from safeguarding import selectors


class PartnershipView(SelectorPageView):
    template_name = "safeguarding/partnership.html"
    selector = selectors.partnership_page


class AmbitionView(SelectorPageView):
    template_name = "safeguarding/ambition.html"
    selector = selectors.ambition_page


class IndicatorView(SelectorPageView):
    template_name = "safeguarding/indicator.html"
    selector = selectors.indicator_page


class InspectionView(SelectorPageView):
    template_name = "safeguarding/inspection.html"
    selector = selectors.inspection_page


class InspectionHistoryView(SelectorPageView):
    template_name = "safeguarding/inspection_history.html"
    selector = selectors.inspection_history_page


class AlignmentView(SelectorPageView):
    template_name = "safeguarding/alignment.html"
    selector = selectors.alignment_page
