from lecturehall.modules.reports.models.reach import ReachDay
from lecturehall.modules.reports.models.replay_day import ReplayDay
from lecturehall.modules.reports.models.replay_lecture import ReplayLecture
from lecturehall.modules.reports.models.subscription import Frequency, ReportSubscription

__all__ = ["Frequency", "ReachDay", "ReplayDay", "ReplayLecture", "ReportSubscription"]
