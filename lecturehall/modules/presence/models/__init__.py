from lecturehall.modules.presence.models.attendance import Attendance

__all__ = ["Attendance"]
