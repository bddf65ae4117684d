from lecturehall.modules.programmes.models.programme import Programme, ProgrammeCountry, programme_organisers

__all__ = ["Programme", "ProgrammeCountry", "programme_organisers"]
