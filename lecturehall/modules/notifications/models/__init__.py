from lecturehall.modules.notifications.models.delivery import REMINDERS, Delivery, MailKind
from lecturehall.modules.notifications.models.notice import Notice

__all__ = ["REMINDERS", "Delivery", "MailKind", "Notice"]
