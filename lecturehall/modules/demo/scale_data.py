"""The people of the demo at scale: partner countries (the programme's own first, then others up to the benchmark's
sixty), names, organisations by sector, and the regional session labels that turn the demo's lecture texts into a
year's programme.

Countries are weighted by how many of a programme's participants they send (the partners the programme's public
account names and the ASEAN members send most). Organisation names are generic public bodies, firms, chambers and
universities of each country's main city; they are made up, apart from the international organisations.
"""

from __future__ import annotations

from typing import NamedTuple

from lecturehall.modules.accounts.models import Sector


class Country(NamedTuple):
    code: str
    language: str  # the UI language its participants read
    timezone: str
    city: str
    names: str  # the name pool
    weight: float  # relative number of participants


COUNTRIES = [
    # The programme's partners and the ASEAN members
    Country("CL", "es", "America/Santiago", "Santiago", "latin", 9),
    Country("UY", "es", "America/Montevideo", "Montevideo", "latin", 4),
    Country("RW", "en", "Africa/Kigali", "Kigali", "east_africa", 6),
    Country("IS", "en", "Atlantic/Reykjavik", "Reykjavík", "nordic", 1),
    Country("PK", "en", "Asia/Karachi", "Lahore", "south_asia", 10),
    Country("ZA", "en", "Africa/Johannesburg", "Johannesburg", "southern_africa", 6),
    Country("AE", "ar", "Asia/Dubai", "Dubai", "arab", 4),
    Country("BN", "en", "Asia/Brunei", "Bandar Seri Begawan", "malay", 1),
    Country("ID", "en", "Asia/Jakarta", "Jakarta", "malay", 10),
    Country("KH", "fr", "Asia/Phnom_Penh", "Phnom Penh", "mainland_sea", 4),
    Country("LA", "en", "Asia/Vientiane", "Vientiane", "mainland_sea", 3),
    Country("MM", "en", "Asia/Yangon", "Yangon", "mainland_sea", 3),
    Country("MY", "en", "Asia/Kuala_Lumpur", "Kuala Lumpur", "malay", 7),
    Country("PH", "en", "Asia/Manila", "Manila", "philippine", 7),
    Country("SG", "zh", "Asia/Singapore", "Singapore", "chinese", 3),
    Country("TH", "en", "Asia/Bangkok", "Bangkok", "mainland_sea", 7),
    Country("VN", "en", "Asia/Ho_Chi_Minh", "Ho Chi Minh City", "vietnamese", 8),
    Country("KZ", "ru", "Asia/Almaty", "Almaty", "central_asia", 5),
    Country("UZ", "ru", "Asia/Tashkent", "Tashkent", "central_asia", 5),
    Country("PE", "es", "America/Lima", "Lima", "latin", 4),
    Country("MA", "fr", "Africa/Casablanca", "Casablanca", "arab", 3),
    Country("RU", "ru", "Europe/Moscow", "Moscow", "russian", 4),
    Country("EG", "ar", "Africa/Cairo", "Cairo", "arab", 5),
    Country("KE", "en", "Africa/Nairobi", "Nairobi", "east_africa", 5),
    Country("AR", "es", "America/Argentina/Buenos_Aires", "Buenos Aires", "latin", 4),
    Country("ET", "en", "Africa/Addis_Ababa", "Addis Ababa", "east_africa", 3),
    Country("SA", "ar", "Asia/Riyadh", "Riyadh", "arab", 3),
    # Further countries: the benchmark's sixty
    Country("BR", "es", "America/Sao_Paulo", "São Paulo", "brazilian", 4),
    Country("MX", "es", "America/Mexico_City", "Mexico City", "latin", 3),
    Country("CO", "es", "America/Bogota", "Bogotá", "latin", 3),
    Country("EC", "es", "America/Guayaquil", "Quito", "latin", 2),
    Country("BO", "es", "America/La_Paz", "La Paz", "latin", 1),
    Country("PY", "es", "America/Asuncion", "Asunción", "latin", 1),
    Country("CU", "es", "America/Havana", "Havana", "latin", 1),
    Country("TZ", "en", "Africa/Dar_es_Salaam", "Dar es Salaam", "east_africa", 2),
    Country("UG", "en", "Africa/Kampala", "Kampala", "east_africa", 2),
    Country("GH", "en", "Africa/Accra", "Accra", "west_africa", 2),
    Country("NG", "en", "Africa/Lagos", "Lagos", "west_africa", 3),
    Country("SN", "fr", "Africa/Dakar", "Dakar", "francophone_africa", 2),
    Country("CI", "fr", "Africa/Abidjan", "Abidjan", "francophone_africa", 2),
    Country("CM", "fr", "Africa/Douala", "Douala", "francophone_africa", 1),
    Country("ZM", "en", "Africa/Lusaka", "Lusaka", "southern_africa", 1),
    Country("ZW", "en", "Africa/Harare", "Harare", "southern_africa", 1),
    Country("NA", "en", "Africa/Windhoek", "Windhoek", "southern_africa", 1),
    Country("MU", "en", "Indian/Mauritius", "Port Louis", "south_asia", 1),
    Country("DZ", "fr", "Africa/Algiers", "Algiers", "arab", 1),
    Country("TN", "fr", "Africa/Tunis", "Tunis", "arab", 1),
    Country("JO", "ar", "Asia/Amman", "Amman", "arab", 1),
    Country("OM", "ar", "Asia/Muscat", "Muscat", "arab", 1),
    Country("QA", "ar", "Asia/Qatar", "Doha", "arab", 1),
    Country("KW", "ar", "Asia/Kuwait", "Kuwait City", "arab", 1),
    Country("BH", "ar", "Asia/Bahrain", "Manama", "arab", 1),
    Country("AZ", "ru", "Asia/Baku", "Baku", "central_asia", 1),
    Country("GE", "en", "Asia/Tbilisi", "Tbilisi", "russian", 1),
    Country("AM", "ru", "Asia/Yerevan", "Yerevan", "russian", 1),
    Country("KG", "ru", "Asia/Bishkek", "Bishkek", "central_asia", 1),
    Country("TJ", "ru", "Asia/Dushanbe", "Dushanbe", "central_asia", 1),
    Country("MN", "ru", "Asia/Ulaanbaatar", "Ulaanbaatar", "central_asia", 1),
    Country("NP", "en", "Asia/Kathmandu", "Kathmandu", "south_asia", 1),
    Country("LK", "en", "Asia/Colombo", "Colombo", "south_asia", 1),
    Country("BD", "en", "Asia/Dhaka", "Dhaka", "south_asia", 2),
    Country("TR", "en", "Europe/Istanbul", "Istanbul", "central_asia", 1),
]
PROGRAMME_COUNTRY_COUNT = 27

