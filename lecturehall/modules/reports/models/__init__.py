from lecturehall.modules.reports.models.subscription import Frequency, ReportSubscription

__all__ = ["Frequency", "ReportSubscription"]
