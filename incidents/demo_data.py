"""Demo cases for `manage.py load_demo`, taken only from the reference articles in shared/seeds.

Plain data: the loader matches every row by its natural key, so the same data can be loaded
any number of times. Figures appear only where an article gives them; an unknown figure is
None, never zero. Excerpts are copied verbatim from the articles (markdown link syntax left
out). Where a seed quotes a document we do not hold (the New York Times report, Amnesty
International's report), the claim rests on that document and its source notes say through
which article we know it.

Each case ends with `review`: where the editors' review of the case should end up once the
review workflow exists. The loader does not apply it yet; every case is loaded as "new".
"""

import datetime
from decimal import Decimal

from incidents.choices import (
    ClaimantKind,
    DatePrecision,
    InvestigationKind,
    InvestigationOutcome,
    LocationPrecision,
    NonCredibleReason,
    PartyKind,
    PartyRole,
    ReviewStatus,
    SourceKind,
    Stance,
    StrikeType,
)

DEMO_NOTE = "Demo data: taken from the reference articles."

COALITION = "US-led Coalition"
US_MILITARY = "United States military"
ISIS = "ISIS"
SDF = "Syrian Democratic Forces"

PARTIES = [
    {
        "name": COALITION,
        "short_name": "CJTF-OIR",
        "kind": PartyKind.COALITION,
        "description": "The US-led military coalition against ISIS in Iraq and Syria "
        "(Combined Joint Task Force – Operation Inherent Resolve).",
    },
    {
        "name": US_MILITARY,
        "short_name": "US military",
        "kind": PartyKind.STATE_MILITARY,
        "description": "The armed forces of the United States, including US Central Command (CENTCOM) "
        "and special operations forces.",
    },
    {
        "name": ISIS,
        "short_name": "",
        "kind": PartyKind.NON_STATE_ARMED_GROUP,
        "description": "The Islamic State group (also called ISIL or IS).",
    },
    {
        "name": SDF,
        "short_name": "SDF",
        "kind": PartyKind.NON_STATE_ARMED_GROUP,
        "description": "Kurdish-led forces in Syria, partners of the US-led coalition against ISIS.",
    },
]

# Sources by a short key the cases refer to. No article gives its own address, so `url` is blank
# and the loader matches these by (title, publisher).
SOURCES = {
    "centcom-statement": {
        "title": "Full statement by CENTCOM on the March 18th 2019 Baghuz airstrike",
        "publisher": "US Central Command",
        "kind": SourceKind.BELLIGERENT_STATEMENT,
        "url": "",
        "published_on": datetime.date(2021, 11, 14),
        "language": "en",
        "internal_notes": "Given by Capt. Bill Urban, CENTCOM spokesperson, to DailyMail.com on 14 November 2021; "
        "our copy is the text printed in that article.",
    },
    "nyt-baghuz": {
        "title": "New York Times investigation of the 18 March 2019 Baghuz strikes",
        "publisher": "The New York Times",
        "kind": SourceKind.NEWS_REPORT,
        "url": "",
        "published_on": datetime.date(2021, 11, 13),
        "language": "en",
        "internal_notes": "Not among the reference texts; known through them. Headline not given there, so the "
        "title is descriptive. The excerpt is the Times's own words as quoted by the World Socialist Web Site; "
        "the figure of 64 women and children is as reported by DailyMail.com.",
    },
    "dailymail-baghuz": {
        "title": "DailyMail.com report on the Baghuz strikes, with CENTCOM's statement",
        "publisher": "DailyMail.com",
        "kind": SourceKind.NEWS_REPORT,
        "url": "",
        "published_on": None,
        "language": "en",
        "internal_notes": "Headline and date are not in the reference copy, which appears reworded; the article "
        "prints a CENTCOM statement given on 14 November 2021. Publisher taken from the text.",
    },
    "wsws-baghuz": {
        "title": "Whistleblowers Expose US-led Coalition Mass Murder of Women, Children in Syria",
        "publisher": "World Socialist Web Site",
        "kind": SourceKind.NEWS_REPORT,
        "url": "",
        "published_on": datetime.date(2021, 11, 15),
        "language": "en",
        "internal_notes": "By Alex Lantier. The reference copy is the Global Research repost of 16 November 2021.",
    },
    "jpost-baghuz": {
        "title": "Jerusalem Post analysis of the Baghuz strikes",
        "publisher": "The Jerusalem Post",
        "kind": SourceKind.NEWS_REPORT,
        "url": "",
        "published_on": datetime.date(2021, 11, 14),
        "language": "en",
        "internal_notes": "Headline not in the reference copy, so the title is descriptive; publisher inferred "
        "from the page's jpost.com scripts.",
    },
    "cnn-raqqa": {
        "title": "CNN report on Amnesty International's Raqqa findings",
        "publisher": "CNN",
        "kind": SourceKind.NEWS_REPORT,
        "url": "",
        "published_on": None,
        "language": "en",
        "internal_notes": "Headline and date are not in the reference copy (the video shown with it is titled "
        "'US-led airstrikes in Syria could be war crimes'), so the title is descriptive.",
    },
    "amnesty-war-of-annihilation": {
        "title": "War of Annihilation",
        "publisher": "Amnesty International",
        "kind": SourceKind.NGO_REPORT,
        "url": "",
        "published_on": None,
        "language": "en",
        "internal_notes": "Not among the reference texts; known through CNN's report, which quotes it and "
        "gives the Badran family's losses. Publication date not given there.",
    },
    "raqqa-testimony": {
        "title": "Testimony of a Raqqa resident (name withheld)",
        "publisher": "",
        "kind": SourceKind.WITNESS_TESTIMONY,
        "url": "",
        "published_on": None,
        "language": "en",
        "is_confidential": True,
        "internal_notes": "Demo of a protected witness. The words are those of a survivor of the Badran family "
        "as told to Amnesty International and quoted by CNN; in a real record the witness's identity and "
        "contact would be kept here and never shown publicly.",
    },
    "rudaw-non-credible": {
        "title": "US-led coalition dismisses 'non-credible' reports of civilian casualties",
        "publisher": "Rudaw",
        "kind": SourceKind.NEWS_REPORT,
        "url": "",
        "published_on": None,
        "language": "en",
        "internal_notes": "Date not in the reference copy; it reports the coalition's civilian casualty report "
        "of April 2020 and events up to 21 April 2020.",
    },
}

