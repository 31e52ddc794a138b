"""What the benchmark data looks like (incidents.benchdata): its places, words, parties and
claimants in English and Arabic, and the weights that skew countries, statuses, stances and
source kinds as a real archive is skewed."""

from datetime import date

from incidents.choices import (
    ClaimantKind,
    EventKind,
    PartyKind,
    ReviewStatus,
    SourceKind,
    Stance,
)

# A fixed last day rather than today, so that a seed gives the same data whenever it runs;
# it is in the past, so no generated date is ever in the future.
DEFAULT_END_DATE = date(2025, 6, 30)
YEARS = 10
# One case in this many is a large one, with HEAVY_CLAIMS claims.
HEAVY_EVERY = 500
HEAVY_CLAIMS = 300
SHARE_NEW_SOURCE = 1 / 3  # about one source per three claims
SHARE_CONFIDENTIAL = 0.05
SHARE_INVESTIGATED = 0.10
SHARE_EXCLUDED = 0.03

COUNTRY_WEIGHTS = {"SY": 45, "IQ": 30, "AF": 10, "YE": 8, "SO": 4, "LY": 3}

# (English, local script, governorate, latitude, longitude)
PLACES = {
    "SY": [("Raqqa", "الرقة", "Raqqa", 35.95, 39.01), ("Aleppo", "حلب", "Aleppo", 36.20, 37.16),
           ("Idlib", "إدلب", "Idlib", 35.93, 36.63), ("Deir ez-Zor", "دير الزور", "Deir ez-Zor", 35.33, 40.14),
           ("Al-Bab", "الباب", "Aleppo", 36.37, 37.52), ("Tabqa", "الطبقة", "Raqqa", 35.84, 38.55),
           ("Al-Mayadin", "الميادين", "Deir ez-Zor", 35.02, 40.45), ("Maarat al-Numan", "معرة النعمان", "Idlib",
                                                                      35.64, 36.67)],
    "IQ": [("Mosul", "الموصل", "Nineveh", 36.34, 43.13), ("Fallujah", "الفلوجة", "Anbar", 33.35, 43.78),
           ("Ramadi", "الرمادي", "Anbar", 33.43, 43.30), ("Hawija", "الحويجة", "Kirkuk", 35.32, 43.76),
           ("Tal Afar", "تلعفر", "Nineveh", 36.38, 42.45), ("Al-Qaim", "القائم", "Anbar", 34.37, 41.09)],
    "AF": [("Kunduz", "کندز", "Kunduz", 36.73, 68.86), ("Lashkar Gah", "لشکرگاه", "Helmand", 31.59, 64.37),
           ("Jalalabad", "جلال‌آباد", "Nangarhar", 34.43, 70.45), ("Kabul", "کابل", "Kabul", 34.53, 69.17)],
    "YE": [("Sanaa", "صنعاء", "Amanat al-Asimah", 15.37, 44.19), ("Taiz", "تعز", "Taiz", 13.58, 44.02),
           ("Hodeidah", "الحديدة", "Al Hudaydah", 14.80, 42.95), ("Saada", "صعدة", "Saada", 16.94, 43.76)],
    "SO": [("Mogadishu", "مقديشو", "Banaadir", 2.05, 45.32), ("Kismayo", "كسمايو", "Lower Juba", -0.36, 42.55),
           ("Jilib", "جلب", "Middle Juba", 0.49, 42.77)],
    "LY": [("Sirte", "سرت", "Sirte", 31.21, 16.59), ("Benghazi", "بنغازي", "Benghazi", 32.12, 20.09),
           ("Derna", "درنة", "Derna", 32.76, 22.64)],
}
# Villages: a prefix and a name, in both scripts; many combinations make many rare words.
VILLAGE_PREFIXES = [("Tal", "تل"), ("Kafr", "كفر"), ("Ain", "عين"), ("Deir", "دير"), ("Bir", "بئر"),
                    ("Khirbet", "خربة"), ("Jisr", "جسر"), ("Qasr", "قصر")]
VILLAGE_NAMES = [("Hamra", "الحمراء"), ("Abyad", "الأبيض"), ("Zahra", "الزهراء"), ("Nasr", "النصر"),
                 ("Shams", "الشمس"), ("Jabal", "الجبل"), ("Wadi", "الوادي"), ("Rumman", "الرمان"),
                 ("Zaytun", "الزيتون"), ("Sabkha", "السبخة"), ("Hajar", "الحجر"), ("Tuffah", "التفاح"),
                 ("Baida", "البيضاء"), ("Kharab", "الخراب"), ("Salam", "السلام"), ("Nakhil", "النخيل")]

# Targets and events, commonest first; the Zipf-like weights below make the first few words
# common and the last ones rare, so that search benchmarks have both.
EN_TARGETS = ["house", "market", "school", "mosque", "hospital", "bakery", "bridge", "car", "farm", "checkpoint",
              "factory", "camp", "well", "water station", "power plant", "granary", "orchard", "cemetery",
              "bus station", "olive press", "tannery", "pharmacy", "dairy", "apiary"]
AR_TARGETS = ["منزل", "سوق", "مدرسة", "مسجد", "مستشفى", "مخبز", "جسر", "سيارة", "مزرعة", "حاجز",
              "مصنع", "مخيم", "بئر", "محطة مياه", "محطة كهرباء", "صومعة", "بستان", "مقبرة",
              "محطة حافلات", "معصرة زيتون", "مدبغة", "صيدلية", "معمل ألبان", "منحل"]