# (given names, family names, family name first)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "latin": (("Camila", "Martín", "Valentina", "Diego", "Sofía", "Matías", "Isabel", "Joaquín", "Lucía", "Andrés",
               "Florencia", "Tomás"),
              ("Rojas", "González", "Muñoz", "Pereira", "Fernández", "Silva", "Castro", "Morales", "Herrera", "Vargas",
               "Quispe", "Romero"), False),
    "brazilian": (("Ana", "João", "Mariana", "Pedro", "Beatriz", "Rafael", "Juliana", "Lucas"),
                  ("Souza", "Oliveira", "Santos", "Costa", "Almeida", "Ribeiro", "Carvalho", "Lima"), False),
    "east_africa": (("Aline", "Eric", "Grace", "Jean-Paul", "Amani", "Wanjiru", "Samuel", "Chantal", "Tesfaye",
                     "Mercy", "Joseph", "Faith"),
                    ("Uwimana", "Habimana", "Mugisha", "Otieno", "Kamau", "Mutua", "Bekele", "Nyirahabimana",
                     "Kiprotich", "Achieng", "Tadesse", "Mwangi"), False),
    "southern_africa": (("Thabo", "Naledi", "Sipho", "Lerato", "Tendai", "Chipo", "Kagiso", "Zanele"),
                        ("Nkosi", "Dlamini", "Mokoena", "Moyo", "Banda", "Ndlovu", "Phiri", "Khumalo"), False),
    "west_africa": (("Kwame", "Ama", "Chinedu", "Ngozi", "Kofi", "Adaeze", "Emeka", "Abena"),
                    ("Mensah", "Okafor", "Adeyemi", "Boateng", "Nwosu", "Owusu", "Balogun", "Asante"), False),
    "francophone_africa": (("Aminata", "Moussa", "Fatou", "Ibrahima", "Awa", "Cheikh", "Mariam", "Serge"),
                           ("Diop", "Ndiaye", "Koné", "Traoré", "Ouattara", "Fall", "Kouassi", "Mbarga"), False),
    "arab": (("Fatima", "Ahmed", "Amina", "Karim", "Layla", "Omar", "Noura", "Youssef", "Mariam", "Khalid"),
             ("Al Mansoori", "Hassan", "Benali", "El Amrani", "Al Harthy", "Mahmoud", "Haddad", "Al Qahtani",
              "Saleh", "Bensalem"), False),
    "south_asia": (("Ayesha", "Imran", "Fatima", "Bilal", "Nadia", "Rahul", "Sanjana", "Kamal", "Priya", "Arif"),
                   ("Khan", "Ahmed", "Hussain", "Malik", "Perera", "Shrestha", "Rahman", "Chowdhury", "Iqbal",
                    "Fernando"), False),
    "malay": (("Siti", "Ahmad", "Nurul", "Budi", "Dewi", "Faiz", "Rina", "Hafiz", "Putri", "Agus"),
              ("Rahmawati", "Faiz", "Abdullah", "Santoso", "Wijaya", "Ismail", "Hidayat", "Noraini", "Setiawan",
               "Hamid"), False),
    "mainland_sea": (("Somchai", "Sophea", "Khamla", "Aung", "Malee", "Dara", "Thida", "Kyaw", "Noy", "Vanna"),
                     ("Wongsakul", "Chan", "Phommachanh", "Kyaw", "Srisuk", "Sok", "Win", "Vongsa", "Chaiyaporn",
                      "Keo"), False),
    "philippine": (("Maria", "Jose", "Angelica", "Paolo", "Kristine", "Mark", "Rowena", "Carlo"),
                   ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva", "Aquino"), False),
    "vietnamese": (("Lan", "Minh", "Huong", "Tuan", "Thao", "Duc", "Mai", "Quang"),
                   ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"), True),
    "chinese": (("Wei Ling", "Jun Hao", "Mei", "Kai Wen", "Hui Min", "Zhi Wei"),
                ("Tan", "Lim", "Lee", "Ng", "Ong", "Wong"), True),
    "central_asia": (("Aigerim", "Dilshod", "Nodira", "Yerlan", "Gulnara", "Bakhtiyor", "Aizhan", "Timur"),
                     ("Bekova", "Karimov", "Nurlanov", "Tashkentova", "Abdullaev", "Sultanova", "Iskakov", "Rakhimov"),
                     False),
    "russian": (("Dmitri", "Anna", "Sergei", "Elena", "Nikolai", "Olga", "Artem", "Irina"),
                ("Volkov", "Ivanova", "Smirnov", "Kuznetsova", "Popov", "Sokolova", "Lebedev", "Morozova"), False),
    "nordic": (("Sigríður", "Jón", "Guðrún", "Einar", "Helga", "Bjarni"),
               ("Jónsdóttir", "Sigurðsson", "Magnúsdóttir", "Einarsson", "Ólafsdóttir", "Gunnarsson"), False),
}

# Sector mix of the programme: mostly officials, then practitioners.
SECTOR_WEIGHTS = [(Sector.government, 46), (Sector.enterprise, 30), (Sector.other, 10), (Sector.academia, 10),
                  (Sector.international_organisation, 4)]

GOVERNMENT = {
    "en": ("Ministry of Trade and Industry", "Ministry of Commerce", "Export Promotion Agency", "Customs Department",
           "Ministry of Agriculture", "Investment Promotion Authority", "Ministry of ICT and Digital Economy",
           "Small and Medium Enterprises Agency"),
    "es": ("Ministerio de Comercio Exterior", "Ministerio de Agricultura", "Agencia de Promoción de Exportaciones",
           "Servicio Nacional de Aduanas", "Ministerio de Economía", "Subsecretaría de Relaciones Económicas"),
    "fr": ("Ministère du Commerce", "Agence de promotion des exportations", "Direction générale des douanes",
           "Ministère de l'Agriculture", "Ministère de l'Économie numérique", "Agence de développement des PME"),
    "ru": ("Министерство торговли", "Агентство по продвижению экспорта", "Таможенная служба",
           "Министерство цифрового развития", "Министерство сельского хозяйства"),
    "ar": ("وزارة التجارة", "هيئة تنمية الصادرات", "مصلحة الجمارك", "وزارة الاقتصاد", "وزارة الزراعة"),
    "zh": ("Enterprise Singapore", "Infocomm Media Development Authority", "Ministry of Trade and Industry"),
}
# {city} is the country's main city
ENTERPRISE = ("{city} Fresh Exports", "{city} Coffee Traders", "{city} Online Market", "{city} Logistics",
              "{city} Crafts Online", "{city} Agro Foods", "{city} Digital Payments", "{city} Live Commerce Studio",
              "{city} Tea and Spices Co.", "{city} Fruit Growers Export")
OTHER = ("{city} Chamber of Commerce", "National E-commerce Association", "Women Entrepreneurs Network",
         "Farmers' Cooperative Union", "Exporters' Association", "Young Entrepreneurs Forum")
ACADEMIA = ("University of {city}", "{city} Institute of Technology", "National Agricultural University",
            "{city} School of Economics", "Institute for Trade Policy Studies")
INTERNATIONAL = ("International Trade Centre", "UNCTAD", "World Bank Group", "Asian Development Bank",
                 "African Union Commission", "ASEAN Secretariat", "Inter-American Development Bank",
                 "Universal Postal Union")

# A regional session of one of the demo's lectures: (en, zh, fr, es, ru, ar)
SESSIONS = [
    None,
    {"en": "Latin America session", "zh": "拉丁美洲专场", "fr": "Session Amérique latine",
     "es": "Sesión para América Latina", "ru": "Сессия для Латинской Америки", "ar": "جلسة أمريكا اللاتينية"},
    {"en": "ASEAN session", "zh": "东盟专场", "fr": "Session ASEAN", "es": "Sesión ASEAN",
     "ru": "Сессия для стран АСЕАН", "ar": "جلسة رابطة آسيان"},
    {"en": "Africa and Middle East session", "zh": "非洲和中东专场", "fr": "Session Afrique et Moyen-Orient",
     "es": "Sesión para África y Oriente Medio", "ru": "Сессия для Африки и Ближнего Востока",
     "ar": "جلسة أفريقيا والشرق الأوسط"},
]
# How a title and its session label are joined in each language
SESSION_JOIN = {"zh": "（{label}）", "ar": " — {label}"}
DEFAULT_JOIN = " — {label}"
