from lecturehall.modules.programmes.models.programme import (
    Programme,
    ProgrammeCountry,
    ProgrammeTranslation,
    programme_organisers,
)

__all__ = ["Programme", "ProgrammeCountry", "ProgrammeTranslation", "programme_organisers"]
