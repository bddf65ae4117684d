from lecturehall.modules.registrations.models.registration import Registration, RegistrationStatus

__all__ = ["Registration", "RegistrationStatus"]