CASES = [
    {
        "title": "Two airstrikes on a camp by the Euphrates at Baghuz",
        "occurred_on": datetime.date(2019, 3, 18),
        "date_precision": DatePrecision.DAY,
        "time_of_day": "after 10:00 local, according to CENTCOM",
        "country": "SY",
        "admin_area": "Deir ez-Zor",
        "place_name": "Baghuz",
        "place_name_local": "الباغوز",
        "latitude": Decimal("34.4606"),
        "longitude": Decimal("40.9383"),
        "location_precision": LocationPrecision.VILLAGE_OR_TOWN,
        "strike_type": StrikeType.AIRSTRIKE,
        "summary": (
            "Two US airstrikes near Baghuz, Deir ez-Zor, on 18 March 2019, during the last days of the battle "
            "against ISIS's final enclave. According to US Central Command (statement of 14 November 2021), a "
            "special operations strike cell authorised two strikes by an F-15E on ISIS positions after the Syrian "
            "Democratic Forces, under attack, requested air support and reported the area clear of civilians; "
            "the strikes were valid self-defence, killed at least 16 ISIS fighters and at least four civilians "
            "and injured eight civilians, and about 60 more dead could not be characterised. According to the "
            "New York Times (13 November 2021), as reported by DailyMail.com, 64 women and children were killed; "
            "the World Socialist Web Site (15 November 2021) says at least 80 unarmed women and children. One "
            "report (DailyMail.com) dates the attack 19 March 2019. According to the Times, an Air Force lawyer, "
            "Lt. Col. Dean Korsak, reported the strike as a possible violation of the law of armed conflict, "
            "and the Defense Department Inspector General's inquiry was cancelled."
        ),
        "internal_notes": DEMO_NOTE + " Dates conflict: DailyMail.com gives 19 March in one sentence and 18 March "
        "elsewhere; all other sources give 18 March. Munitions conflict too: CENTCOM's statement names two "
        "bombs (2,000 and 500 pounds), DailyMail.com and the Times one 500-pound and two 2,000-pound bombs.",
        "parties": [(US_MILITARY, PartyRole.KNOWN), (COALITION, PartyRole.SUSPECTED)],
        "claims": [
            {
                "source": "centcom-statement",
                "claimant": "US Central Command",
                "claimant_kind": ClaimantKind.BELLIGERENT,
                "claimant_party": US_MILITARY,
                "stated_on": datetime.date(2021, 11, 14),
                "stance": Stance.CONCEDES_HARM,
                # "At least four" and "eight": minimums; the statement allows that more civilians died.
                "killed_min": 4,
                "injured_min": 8,
                "combatants_killed": 16,
                "uncharacterised_killed": 60,
                "excerpt": "These strikes resulted in at least four civilian deaths and eight injuries. However, "
                "the investigation could not definitively identify more than 60 additional casualties from "
                "these strikes.",
            },
            {
                "source": "nyt-baghuz",
                "claimant": "The New York Times",
                "claimant_kind": ClaimantKind.MEDIA,
                "stated_on": datetime.date(2021, 11, 13),
                "stance": Stance.ALLEGES_HARM,
                "killed_max": 64,
                "excerpt": "Without warning, an American F-15E attack jet streaked across the drone's "
                "high-definition field of vision and dropped a 500-pound bomb on the crowd, swallowing it in a "
                "shuddering blast.",
            },
            {
                "source": "jpost-baghuz",
                "claimant": "The Jerusalem Post",
                "claimant_kind": ClaimantKind.MEDIA,
                "stated_on": datetime.date(2021, 11, 14),
                "stance": Stance.CONTEXT,
                "killed_max": 60,
                "excerpt": "If the US special task force nine which dropped large and non-precision bombs on the "
                "camp, killing almost everyone, including up to 60 civilians along with two dozen ISIS fighters, "
                "did not know how many civilians were still there, arguing for war crimes would be difficult.",
            },
            {
                "source": "wsws-baghuz",
                "claimant": "World Socialist Web Site",
                "claimant_kind": ClaimantKind.MEDIA,
                "stated_on": datetime.date(2021, 11, 15),
                "stance": Stance.ALLEGES_HARM,
                "killed_min": 80,
                "excerpt": "As Air Force officers watched the scene via drone cameras in real time, US warplanes "
                "murdered at least 80 unarmed women and children with 500- and 2,000-pound bombs.",
            },
            {
                # The one report that dates the attack 19 March; its date is unknown, so stated_on is too.
                "source": "dailymail-baghuz",
                "claimant": "DailyMail.com",
                "claimant_kind": ClaimantKind.MEDIA,
                "stance": Stance.CONTEXT,
                "excerpt": "An assessment revealed that the actual death toll for the March 19th 2019 attack was "
                "much higher.",
            },
        ],
        "investigations": [
            {
                "authority": "US special operations forces commanders",
                "party": US_MILITARY,
                "kind": InvestigationKind.CREDIBILITY_ASSESSMENT,
                "outcome": InvestigationOutcome.CREDIBLE,
                "conceded_killed": 4,
                "conceded_injured": 8,
                "sources": ["centcom-statement"],
                "findings": (
                    "According to US Central Command's statement of 14 November 2021, special operations "
                    "commanders began a credibility assessment after a coalition drone operator reported, several "
                    "hours after the strikes, seeing civilians around the strike area. They found the report "
                    "credible and warranting an AR 15-6 investigation. With that investigation, the assessment "
                    "found at least four civilians killed and eight injured, and could not definitively identify "
                    "more than 60 additional casualties. The statement gives no dates, so none are recorded."
                ),
            },
            {
                "authority": "US military (AR 15-6 investigating officer)",
                "party": US_MILITARY,
                "kind": InvestigationKind.COMMAND_INVESTIGATION,
                "outcome": InvestigationOutcome.NO_ACTION,
                "conceded_killed": 4,
                "conceded_injured": 8,
                "sources": ["centcom-statement"],
                "findings": (
                    "According to US Central Command's statement of 14 November 2021, the AR 15-6 investigation "
                    "found both strikes valid self-defence strikes in support of SDF forces under fire, "
                    "proportional, and taken with appropriate precautions. It recommended requiring "
                    "high-definition video for future strikes and coordination of the strike cell with all "
                    "coalition surveillance assets, which CENTCOM says was done. The investigating officer "
                    "concluded that no discipline was necessary. The statement gives no dates."
                ),
            },
            {
                "authority": "US Department of Defense Inspector General",
                "party": US_MILITARY,
                "kind": InvestigationKind.INSPECTOR_GENERAL,
                "outcome": InvestigationOutcome.CANCELLED,
                "sources": ["dailymail-baghuz", "wsws-baghuz"],
                "findings": (
                    "According to the New York Times, as reported by DailyMail.com, the Inspector General's "
                    "inquiry into the incident was cancelled in 2019 and no thorough independent investigation "
                    "took place. The reports give only the year, and 1 January 2019 would precede the strikes, so "
                    "no date is recorded. According to the World Socialist Web Site, an evaluator at the office, "
                    "Gene Tate, pressed for Lt. Col. Dean Korsak's material to be investigated, a team there "
                    "found the war crimes allegations \"extremely credible\", and Tate was removed from his office "
                    "in October 2020."
                ),
            },
            {
                "authority": "US Air Force Office of Special Investigations",
                "party": US_MILITARY,
                "kind": InvestigationKind.CRIMINAL_INQUIRY,
                "outcome": InvestigationOutcome.NO_ACTION,
                "sources": ["wsws-baghuz", "jpost-baghuz"],
                "findings": (
                    "According to the World Socialist Web Site, citing the New York Times, an official of the "
                    "office wrote to Lt. Col. Dean Korsak that it would likely not take up his report, as it "
                    "investigates civilian casualties only if there is \"potential for high media attention, "
                    "concern with outcry from local community/government, concern sensitive images may get out.\" "
                    "According to The Jerusalem Post, citing internal US legal critics, no criminal probe was "
                    "performed. No dates are given."
                ),
            },
            {
                "authority": "US Senate Armed Services Committee",
                "party": None,
                "kind": InvestigationKind.LEGISLATIVE_INQUIRY,
                "opened_on": datetime.date(2021, 5, 1),
                "outcome": InvestigationOutcome.PENDING,
                "sources": ["dailymail-baghuz", "wsws-baghuz"],
                "findings": (
                    "According to DailyMail.com, in May 2021 Lt. Col. Dean Korsak, an Air Force lawyer, wrote to "
                    "the committee describing the strike and what he considered a \"systematic failure\" in "
                    "civilian casualty reporting, and no action was taken. Recorded as opened on 1 May 2021, the "
                    "first day of the month, because the reports give only the month. According to the World "
                    "Socialist Web Site (15 November 2021), the committee had not responded to Korsak or to "
                    "Gene Tate."
                ),
            },
        ],
        "review": {
            "status": ReviewStatus.CREDIBLE,
            "rationale": "The party concedes at least four civilians killed and eight injured, and its own "
            "credibility assessment found the report credible.",
            "publish": True,
        },
    },
    {
        "title": "Four coalition strikes that killed members of the Badran family in Raqqa",
        "occurred_on": datetime.date(2017, 1, 1),
        "date_precision": DatePrecision.YEAR,
        "country": "SY",
        "admin_area": "Raqqa",
        "place_name": "Raqqa",
        "place_name_local": "الرقة",
        "location_precision": LocationPrecision.UNKNOWN,
        "strike_type": StrikeType.AIRSTRIKE,
        "summary": (
            "Four separate coalition airstrikes in Raqqa during the 2017 offensive to drive ISIS from the city. "
            "According to Amnesty International's report \"War of Annihilation\", as reported by CNN, the Badran "
            "family lost 39 members and 10 neighbours in these strikes while fleeing from place to place as front "
            "lines shifted. Amnesty's report rests on interviews with 112 civilians at the sites of 42 coalition "
            "airstrikes and says such attacks give a strong prima facie case of violations of international "
            "humanitarian law. According to CNN, a coalition spokesman, Col. Thomas Veale, contested the report, "
            "saying Amnesty never approached the coalition and that no one will ever know how many civilians "
            "were killed."
        ),
        "internal_notes": DEMO_NOTE + " The dates of the four strikes are not given; 2017 is the year of the "
        "offensive. The testimony source is confidential.",
        "parties": [(COALITION, PartyRole.KNOWN), (US_MILITARY, PartyRole.SUSPECTED)],
        "claims": [
            {
                "source": "amnesty-war-of-annihilation",
                "claimant": "Amnesty International",
                "claimant_kind": ClaimantKind.MONITOR,
                "stance": Stance.ALLEGES_HARM,
                # 39 family members and 10 neighbours, as CNN reports the report's count.
                "killed_min": 49,
                "killed_max": 49,
                "excerpt": "They are part of a wider pattern and provide a strong prima facie case that many "
                "coalition attacks that killed and injured civilians and destroyed homes and infrastructure "
                "violated international humanitarian law",
            },
            {
                "source": "cnn-raqqa",
                "claimant": "Col. Thomas Veale, spokesman for the US-led coalition",
                "claimant_kind": ClaimantKind.BELLIGERENT,
                "claimant_party": COALITION,
                "stance": Stance.DISPUTES_FIGURES,
                "excerpt": "As far as how do we know how many civilians were killed – I’m just being honest, no "
                "one will ever know",
            },
            {
                "source": "raqqa-testimony",
                "claimant": "A survivor of the Badran family (name withheld)",
                "claimant_kind": ClaimantKind.LOCAL,
                "stance": Stance.CONTEXT,
                "excerpt": "We were naive. By the time we realized how dangerous it had become everywhere, it was "
                "too late; we were trapped",
            },
        ],
        "investigations": [],
        "review": {
            "status": ReviewStatus.CREDIBLE,
            "rationale": "Amnesty International documented the strikes through interviews at the sites; the "
            "coalition disputes the report but, in the reference text, denies none of these strikes.",
            "publish": True,
        },
    },
    {
        "title": "Strike on a hospital in Kunduz",
        "occurred_on": datetime.date(2015, 10, 1),
        "date_precision": DatePrecision.MONTH,
        "country": "AF",
        "admin_area": "Kunduz",
        "place_name": "Kunduz",
        "place_name_local": "کندز",
        "location_precision": LocationPrecision.UNKNOWN,
        "strike_type": StrikeType.AIRSTRIKE,
        "summary": (
            "A US strike on a hospital in Kunduz, Afghanistan, in October 2015. According to The Jerusalem Post "
            "(14 November 2021), the US admitted to accidentally killing dozens of civilians, and Doctors Without "
            "Borders, which had personnel on the ground, covered it widely. The World Socialist Web Site "
            "(15 November 2021) calls it a massacre of patients and hospital workers. The reference articles give "
            "no exact date and no casualty figure."
        ),
        "internal_notes": DEMO_NOTE + " Only the month is known from them.",
        "parties": [(US_MILITARY, PartyRole.KNOWN)],
        "claims": [
            {
                "source": "jpost-baghuz",
                "claimant": "United States",
                "claimant_kind": ClaimantKind.BELLIGERENT,
                "claimant_party": US_MILITARY,
                "stance": Stance.CONCEDES_HARM,
                # "Dozens" is not a figure: the range stays unknown.
                "excerpt": "the 2015 Kunduz incident in which the US admitted to accidentally killing dozens of "
                "civilians when it bombed a hospital.",
            },
            {
                "source": "wsws-baghuz",
                "claimant": "World Socialist Web Site",
                "claimant_kind": ClaimantKind.MEDIA,
                "stated_on": datetime.date(2021, 11, 15),
                "stance": Stance.ALLEGES_HARM,
                "excerpt": "It also recalls the massacre of patients and hospital workers in Kunduz, Afghanistan, "
                "in October 2015",
            },
        ],
        "investigations": [],
        "review": {
            "status": ReviewStatus.CREDIBLE,
            "rationale": "According to The Jerusalem Post, the United States admitted killing civilians in the strike.",
            "publish": True,
        },
    },
    {
        "title": "Drone strike in Kabul",
        "occurred_on": datetime.date(2021, 8, 29),
        "date_precision": DatePrecision.DAY,
        "country": "AF",
        "admin_area": "Kabul",
        "place_name": "Kabul",
        "place_name_local": "کابل",
        "location_precision": LocationPrecision.UNKNOWN,
        "strike_type": StrikeType.DRONE_STRIKE,
        "summary": (
            "A US drone strike in Kabul on 29 August 2021. According to DailyMail.com, the Pentagon admitted in "
            "September 2021 to a grave error in which 10 civilians were killed, including 7 children."
        ),
        "internal_notes": DEMO_NOTE + " The day comes from the project's domain notes; the article gives none.",
        "parties": [(US_MILITARY, PartyRole.KNOWN)],
        "claims": [
            {
                "source": "dailymail-baghuz",
                "claimant": "The Pentagon",
                "claimant_kind": ClaimantKind.BELLIGERENT,
                "claimant_party": US_MILITARY,
                "stance": Stance.CONCEDES_HARM,
                "killed_min": 10,
                "killed_max": 10,
                "children_killed_min": 7,
                "children_killed_max": 7,
                "excerpt": "The Pentagon admitted in September that it had committed a grave error by admitting to "
                "the killing of 10 civilians including 7 children, during a drone strike on Kabul.",
            },
        ],
        "investigations": [],
        "review": {
            "status": ReviewStatus.CREDIBLE,
            "rationale": "The Pentagon acknowledged that the strike killed 10 civilians, 7 of them children.",
            "publish": True,
        },
    },
    {
        # The seed names no single incident among the ~40 dismissed reports, only that some concerned
        # Mosul: this case stands for that allegation, with no date, exact place or figures.
        "title": "Alleged coalition airstrike in Mosul, dismissed as non-credible",
        "occurred_on": datetime.date(2015, 1, 1),
        "occurred_until": datetime.date(2019, 12, 31),
        "date_precision": DatePrecision.YEAR,
        "country": "IQ",
        "admin_area": "Nineveh",
        "place_name": "Mosul",
        "place_name_local": "الموصل",
        "location_precision": LocationPrecision.UNKNOWN,
        "strike_type": StrikeType.AIRSTRIKE,
        "summary": (
            "An allegation by the monitor Airwars of civilian casualties from a coalition airstrike in Mosul, "
            "among about 40 Airwars reports dating from 2015 to 2019 that the US-led coalition dismissed as "
            "non-credible in its civilian casualty report of April 2020. According to Rudaw, the coalition said "
            "that after a review of all available records no coalition actions were conducted in the "
            "geographical area of the reports. According to Airwars researcher Mohammed al-Jumaily, the coalition "
            "dismisses such allegations because it does not conduct field investigations. The reference article "
            "gives no date, exact location or casualty figure for the Mosul allegation."
        ),
        "internal_notes": DEMO_NOTE + " The article does not say how many of the 14 dismissed reports about Iraq "
        "concern Mosul; split this case by strike when Airwars' own records are added.",
        "parties": [(COALITION, PartyRole.SUSPECTED)],
        "claims": [
            {
                "source": "rudaw-non-credible",
                "claimant": "Airwars",
                "claimant_kind": ClaimantKind.MONITOR,
                "stance": Stance.ALLEGES_HARM,
                "excerpt": "The reports, which date from 2015 to 2019, included 14 strikes across Iraq, including "
                "Mosul.",
            },
            {
                "source": "rudaw-non-credible",
                "claimant": "US-led Global Coalition to defeat ISIS",
                "claimant_kind": ClaimantKind.BELLIGERENT,
                "claimant_party": COALITION,
                "stance": Stance.DENIES,
                "excerpt": "After a review of all available records it was assessed that no Coalition actions were "
                "conducted in the geographical area that corresponds to the reports of civilian casualties",
            },
            {
                "source": "rudaw-non-credible",
                "claimant": "Mohammed al-Jumaily, Airwars",
                "claimant_kind": ClaimantKind.MONITOR,
                "stance": Stance.CONTEXT,
                "excerpt": "Unfortunately, because it does not conduct field investigations, the Coalition has "
                "dismissed as 'non credible' many such allegations",
            },
        ],
        "investigations": [
            {
                "authority": "US-led Coalition (CJTF-OIR)",
                "party": COALITION,
                "kind": InvestigationKind.CREDIBILITY_ASSESSMENT,
                "closed_on": datetime.date(2020, 4, 1),
                "outcome": InvestigationOutcome.NON_CREDIBLE,
                "sources": ["rudaw-non-credible"],
                "findings": (
                    "According to Rudaw, the coalition's monthly civilian casualty report assessed about 40 Airwars "
                    "reports, including this one, as non-credible because \"no Coalition actions were conducted in "
                    "the geographical area that corresponds to the reports of civilian casualties\". Recorded as "
                    "closed on 1 April 2020, the first day of the month, because the report is dated only to April "
                    "2020. According to Airwars, coalition officials say they will reopen cases if there is new "
                    "information."
                ),
            },
        ],
        "review": {
            "status": ReviewStatus.NON_CREDIBLE,
            "reason": NonCredibleReason.INSUFFICIENT_INFORMATION,
            "rationale": "The only account gives no date, exact location or casualty figure, and neither side's "
            "position rests on a field investigation. To be reopened when Airwars' own record is added.",
            "publish": True,
        },
    },
]
