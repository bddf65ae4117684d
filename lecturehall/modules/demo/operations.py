"""Creates demo data; flushes only, the CLI commits."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role, Sector
from lecturehall.modules.accounts.queries import count_users

ADMIN_EMAIL = "admin@lecturehall.example"

# (name, country, organisation, sector, language, timezone)
PARTICIPANTS = [
    ("Camila Rojas", "CL", "Subsecretaría de Relaciones Económicas Internacionales", Sector.government, "es", "America/Santiago"),
    ("Martín Pereira", "UY", "Uruguay XXI", Sector.government, "es", "America/Montevideo"),
    ("Aline Uwimana", "RW", "Rwanda Development Board", Sector.government, "en", "Africa/Kigali"),
    ("Jean-Paul Habimana", "RW", "Kigali Agro Exports", Sector.enterprise, "fr", "Africa/Kigali"),
    ("Sigríður Jónsdóttir", "IS", "Business Iceland", Sector.government, "en", "Atlantic/Reykjavik"),
    ("Ayesha Khan", "PK", "Ministry of Commerce", Sector.government, "en", "Asia/Karachi"),
    ("Thabo Nkosi", "ZA", "Department of Trade, Industry and Competition", Sector.government, "en", "Africa/Johannesburg"),
    ("Fatima Al Mansoori", "AE", "Dubai Chamber of Digital Economy", Sector.government, "ar", "Asia/Dubai"),
    ("Nguyen Thi Lan", "VN", "Vietnam E-commerce Association", Sector.enterprise, "en", "Asia/Ho_Chi_Minh"),
    ("Siti Rahmawati", "ID", "Ministry of Trade", Sector.government, "en", "Asia/Jakarta"),
    ("Somchai Wongsakul", "TH", "Thai Rice Online Co.", Sector.enterprise, "en", "Asia/Bangkok"),
    ("Maria Santos", "PH", "Department of Trade and Industry", Sector.government, "en", "Asia/Manila"),
    ("Ahmad Faiz", "MY", "Malaysia Digital Economy Corporation", Sector.government, "en", "Asia/Kuala_Lumpur"),
    ("Wei Ling Tan", "SG", "Singapore Management University", Sector.academia, "zh", "Asia/Singapore"),
    ("Sophea Chan", "KH", "Ministry of Commerce", Sector.government, "fr", "Asia/Phnom_Penh"),
    ("Khamla Phommachanh", "LA", "Lao National Chamber of Commerce", Sector.enterprise, "en", "Asia/Vientiane"),
    ("Aung Kyaw", "MM", "Yangon Trade Centre", Sector.enterprise, "en", "Asia/Yangon"),
    ("Hajah Noraini", "BN", "Darussalam Enterprise", Sector.government, "en", "Asia/Brunei"),
    ("Aigerim Bekova", "KZ", "QazTrade", Sector.government, "ru", "Asia/Almaty"),
    ("Dilshod Karimov", "UZ", "Ministry of Investment and Foreign Trade", Sector.government, "ru", "Asia/Tashkent"),
    ("Ana Lucía Flores", "PE", "PROMPERÚ", Sector.government, "es", "America/Lima"),
    ("Karim Benali", "MA", "Université Hassan II", Sector.academia, "fr", "Africa/Casablanca"),
    ("Dmitri Volkov", "RU", "Russian Export Center", Sector.government, "ru", "Europe/Moscow"),
    ("Amina Hassan", "EG", "ITIDA", Sector.government, "ar", "Africa/Cairo"),
    ("Grace Wanjiru", "KE", "Kenya Export Promotion Council", Sector.government, "en", "Africa/Nairobi"),
    ("Paulo Vaipulu", "TO", "Tonga Chamber of Commerce", Sector.enterprise, "en", "Pacific/Tongatapu"),
    ("Li Na", "CN", "Chinese Academy of International Trade and Economic Cooperation", Sector.academia, "zh", "Asia/Shanghai"),
    ("Olivia Martin", "CH", "International Trade Centre", Sector.international_organisation, "fr", "Europe/Zurich"),
]

COORDINATORS = [
    ("Valentina Muñoz", "CL", "Ministerio de Relaciones Exteriores", "es", "America/Santiago"),
    ("Eric Mugisha", "RW", "Ministry of Trade and Industry", "en", "Africa/Kigali"),
]


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str


def _credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo_admin.txt"


def stored_credentials() -> Credentials | None:
    path = _credentials_file()
    if not path.exists():
        return None
    email, password = path.read_text().split("\n", 1)
    return Credentials(email.strip(), password.strip())


def _store_credentials(credentials: Credentials) -> None:
    path = _credentials_file()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"{credentials.email}\n{credentials.password}\n")


def _email_for(name: str, index: int) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isascii() and (ch.isalnum() or ch == "."))
    return f"{local or 'participant'}.{index}@demo.lecturehall.example"


def create_demo_data(only_if_empty: bool = True) -> Credentials | None:
    if only_if_empty and count_users() > 0:
        return None
    # A random password for every new installation: demo data must not open a known door.
    credentials = Credentials(ADMIN_EMAIL, "demo-" + secrets.token_urlsafe(9))
    admin_data = accounts.ProfileData(full_name="Programme Administrator", email=credentials.email, country="CN",
                                      organisation="Cloud Lecture Hall secretariat", sector=Sector.government,
                                      language="en", timezone="Asia/Shanghai")
    accounts.create_user_by_admin(admin_data, Role.admin, password=credentials.password, invite=False)
    participant_password = secrets.token_urlsafe(16)
    for index, (name, country, organisation, sector, language, tz) in enumerate(PARTICIPANTS, start=1):
        data = accounts.ProfileData(full_name=name, email=_email_for(name, index), country=country,
                                    organisation=organisation, sector=sector, language=language, timezone=tz)
        accounts.create_user_by_admin(data, Role.participant, password=participant_password, invite=False)
    for index, (name, country, organisation, language, tz) in enumerate(COORDINATORS, start=100):
        data = accounts.ProfileData(full_name=name, email=_email_for(name, index), country=country,
                                    organisation=organisation, sector=Sector.government, language=language, timezone=tz)
        accounts.create_user_by_admin(data, Role.coordinator, coordinator_country=country,
                                      password=participant_password, invite=False)
    _store_credentials(credentials)
    return credentials