EN_VERBS = ["strike", "airstrike", "shelling", "drone strike", "raid", "bombardment", "explosion"]
AR_VERBS = ["قصف", "غارة جوية", "قصف مدفعي", "غارة بطائرة مسيرة", "مداهمة", "قصف عنيف", "انفجار"]
EN_VICTIMS = ["civilians", "a family", "children", "women and children", "farmers", "displaced people",
              "shepherds", "fishermen", "students", "worshippers", "beekeepers", "weavers"]
AR_VICTIMS = ["مدنيين", "عائلة", "أطفال", "نساء وأطفال", "مزارعين", "نازحين", "رعاة", "صيادين", "طلاب",
              "مصلين", "نحالين", "نساجين"]
EN_FILLER = ["local sources said", "according to residents", "witnesses reported", "rescuers recovered bodies",
             "the building collapsed", "the wounded were taken to hospital", "funerals were held the next day",
             "images showed the rubble", "the victims were named", "a second strike hit rescuers"]
AR_FILLER = ["قالت مصادر محلية", "بحسب الأهالي", "أفاد شهود عيان", "انتشل المسعفون الجثث", "انهار المبنى",
             "نقل الجرحى إلى المستشفى", "شيعت الجنازات في اليوم التالي", "أظهرت الصور الأنقاض",
             "نشرت أسماء الضحايا", "استهدفت غارة ثانية المسعفين"]

# (name, short name, kind, weight): a few parties are linked to most cases.
PARTIES = [
    ("Combined Joint Task Force – Operation Inherent Resolve", "CJTF-OIR", PartyKind.COALITION, 40),
    ("Russian Armed Forces", "Russia", PartyKind.STATE_MILITARY, 22),
    ("Syrian Arab Army", "SAA", PartyKind.STATE_MILITARY, 12),
    ("United States Forces", "US", PartyKind.STATE_MILITARY, 9),
    ("Saudi-led Coalition", "SLC", PartyKind.COALITION, 6),
    ("Turkish Armed Forces", "TSK", PartyKind.STATE_MILITARY, 3),
    ("Iraqi Security Forces", "ISF", PartyKind.STATE_MILITARY, 3),
    ("Islamic State", "ISIS", PartyKind.NON_STATE_ARMED_GROUP, 2),
    ("Libyan National Army", "LNA", PartyKind.NON_STATE_ARMED_GROUP, 1),
    ("United Arab Emirates Armed Forces", "UAE", PartyKind.STATE_MILITARY, 1),
    ("Afghan National Army", "ANA", PartyKind.STATE_MILITARY, 1),
    ("al-Shabaab", "", PartyKind.NON_STATE_ARMED_GROUP, 1),
]

STATUS_WEIGHTS = {ReviewStatus.CREDIBLE: 70, ReviewStatus.NON_CREDIBLE: 10, ReviewStatus.DUPLICATE: 3,
                  ReviewStatus.NEW: 9, ReviewStatus.UNDER_REVIEW: 8}
# Share of cases published, by status: nearly all credible cases, most non-credible ones.
PUBLISHED_SHARE = {ReviewStatus.CREDIBLE: 0.97, ReviewStatus.NON_CREDIBLE: 0.8}
DECISION_EVENTS = {ReviewStatus.CREDIBLE: EventKind.MARKED_CREDIBLE,
                   ReviewStatus.NON_CREDIBLE: EventKind.MARKED_NON_CREDIBLE,
                   ReviewStatus.DUPLICATE: EventKind.MARKED_DUPLICATE}
STANCE_WEIGHTS = {Stance.ALLEGES_HARM: 62, Stance.CONCEDES_HARM: 8, Stance.DENIES: 8,
                  Stance.DISPUTES_FIGURES: 10, Stance.CONTEXT: 12}
SOURCE_KIND_WEIGHTS = {SourceKind.NEWS_REPORT: 35, SourceKind.NGO_REPORT: 20, SourceKind.SOCIAL_MEDIA: 25,
                       SourceKind.BELLIGERENT_STATEMENT: 8, SourceKind.WITNESS_TESTIMONY: 6,
                       SourceKind.IMAGERY: 4, SourceKind.OFFICIAL_DOCUMENT: 2}
CLAIMANTS = {
    ClaimantKind.MONITOR: ["Airwars", "Syrian Network for Human Rights", "الشبكة السورية لحقوق الإنسان",
                           "Syrian Observatory for Human Rights", "Amnesty International", "Yemen Data Project"],
    ClaimantKind.MEDIA: ["Reuters", "Associated Press", "الجزيرة", "العربية", "BBC Arabic", "Enab Baladi"],
    ClaimantKind.LOCAL: ["Local council", "المجلس المحلي", "Civil Defence", "الدفاع المدني", "a resident"],
    ClaimantKind.OTHER: ["Unknown account", "حساب مجهول"],
}
PUBLISHERS = ["Reuters", "Associated Press", "Al Jazeera", "الجزيرة", "Enab Baladi", "عنب بلدي", "Airwars",
              "Raqqa is Being Slaughtered Silently", "Step News", "شبكة شام", "Telegram channel", "X account"]
AUTHORITIES = ["US Central Command", "CJTF-OIR Civilian Casualty Assessment Cell", "DoD Inspector General",
               "Joint Incidents Assessment Team", "UK Ministry of Defence", "Independent panel"]
EXCLUSION_REASON = "Superseded by a later, more complete report from the same claimant."
NON_CREDIBLE_RATIONALE = "The available information does not support the allegation."
CREDIBLE_RATIONALE = "Two or more independent sources describe the same strike, time and place."
