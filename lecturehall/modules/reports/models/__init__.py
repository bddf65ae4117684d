from lecturehall.modules.reports.models.reach import ReachDay
from lecturehall.modules.reports.models.subscription import Frequency, ReportSubscription

__all__ = ["Frequency", "ReachDay", "ReportSubscription"]
