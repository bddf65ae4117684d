from lecturehall.modules.accounts.models.user import ROLE_LABELS, SECTOR_LABELS, Role, Sector, User

__all__ = ["ROLE_LABELS", "SECTOR_LABELS", "Role", "Sector", "User"]
