from lecturehall.modules.presence.models.attendance import Attendance
from lecturehall.modules.presence.models.beat import Beat
from lecturehall.modules.presence.models.live import AttendanceRule, CompactionCursor, LiveConcurrency, LiveInterval
from lecturehall.modules.presence.models.replay import ReplayView, ReplayWatch

__all__ = ["Attendance", "AttendanceRule", "Beat", "CompactionCursor", "LiveConcurrency", "LiveInterval",
           "ReplayView", "ReplayWatch"]
