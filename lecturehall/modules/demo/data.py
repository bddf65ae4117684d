"""The demo's content: people, the programme, its speakers and topics, and lectures placed relative to "now".

Shaped on the Silk Road E-commerce "Cloud Lecture Hall" (see the project context). Speakers and their institutes
are fictional; countries, languages and topics are the programme's own. Lecture texts carry real translations, so
the site reads properly in each of the six UI languages; that text is why this file is long.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from lecturehall.modules.accounts.models import Sector
from lecturehall.modules.lectures.models import LectureStatus, ReplayVisibility
from lecturehall.modules.speakers.operations import SpeakerData

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

ASEAN = ["BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"]

PROGRAMME_NAME = "Cloud Lecture Hall 2026"
PROGRAMME_DESCRIPTION = (
    "Live lectures of the Silk Road E-commerce cooperation. Experts from Chinese research institutes and platforms "
    "speak with government officials and e-commerce practitioners of partner countries about policies and "
    "regulations, development trends, practical skills, and selling partners' specialty products online: "
    "agricultural goods, live-stream selling, community e-commerce.\n\n"
    "Lectures are given in Chinese, English or Spanish, with interpretation and subtitles; replays stay available "
    "after each session."
)
# The partners the programme's public account names, and the ASEAN members.
PROGRAMME_COUNTRIES = ["CL", "UY", "RW", "IS", "PK", "ZA", "AE", *ASEAN]

SPEAKERS = {
    "zhou": SpeakerData(
        "Zhou Minghui", "Beijing Institute for Digital Trade Studies",
        "Research fellow working on cross-border e-commerce policy and digital trade rules. Has advised on the "
        "design of e-commerce pilot zones and on the e-commerce chapters of free trade agreements."),
    "lin": SpeakerData(
        "Lin Xiaoyu", "Zhejiang Rural E-commerce Research Centre",
        "Agricultural economist. Has followed e-commerce in more than forty rural counties, from tea and fruit "
        "brands to community group buying."),
    "chen": SpeakerData(
        "Chen Hao", "Silkstream Live",
        "Runs the live-stream platform's programme for foreign brands and hosts; has produced live-stream sessions "
        "with embassies and trade promotion agencies of partner countries."),
    "wang": SpeakerData(
        "Wang Lijuan", "Harbourpay Cross-border Payments",
        "Head of merchant services for emerging markets. Works on local-currency settlement and on making "
        "cross-border collections affordable for small exporters."),
    "guo": SpeakerData(
        "Guo Yifan", "Orient Bridge Logistics",
        "Director of overseas warehousing. Has set up consolidation centres and overseas warehouses serving "
        "South-East Asia and Latin America."),
    "valdes": SpeakerData(
        "Ignacia Valdés", "Centro Asia-Pacífico de Comercio Digital, Santiago",
        "Economist specialising in agri-food exports to Asia. Leads a yearly survey of Latin American exporters "
        "selling on Chinese platforms."),
    "rahman": SpeakerData(
        "Nurul Huda Rahman", "ASEAN Digital Economy Research Network, Kuala Lumpur",
        "Senior fellow studying how member states implement RCEP and the ASEAN digital economy agreements."),
}

TAGS = {
    "cross-border-policy": {
        "en": "Cross-border e-commerce policy", "zh": "跨境电商政策",
        "fr": "Politique du commerce électronique transfrontalier",
        "es": "Política de comercio electrónico transfronterizo",
        "ru": "Политика трансграничной электронной торговли", "ar": "سياسات التجارة الإلكترونية العابرة للحدود",
    },
    "live-stream-selling": {
        "en": "Live-stream selling", "zh": "直播带货", "fr": "Vente en direct",
        "es": "Ventas por transmisión en vivo", "ru": "Продажи в прямом эфире", "ar": "البيع عبر البث المباشر",
    },
    "logistics-payments": {
        "en": "Logistics and payments", "zh": "物流与支付", "fr": "Logistique et paiements",
        "es": "Logística y pagos", "ru": "Логистика и платежи", "ar": "الخدمات اللوجستية والمدفوعات",
    },
    "agricultural-specialties": {
        "en": "Agricultural specialties online", "zh": "特色农产品电商", "fr": "Produits agricoles du terroir en ligne",
        "es": "Especialidades agrícolas en línea", "ru": "Региональная сельхозпродукция онлайн",
        "ar": "المنتجات الزراعية المميزة عبر الإنترنت",
    },
    "digital-trade-rules": {
        "en": "Digital trade rules", "zh": "数字贸易规则", "fr": "Règles du commerce numérique",
        "es": "Normas del comercio digital", "ru": "Правила цифровой торговли", "ar": "قواعد التجارة الرقمية",
    },
    "community-ecommerce": {
        "en": "Community e-commerce", "zh": "社区电商", "fr": "Commerce électronique communautaire",
        "es": "Comercio electrónico comunitario", "ru": "Электронная коммерция в местных сообществах",
        "ar": "التجارة الإلكترونية المجتمعية",
    },
}


class Text(NamedTuple):
    title: str
    summary: str
    description: str


@dataclass(frozen=True)
class Start:
    """When a lecture starts: ``minutes`` from now, or on the day ``days`` from today at ``at`` (organiser's time)."""

    minutes: int = 0
    days: int = 0
    at: str | None = None


def in_minutes(minutes: int) -> Start:
    return Start(minutes=minutes)


def on_day(days: int, at: str) -> Start:
    return Start(days=days, at=at)


@dataclass(frozen=True)
class DemoLecture:
    status: LectureStatus
    start: Start
    duration: int
    language: str  # spoken, and the language of the original text
    texts: dict[str, Text]  # by language; texts[language] is the original, the others are translations
    speakers: tuple[str, ...]
    tags: tuple[str, ...]
    timezone: str = "Asia/Shanghai"
    interpretation: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()
    capacity: int | None = None
    countries: tuple[str, ...] = ()  # when given, only participants from these countries see the lecture
    replay: ReplayVisibility = ReplayVisibility.registered
    audience: int = 0  # participants who register; beyond the capacity they wait
    attended: float = 0.0  # the share of registered participants who watched (ended and live lectures)
    admin: str | None = None  # the demo admin's own part: "registered" or "attended"
    recording: bool = False  # gets the demo recording (slides, a tone, an interpretation, subtitles) as its replay


ended, live, scheduled, cancelled = (LectureStatus.ended, LectureStatus.live, LectureStatus.scheduled,
                                     LectureStatus.cancelled)

LECTURES = [
    DemoLecture(
        ended, on_day(-24, "15:00"), 90, "zh", speakers=("zhou",), tags=("cross-border-policy", "digital-trade-rules"),
        interpretation=("en", "es", "fr", "ru"), subtitles=("en", "es"), replay=ReplayVisibility.public,
        audience=22, attended=0.7, admin="attended", recording=True,
        texts={
            "zh": Text(
                "跨境电商政策与监管：中国的经验与伙伴国的选择",
                "梳理中国跨境电商综合试验区、零售进口清单和税收政策的演变，讨论伙伴国在制定本国规则时可以借鉴的做法。",
                "讲座面向负责电子商务政策的政府官员。主讲人将介绍政策试点如何从少数城市推广到全国，监管部门如何在便利通关"
                "与风险防控之间取得平衡，并留出时间回答各国学员的提问。"),
            "en": Text(
                "Cross-border e-commerce policy and regulation: China's experience and partners' choices",
                "How China's cross-border e-commerce pilot zones, retail import lists and tax rules evolved, and which "
                "practices partner countries can adapt when drafting their own rules.",
                "For government officials in charge of e-commerce policy. The speaker explains how policy pilots "
                "spread from a few cities to the whole country and how regulators balance fast customs clearance with "
                "risk control, and leaves time for participants' questions."),
            "fr": Text(
                "Politique et réglementation du commerce électronique transfrontalier : l'expérience chinoise et les "
                "choix des pays partenaires",
                "L'évolution des zones pilotes chinoises du commerce électronique transfrontalier, des listes "
                "d'importation au détail et des règles fiscales, et les pratiques que les pays partenaires peuvent "
                "adapter à leurs propres règles.",
                "Destinée aux responsables gouvernementaux chargés de la politique du commerce électronique. "
                "L'intervenant explique comment les expériences pilotes se sont étendues de quelques villes à tout le "
                "pays et comment les autorités concilient dédouanement rapide et maîtrise des risques ; une séance de "
                "questions suit."),
            "es": Text(
                "Política y regulación del comercio electrónico transfronterizo: la experiencia china y las opciones "
                "de los países socios",
                "Cómo evolucionaron las zonas piloto chinas de comercio electrónico transfronterizo, las listas de "
                "importación minorista y las normas tributarias, y qué prácticas pueden adaptar los países socios al "
                "redactar sus propias normas.",
                "Dirigida a funcionarios responsables de la política de comercio electrónico. El ponente explica cómo "
                "los programas piloto pasaron de unas pocas ciudades a todo el país y cómo los reguladores equilibran "
                "un despacho aduanero ágil con el control de riesgos. Al final habrá tiempo para preguntas."),
            "ru": Text(
                "Политика и регулирование трансграничной электронной торговли: опыт Китая и выбор стран-партнёров",
                "Как развивались китайские пилотные зоны трансграничной электронной торговли, перечни товаров "
                "розничного импорта и налоговые правила — и какие практики страны-партнёры могут применить при "
                "разработке собственных правил.",
                "Для государственных служащих, отвечающих за политику в сфере электронной торговли. Лектор расскажет, "
                "как пилотные проекты распространились с нескольких городов на всю страну и как регуляторы совмещают "
                "быстрое таможенное оформление с управлением рисками. В конце — ответы на вопросы."),
            "ar": Text(
                "سياسات التجارة الإلكترونية العابرة للحدود وتنظيمها: التجربة الصينية وخيارات الدول الشريكة",
                "كيف تطورت المناطق التجريبية الصينية للتجارة الإلكترونية العابرة للحدود وقوائم الاستيراد بالتجزئة "
                "والقواعد الضريبية، وما الممارسات التي يمكن للدول الشريكة تكييفها عند صياغة قواعدها الخاصة.",
                "محاضرة موجهة إلى المسؤولين الحكوميين المعنيين بسياسات التجارة الإلكترونية. يشرح المحاضر كيف انتقلت "
                "التجارب التجريبية من بضع مدن إلى البلاد كلها، وكيف توازن الجهات التنظيمية بين سرعة التخليص الجمركي "
                "وإدارة المخاطر، مع وقت مخصص لأسئلة المشاركين."),
        },
    ),
    DemoLecture(
        ended, on_day(-17, "16:00"), 75, "en", speakers=("chen",),
        tags=("live-stream-selling", "agricultural-specialties"),
        interpretation=("es", "fr", "zh"), subtitles=("en",), audience=20, attended=0.6, admin="attended",
        texts={
            "en": Text(
                "Live-stream selling of partner-country products: what works on Chinese platforms",
                "Case studies from live-stream sessions that sold Rwandan coffee, Chilean cherries and Pakistani "
                "Himalayan salt to Chinese buyers: choosing products, hosts and the right moment.",
                "A platform's view of live-stream selling for foreign products. We look at sessions with diplomats and "
                "local hosts, what viewers ask before they buy, and how sellers prepare stock, prices and after-sales "
                "service for a peak of orders."),
            "zh": Text(
                "伙伴国产品直播带货：在中国平台上什么最有效",
                "通过卢旺达咖啡、智利车厘子和巴基斯坦喜马拉雅盐的直播案例，讨论如何选品、选主播、选时机。",
                "从平台视角看外国产品的直播销售：回顾有外交官和本地主播参与的直播场次，分析观众下单前最常问的问题，"
                "以及卖家如何为订单高峰准备库存、价格和售后服务。"),
            "es": Text(
                "Venta por transmisión en vivo de productos de los países socios: qué funciona en las plataformas "
                "chinas",
                "Casos de transmisiones en vivo que vendieron café de Ruanda, cerezas de Chile y sal del Himalaya de "
                "Pakistán a compradores chinos: cómo elegir productos, presentadores y el momento adecuado.",
                "La venta en vivo de productos extranjeros vista desde una plataforma: sesiones con diplomáticos y "
                "presentadores locales, las preguntas que hacen los espectadores antes de comprar y cómo los "
                "vendedores preparan inventario, precios y servicio posventa para un pico de pedidos."),
            "fr": Text(
                "La vente en direct des produits des pays partenaires : ce qui fonctionne sur les plateformes "
                "chinoises",
                "Des sessions de vente en direct qui ont vendu du café rwandais, des cerises chiliennes et du sel de "
                "l'Himalaya pakistanais à des acheteurs chinois : choisir les produits, les animateurs et le bon "
                "moment.",
                "La vente en direct de produits étrangers vue par une plateforme : des sessions avec des diplomates et "
                "des animateurs locaux, les questions que posent les spectateurs avant d'acheter, et la préparation "
                "des stocks, des prix et du service après-vente pour un pic de commandes."),
        },
    ),
    DemoLecture(
        ended, on_day(-10, "15:00"), 90, "zh", speakers=("lin",),
        tags=("agricultural-specialties", "logistics-payments"),
        interpretation=("ar", "en", "es", "fr"), subtitles=("en",), replay=ReplayVisibility.public,
        audience=18, attended=0.65, admin="registered",
        texts={
            "zh": Text(
                "特色农产品上线：品牌、标准与冷链",
                "农产品从产地到网店要跨过三道坎：统一的分级标准、讲得清楚的品牌故事和可靠的冷链。本讲结合县域案例逐一讲解。",
                "主讲人长期调研县域农产品电商，将分享茶叶、水果和干货上线销售的案例，包括如何制定分级标准、拍摄产品图片、"
                "测算冷链成本，以及如何与平台和物流企业谈合作。"),
            "en": Text(
                "Bringing agricultural specialties online: brands, standards and the cold chain",
                "Between the farm and the online shop stand three hurdles: consistent grading standards, a brand story "
                "buyers understand, and a reliable cold chain. This lecture takes them one by one with county-level "
                "cases.",
                "The speaker has studied county-level agricultural e-commerce for years and shares cases of tea, fruit "
                "and dried goods sold online: setting grading standards, photographing products, costing the cold "
                "chain, and negotiating with platforms and logistics companies."),
            "es": Text(
                "Especialidades agrícolas en línea: marcas, normas y cadena de frío",
                "Entre la finca y la tienda en línea hay tres obstáculos: normas de clasificación uniformes, una "
                "historia de marca que el comprador entienda y una cadena de frío fiable. La conferencia los aborda "
                "uno por uno con casos de distritos rurales.",
                "La ponente investiga desde hace años el comercio electrónico agrícola en los distritos rurales y "
                "presenta casos de té, fruta y productos secos vendidos en línea: cómo fijar normas de clasificación, "
                "fotografiar los productos, calcular el costo de la cadena de frío y negociar con plataformas y "
                "empresas de logística."),
            "ar": Text(
                "المنتجات الزراعية المميزة على الإنترنت: العلامات التجارية والمعايير وسلسلة التبريد",
                "بين المزرعة والمتجر الإلكتروني ثلاث عقبات: معايير تصنيف موحدة، وقصة علامة تجارية يفهمها المشتري، "
                "وسلسلة تبريد موثوقة. تتناولها المحاضرة واحدة تلو الأخرى من خلال حالات من المقاطعات الريفية.",
                "تدرس المحاضِرة منذ سنوات التجارة الإلكترونية الزراعية في المقاطعات الريفية، وتعرض حالات لبيع الشاي "
                "والفواكه والمنتجات المجففة عبر الإنترنت: وضع معايير التصنيف، وتصوير المنتجات، وحساب تكلفة سلسلة "
                "التبريد، والتفاوض مع المنصات وشركات الخدمات اللوجستية."),
        },
    ),
    DemoLecture(
        ended, on_day(-4, "16:00"), 60, "en", speakers=("wang",), tags=("cross-border-policy", "logistics-payments"),
        interpretation=("ar", "ru", "zh"), subtitles=("en", "zh"), audience=16, attended=0.6,
        texts={
            "en": Text(
                "Getting paid across borders: wallets, settlement and currency risk",
                "How small exporters receive payment from Chinese buyers: e-wallets, local-currency settlement, fees "
                "that add up, and how to keep currency risk small.",
                "A practical session for e-commerce practitioners. The speaker compares the routes a payment can take "
                "from a buyer's wallet to a seller's bank account, explains what compliance checks to expect, and "
                "shows a simple way to price goods when exchange rates move."),
            "zh": Text(
                "跨境收款：电子钱包、结算与汇率风险",
                "小型出口商如何收取中国买家的货款：电子钱包、本币结算、层层累加的手续费，以及如何控制汇率风险。",
                "面向电商从业者的实务课程。主讲人比较一笔货款从买家钱包到卖家银行账户可能经过的路径，说明需要准备的合规"
                "审核，并介绍汇率波动时一种简单的定价方法。"),
            "ru": Text(
                "Как получать оплату из-за рубежа: электронные кошельки, расчёты и валютный риск",
                "Как небольшие экспортёры получают оплату от китайских покупателей: электронные кошельки, расчёты в "
                "национальных валютах, накапливающиеся комиссии и способы ограничить валютный риск.",
                "Практическое занятие для специалистов электронной торговли. Лектор сравнит пути, которые проходит "
                "платёж от кошелька покупателя до банковского счёта продавца, расскажет, каких проверок соответствия "
                "ожидать, и покажет простой способ назначать цены при колебаниях курса."),
        },
    ),
    DemoLecture(
        live, in_minutes(-20), 90, "zh", speakers=("guo", "wang"), tags=("logistics-payments",),
        interpretation=("ar", "en", "es", "fr", "ru"), subtitles=("en",), replay=ReplayVisibility.public,
        audience=24, attended=0.5, admin="registered",
        texts={
            "zh": Text(
                "跨境物流：海外仓、集运与最后一公里",
                "物流往往占跨境订单成本的三成以上。本讲比较直邮、集运和海外仓三种模式，并讨论退货和最后一公里配送的解决办法。",
                "两位主讲人分别来自物流企业和支付机构，将结合中国—东盟、中国—拉美线路的实际运价，说明不同订单规模适合的"
                "物流模式，以及物流与收款如何衔接。"),
            "en": Text(
                "Cross-border logistics: overseas warehouses, consolidation and the last mile",
                "Logistics often takes more than 30% of a cross-border order's cost. This lecture compares direct "
                "mail, consolidated shipping and overseas warehouses, and looks at returns and last-mile delivery.",
                "Speakers from a logistics company and a payment provider use real freight rates on China–ASEAN and "
                "China–Latin America routes to show which logistics model suits which order volume, and how shipping "
                "and payment collection fit together."),
            "fr": Text(
                "Logistique transfrontalière : entrepôts à l'étranger, groupage et dernier kilomètre",
                "La logistique représente souvent plus de 30 % du coût d'une commande transfrontalière. La conférence "
                "compare l'envoi direct, le groupage et les entrepôts à l'étranger, et traite des retours et de la "
                "livraison du dernier kilomètre.",
                "Des intervenants d'une entreprise de logistique et d'un prestataire de paiement s'appuient sur des "
                "tarifs de fret réels des lignes Chine–ASEAN et Chine–Amérique latine pour montrer quel modèle "
                "logistique convient à quel volume de commandes, et comment s'articulent expédition et encaissement."),
            "es": Text(
                "Logística transfronteriza: almacenes en el extranjero, consolidación y última milla",
                "La logística suele representar más del 30 % del costo de un pedido transfronterizo. La conferencia "
                "compara el envío directo, la consolidación de carga y los almacenes en el extranjero, y aborda las "
                "devoluciones y la entrega de última milla.",
                "Ponentes de una empresa de logística y de un proveedor de pagos usan tarifas reales de las rutas "
                "China–ASEAN y China–América Latina para mostrar qué modelo logístico conviene según el volumen de "
                "pedidos y cómo se coordinan el envío y el cobro."),
            "ru": Text(
                "Трансграничная логистика: зарубежные склады, консолидация грузов и последняя миля",
                "Логистика нередко составляет более 30 % стоимости трансграничного заказа. В лекции сравниваются "
                "прямая почтовая отправка, консолидация грузов и зарубежные склады, а также обсуждаются возвраты и "
                "доставка последней мили.",
                "Лекторы из логистической компании и платёжной организации на реальных тарифах по направлениям "
                "Китай — АСЕАН и Китай — Латинская Америка покажут, какая логистическая модель подходит для того или "
                "иного объёма заказов и как связать доставку с получением оплаты."),
            "ar": Text(
                "الخدمات اللوجستية العابرة للحدود: المستودعات الخارجية وتجميع الشحنات والميل الأخير",
                "تستحوذ الخدمات اللوجستية في الغالب على أكثر من 30% من تكلفة الطلب العابر للحدود. تقارن المحاضرة بين "
                "الشحن المباشر وتجميع الشحنات والمستودعات الخارجية، وتتناول المرتجعات والتوصيل في الميل الأخير.",
                "يستعين محاضران من شركة خدمات لوجستية ومن مزوّد خدمات دفع بأسعار شحن فعلية على خطوط الصين–آسيان "
                "والصين–أمريكا اللاتينية لبيان النموذج اللوجستي المناسب لكل حجم من الطلبات، وكيفية الربط بين الشحن "
                "وتحصيل المدفوعات."),
        },
    ),
    DemoLecture(
        # Small and full: a waiting list to look at, and reminders due within the hour.
        scheduled, in_minutes(120), 60, "en", speakers=("chen", "lin"),
        tags=("agricultural-specialties", "live-stream-selling"), interpretation=("zh",), subtitles=("en",),
        capacity=8, audience=11, admin="registered",
        texts={
            "en": Text(
                "Hands-on clinic: product listings that sell your specialty goods",
                "A small-group workshop: bring one product and leave with a listing—title, photos, specifications and "
                "price—ready for a Chinese marketplace.",
                "Places are limited to keep the clinic interactive. Each participant's listing is reviewed live by a "
                "rural e-commerce researcher and a platform manager, who point out what buyers look for first."),
            "zh": Text(
                "实操诊断课：让特色产品卖得出去的商品页",
                "小班工作坊：每人带一款产品，课后带走一份可在中国电商平台上架的商品页——标题、图片、规格和价格。",
                "为保证互动，名额有限。农村电商研究者和平台运营经理将现场点评每位学员的商品页，指出买家最先关注的内容。"),
            "fr": Text(
                "Atelier pratique : des fiches produit qui font vendre vos spécialités",
                "Un atelier en petit groupe : apportez un produit et repartez avec une fiche prête pour une place de "
                "marché chinoise — titre, photos, caractéristiques et prix.",
                "Le nombre de places est limité pour garder l'atelier interactif. Une chercheuse en commerce "
                "électronique rural et un responsable de plateforme commentent en direct la fiche de chaque "
                "participant et signalent ce que les acheteurs regardent en premier."),
            "es": Text(
                "Taller práctico: fichas de producto que venden sus especialidades",
                "Un taller en grupo reducido: traiga un producto y salga con una ficha lista para un mercado en línea "
                "chino: título, fotos, especificaciones y precio.",
                "Las plazas son limitadas para que el taller sea interactivo. Una investigadora de comercio "
                "electrónico rural y un gerente de plataforma revisan en directo la ficha de cada participante y "
                "señalan lo primero que miran los compradores."),
        },
    ),
    DemoLecture(
        scheduled, in_minutes(23 * 60), 90, "zh", speakers=("rahman", "zhou"),
        tags=("cross-border-policy", "digital-trade-rules"), interpretation=("en",), subtitles=("en",),
        countries=tuple(ASEAN), audience=8,
        texts={
            "zh": Text(
                "RCEP 框架下的中国—东盟数字贸易规则",
                "解读 RCEP 电子商务章节中关于电子认证、无纸化贸易、个人信息保护和数据跨境流动的条款，以及东盟成员国的实施进展。",
                "本场为东盟成员国学员专场，邀请东盟数字经济研究人员共同主讲。学员可提前提交本国在实施中遇到的问题，"
                "讲座中将集中讨论。"),
            "en": Text(
                "China–ASEAN digital trade rules under RCEP",
                "The RCEP e-commerce chapter clause by clause—electronic authentication, paperless trading, personal "
                "information protection and cross-border data flows—and how far ASEAN members have implemented it.",
                "A session for participants from ASEAN member states, co-presented with a researcher on ASEAN's "
                "digital economy. Participants may send questions about their own country's implementation in advance; "
                "they will be discussed during the lecture."),
            "fr": Text(
                "Les règles du commerce numérique Chine–ASEAN dans le cadre du RCEP",
                "Le chapitre du RCEP sur le commerce électronique, clause par clause — authentification électronique, "
                "commerce sans papier, protection des informations personnelles et flux transfrontaliers de données — "
                "et l'état de sa mise en œuvre dans les pays de l'ASEAN.",
                "Séance réservée aux participants des États membres de l'ASEAN, animée avec une chercheuse spécialiste "
                "de l'économie numérique de l'ASEAN. Les participants peuvent envoyer à l'avance leurs questions sur "
                "la mise en œuvre dans leur pays ; elles seront traitées pendant la conférence."),
        },
    ),
    DemoLecture(
        # Given from Santiago, at a morning hour for the Americas.
        scheduled, on_day(6, "10:00"), 75, "es", timezone="America/Santiago", speakers=("chen", "valdes"),
        tags=("agricultural-specialties", "live-stream-selling"), interpretation=("en", "zh"), subtitles=("es",),
        replay=ReplayVisibility.public, audience=14, admin="registered",
        texts={
            "es": Text(
                "Del Cono Sur a China: vender fruta y vino en plataformas de comercio electrónico",
                "Lo que aprendieron exportadores de Chile, Uruguay y Perú al vender cerezas, arándanos y vino en "
                "plataformas chinas: temporadas, certificados, precios y transmisiones en vivo.",
                "Conferencia en español con interpretación al chino y al inglés, en horario cómodo para las Américas. "
                "La ponente presenta datos de tres temporadas de exportación y conversa con un responsable de una "
                "plataforma de transmisiones en vivo sobre cómo preparar una campaña."),
            "en": Text(
                "From the Southern Cone to China: selling fruit and wine on e-commerce platforms",
                "What exporters from Chile, Uruguay and Peru learned selling cherries, blueberries and wine on Chinese "
                "platforms: seasons, certificates, prices and live-stream sessions.",
                "A lecture in Spanish with interpretation into Chinese and English, at a convenient time for the "
                "Americas. The speaker presents data from three export seasons and talks with a live-stream platform "
                "manager about preparing a campaign."),
            "zh": Text(
                "从南锥体到中国：在电商平台上销售水果和葡萄酒",
                "智利、乌拉圭和秘鲁出口商在中国平台上销售车厘子、蓝莓和葡萄酒的经验：产季、证书、定价与直播。",
                "本讲以西班牙语进行，提供中文和英文同传，时间照顾美洲学员。主讲人将展示三个出口季的数据，并与一位直播平台"
                "负责人对谈如何筹备一场营销活动。"),
        },
    ),
    DemoLecture(
        scheduled, on_day(12, "15:00"), 90, "zh", speakers=("lin",), tags=("community-ecommerce",),
        interpretation=("ar", "en", "es", "fr", "ru"), subtitles=("en",), capacity=300,
        replay=ReplayVisibility.public, audience=18, admin="registered",
        texts={
            "zh": Text(
                "社区电商：团长、小店与本地配送",
                "社区团购和社区小店如何把农产品和日用品送到居民手中？本讲介绍团长招募、选品、订单汇总和次日配送的运作方式。",
                "社区电商投入小、贴近居民，适合物流基础设施仍在建设中的地区。主讲人将分析中国城乡的典型模式，并讨论在"
                "伙伴国试点时需要注意的问题。"),
            "en": Text(
                "Community e-commerce: group leaders, small shops and local delivery",
                "How do community group buying and neighbourhood shops bring farm produce and everyday goods to "
                "residents? Recruiting group leaders, choosing products, pooling orders and next-day delivery.",
                "Community e-commerce needs little investment and stays close to residents, which suits regions where "
                "logistics infrastructure is still being built. The speaker analyses typical models in Chinese towns "
                "and villages and discusses what to watch for in a pilot in a partner country."),
            "fr": Text(
                "Le commerce électronique communautaire : chefs de groupe, petites boutiques et livraison locale",
                "Comment les achats groupés de quartier et les petites boutiques de proximité acheminent-ils produits "
                "agricoles et biens de consommation courante jusqu'aux habitants ? Recrutement des chefs de groupe, "
                "choix des produits, regroupement des commandes et livraison le lendemain.",
                "Le commerce électronique communautaire demande peu d'investissement et reste proche des habitants, ce "
                "qui convient aux régions où les infrastructures logistiques sont encore en construction. La "
                "conférencière analyse des modèles typiques des villes et villages chinois et les points de vigilance "
                "pour un projet pilote dans un pays partenaire."),
            "es": Text(
                "Comercio electrónico comunitario: líderes de grupo, pequeñas tiendas y reparto local",
                "¿Cómo llevan las compras colectivas de barrio y las tiendas de proximidad productos agrícolas y "
                "bienes de uso diario hasta los vecinos? Reclutamiento de líderes de grupo, selección de productos, "
                "agrupación de pedidos y entrega al día siguiente.",
                "El comercio electrónico comunitario requiere poca inversión y está cerca de los vecinos, por lo que "
                "conviene a regiones donde la infraestructura logística aún se está construyendo. La ponente analiza "
                "modelos típicos en pueblos y ciudades de China y lo que hay que tener en cuenta en un piloto en un "
                "país socio."),
            "ru": Text(
                "Электронная коммерция в местных сообществах: лидеры групп, небольшие магазины и местная доставка",
                "Как совместные покупки жителей района и магазины шаговой доступности доставляют сельхозпродукцию и "
                "товары повседневного спроса? Подбор лидеров групп, выбор ассортимента, объединение заказов и доставка "
                "на следующий день.",
                "Такая модель требует небольших вложений и близка к жителям, поэтому подходит регионам, где "
                "логистическая инфраструктура ещё строится. Лектор разберёт типичные модели в городах и сёлах Китая и "
                "расскажет, на что обратить внимание при пилотном проекте в стране-партнёре."),
            "ar": Text(
                "التجارة الإلكترونية المجتمعية: قادة المجموعات والمتاجر الصغيرة والتوصيل المحلي",
                "كيف توصل مشتريات الأحياء الجماعية والمتاجر الصغيرة المنتجات الزراعية والسلع اليومية إلى السكان؟ "
                "استقطاب قادة المجموعات، واختيار المنتجات، وتجميع الطلبات، والتوصيل في اليوم التالي.",
                "تتطلب التجارة الإلكترونية المجتمعية استثمارًا قليلًا وتبقى قريبة من السكان، ولذلك تناسب المناطق التي "
                "لا تزال بنيتها التحتية اللوجستية قيد الإنشاء. تحلل المحاضِرة النماذج الشائعة في المدن والقرى "
                "الصينية، وتناقش ما ينبغي مراعاته عند تنفيذ مشروع تجريبي في دولة شريكة."),
        },
    ),
    DemoLecture(
        scheduled, on_day(19, "16:00"), 60, "en", speakers=("zhou",),
        tags=("cross-border-policy", "digital-trade-rules"),
        interpretation=("ar", "fr", "zh"), subtitles=("en",), replay=ReplayVisibility.public, audience=12,
        texts={
            "en": Text(
                "What bilateral e-commerce memoranda cover, and how to put one to work",
                "Since 2016 China has signed e-commerce cooperation memoranda with more than 20 countries. What they "
                "commit the partners to, which working mechanisms they set up, and how ministries can turn them into "
                "projects.",
                "For officials who follow their country's e-commerce cooperation with China. The speaker walks through "
                "the usual structure of a memorandum—policy dialogue, joint research, training, product promotion—and "
                "shows examples of annual work plans."),
            "zh": Text(
                "双边电子商务合作备忘录：内容与落地",
                "2016 年以来，中国已与二十多个国家签署电子商务合作备忘录。这些备忘录规定了哪些合作内容、建立了哪些工作机制，"
                "主管部门又如何将其转化为具体项目？",
                "面向负责本国与中国电子商务合作的官员。主讲人将介绍备忘录的一般结构——政策沟通、联合研究、人员培训、"
                "产品推介——并展示年度工作计划的实例。"),
            "fr": Text(
                "Les mémorandums bilatéraux sur le commerce électronique : ce qu'ils couvrent et comment les mettre en "
                "œuvre",
                "Depuis 2016, la Chine a signé des mémorandums de coopération en matière de commerce électronique avec "
                "plus de 20 pays. Ce à quoi ils engagent les partenaires, les mécanismes de travail qu'ils créent et "
                "la manière dont les ministères peuvent les traduire en projets.",
                "Pour les responsables qui suivent la coopération de leur pays avec la Chine dans le commerce "
                "électronique. L'intervenant présente la structure habituelle d'un mémorandum — dialogue politique, "
                "recherche conjointe, formation, promotion des produits — et des exemples de plans de travail "
                "annuels."),
            "ar": Text(
                "مذكرات التفاهم الثنائية في مجال التجارة الإلكترونية: مضمونها وكيفية تفعيلها",
                "منذ عام 2016 وقّعت الصين مذكرات تعاون في مجال التجارة الإلكترونية مع أكثر من 20 دولة. ما الالتزامات "
                "التي ترتبها على الشركاء، وما آليات العمل التي تنشئها، وكيف يمكن للوزارات تحويلها إلى مشاريع؟",
                "موجهة إلى المسؤولين الذين يتابعون تعاون بلدانهم مع الصين في مجال التجارة الإلكترونية. يعرض المحاضر "
                "البنية المعتادة لمذكرة التفاهم — الحوار بشأن السياسات، والبحث المشترك، والتدريب، والترويج للمنتجات — "
                "ويقدم أمثلة على خطط العمل السنوية."),
        },
    ),
    DemoLecture(
        # Cancelled before anyone registered, so no cancellation mail is waiting to go out.
        cancelled, on_day(9, "15:00"), 60, "zh", speakers=("chen",),
        tags=("cross-border-policy", "live-stream-selling"),
        interpretation=("en", "es"),
        texts={
            "zh": Text(
                "直播电商合规：广告、价格与消费者权益",
                "直播销售中常见的合规风险：夸大宣传、价格标示、退换货承诺和未成年人保护。",
                "讲座将结合监管部门公布的典型案例，说明主播、商家和平台各自承担的责任。"),
            "en": Text(
                "Compliance in live-stream selling: advertising, prices and consumer rights",
                "Common compliance risks in live-stream selling: exaggerated claims, price display, return promises "
                "and the protection of minors.",
                "Using cases published by regulators, the lecture explains the respective responsibilities of hosts, "
                "merchants and platforms."),
            "es": Text(
                "Cumplimiento normativo en la venta por transmisión en vivo: publicidad, precios y derechos del "
                "consumidor",
                "Riesgos habituales en la venta en vivo: publicidad exagerada, exhibición de precios, promesas de "
                "devolución y protección de menores.",
                "A partir de casos publicados por los reguladores, la conferencia explica las responsabilidades "
                "respectivas de presentadores, comerciantes y plataformas."),
        },
    ),
]
