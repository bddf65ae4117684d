from lecturehall.modules.notifications.models.delivery import Delivery, MailKind
from lecturehall.modules.notifications.models.notice import Notice

__all__ = ["Delivery", "MailKind", "Notice"]
