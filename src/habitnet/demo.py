"""A realistic, deterministic demo dataset.

:func:`generate` builds a whole :class:`~habitnet.models.State` for a made-up person who
has practised networking for ``years`` years up to ``end``: contacts with organisations,
tags and mutual-value notes; activities of every default kind with gave / asked / mutual
directions; morning and evening check-ins; journal entries in prose; weekly reviews.
It also contains the situations the coaching engine must notice: days over the cap or
the budget (each with an override reason), rest-day outreach, a bursty job-hunt month
after quiet weeks, one-sided contacts and contacts not seen for more than 180 days.

The same ``(years, seed, end)`` always gives the same JSON: every random choice comes
from one ``random.Random(seed)`` and ids are drawn from it (never ``uuid4``). Every
timestamp uses ``end.tzinfo``, never the machine's timezone. Nothing lies after ``end``
except follow-up dates. Scale: per year about 300 contacts, 1,500 activities, 300
journal entries, a morning check-in on most active days and a review for most weeks.

This module stands on :mod:`habitnet.models` and the standard library only.
"""

from __future__ import annotations

import functools
import itertools
import random
import unicodedata
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar

from habitnet.clock import DEMO_NOW
from habitnet.models import DEFAULT_KINDS, WEEKDAYS, ActivityKind, Settings, State, iso_week_of

__all__ = ["generate"]

T = TypeVar("T")

# -- vocabulary ----------------------------------------------------------------------

# (first names, family names) per naming culture; a few names carry accents on purpose.
_CULTURES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("James", "Emily", "Olivia", "Michael", "Sarah", "Daniel", "Hannah", "Thomas",
         "Grace", "Ryan", "Megan", "Chris", "Rachel", "Ben", "Laura", "Sam", "Kate", "Alice"),
        ("Smith", "Johnson", "Walker", "Bennett", "Harris", "Clarke", "Turner", "Hughes",
         "Foster", "Reid", "Murphy", "Brooks", "Ellis", "Morgan", "Hayes", "Carter"),
    ),
    (
        ("José", "María", "Lucía", "Carlos", "Javier", "Sofía", "Diego", "Camila", "Andrés",
         "Valentina", "Mateo", "Elena", "Alejandro", "Paula", "Rafael"),
        ("García", "Martínez", "López", "Hernández", "González", "Rodríguez", "Pérez",
         "Sánchez", "Ramírez", "Torres", "Flores", "Ortiz", "Castillo", "Núñez"),
    ),
    (
        ("Chloé", "Théo", "Camille", "Léa", "Hugo", "Amélie", "Mathieu", "Céline", "Julien",
         "Manon", "Étienne", "Margaux"),
        ("Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Fournier", "Rousseau",
         "Bonnet", "Mercier", "Chevalier", "Faure"),
    ),
    (
        ("Jürgen", "Anja", "Lukas", "Katrin", "Felix", "Sophie", "Jonas", "Lena", "Zoë",
         "Maarten", "Sanne", "Niels", "Friederike"),
        ("Müller", "Schmidt", "Becker", "Wagner", "Hoffmann", "Schäfer", "de Vries",
         "van Dijk", "Bakker", "Jansen", "Vogel", "Koch"),
    ),
    (
        ("Łukasz", "Agnieszka", "Katarzyna", "Piotr", "Marta", "Tomasz", "Zofia", "Michał",
         "Ewa", "Paweł", "Dmitri", "Ivana", "Milan"),
        ("Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska",
         "Zieliński", "Novák", "Petrović", "Horvat", "Dvořák"),
    ),
    (
        ("Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Neha", "Aditya", "Meera",
         "Rahul", "Divya", "Sanjay", "Ishaan"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Desai", "Menon", "Rao",
         "Kapoor", "Banerjee", "Chatterjee"),
    ),
    (
        ("Wei", "Li Na", "Jun", "Mei", "Hao", "Xiaoling", "Yifan", "Jing", "Tao", "Ling",
         "Zhiwei"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu"),
    ),
    (
        ("Yuki", "Haruto", "Aiko", "Kenji", "Sakura", "Ren", "Min-jun", "Ji-woo",
         "Seo-yeon", "Hyun", "Daiki", "Eun-ji"),
        ("Tanaka", "Suzuki", "Sato", "Watanabe", "Nakamura", "Kobayashi", "Kim", "Park",
         "Lee", "Choi", "Yamamoto"),
    ),
    (
        ("Chinedu", "Ngozi", "Oluwaseun", "Amara", "Kwame", "Abena", "Tunde", "Adaeze",
         "Kofi", "Wanjiru", "Emeka", "Zainab", "Folake"),
        ("Okafor", "Adeyemi", "Mensah", "Okonkwo", "Boateng", "Nwosu", "Balogun", "Kamau",
         "Owusu", "Eze", "Achieng"),
    ),
    (
        ("Omar", "Layla", "Yusuf", "Fatima", "Karim", "Nour", "Elif", "Emre", "Ayşe",
         "Mehmet", "Darius", "Shirin", "Selin"),
        ("Haddad", "Khalil", "Mansour", "Nasser", "Yılmaz", "Demir", "Öztürk", "Kaya",
         "Rahimi", "Farahani", "Aydın"),
    ),
    (
        ("Björn", "Ingrid", "Sigrid", "Anders", "Freja", "Mikael", "Astrid", "Søren",
         "Linnea", "Erik", "Maja"),
        ("Andersson", "Johansson", "Nielsen", "Lindqvist", "Berg", "Halvorsen", "Sørensen",
         "Nyström", "Dahl", "Holm"),
    ),
    (
        ("João", "Ana", "Thiago", "Beatriz", "Gabriel", "Larissa", "Rafaela", "Luís", "Inês",
         "Caio"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira",
         "Gonçalves", "Ribeiro"),
    ),
    (
        ("Siobhán", "Niamh", "Seán", "Aoife", "Ciarán", "Eilidh", "Callum", "Róisín"),
        ("O'Brien", "Byrne", "McCarthy", "Kelly", "Doyle", "MacLeod", "Fraser", "Quinn"),
    ),
)  # fmt: skip

_ORGS = (
    "Northwind Analytics", "Brightline Health", "Kestrel Robotics", "Harbor & Finch",
    "Lumen Labs", "Cobalt Bank", "Tidewater Logistics", "Meridian Design Studio",
    "Fernleaf Foods", "Quill Education", "Atlas Climate", "Parallax Games",
    "Riverbend University", "Sable Security", "Orchid Biotech", "Pinecone Software",
    "Granite Capital", "Helix Genomics", "Copperleaf Consulting", "Blue Heron Media",
    "Saffron & Co.", "Nimbus Cloud", "Wayfarer Travel", "Evergreen Energy",
    "Mosaic Health Partners", "Lantern Nonprofit Tech", "Driftwood Studio", "Vantage Retail",
    "Polaris Mobility", "Juniper Legal", "Aurora Fintech", "Basalt Engineering",
    "Marigold Ventures", "Sparrow Robotics", "Cedar & Stone Architects", "Tessellate AI",
    "Open Seas Shipping", "Kinfolk Media", "Greenway Transit Authority", "Halcyon Insurance",
    "Bluebird Payments", "Tamarind Foods", "Ironwood Manufacturing", "Citrine Labs",
    "Palisade Research", "Waypoint Maps", "Hearth Housing Co-op", "Moonrise Books",
    "Universidad de Valparaíso", "Technische Hochschule Nordwest", "Code Club Collective",
    "freelance", "independent consultant",
)  # fmt: skip

_ROLES = (
    ("Senior Data Scientist", "data"), ("Engineering Manager", "engineering"),
    ("Product Designer", "design"), ("Technical Recruiter", "recruiter"),
    ("Founder", "founder"), ("VP of Product", "product"), ("Staff Engineer", "engineering"),
    ("UX Researcher", "design"), ("Community Manager", "community"),
    ("Head of Talent", "recruiter"), ("Developer Advocate", "community"),
    ("Analytics Lead", "data"), ("CTO", "engineering"), ("Illustrator", "design"),
    ("Professor of Computer Science", "research"), ("Programme Officer", "nonprofit"),
    ("Marketing Director", "marketing"), ("Solutions Architect", "engineering"),
    ("Account Executive", "client"), ("PhD candidate", "research"),
    ("Data Engineer", "data"), ("Product Manager", "product"), ("Partner", "investor"),
    ("Design Lead", "design"), ("Talent Partner", "recruiter"),
    ("Machine Learning Engineer", "data"), ("Operations Lead", "operations"),
    ("Head of Customer Success", "client"), ("Open-source maintainer", "open-source"),
)  # fmt: skip

_EXTRA_TAGS = (
    "mentor", "alumni", "client", "former-colleague", "friend", "speaker", "hiring",
    "open-source", "investor", "climate", "remote", "local", "mentee",
)  # fmt: skip

_MET = (
    "PyCon {y}", "EuroPython {y}", "former colleague at {org}", "alumni network",
    "university friend", "intro from a friend", "local Python meetup", "design meetup",
    "LinkedIn — they reached out", "Slack community", "hackathon {y}",
    "conference panel {y}", "volunteering at Code Club", "client project",
    "mentoring programme", "Startup Weekend {y}", "DataConf {y}", "book club",
    "cold email", "podcast guest swap", "alumni mixer {y}", "neighbour",
)  # fmt: skip

_THEY_NEED = (
    "A senior backend engineer for their payments team",
    "Feedback on their conference talk draft",
    "Beta users for their analytics tool",
    "Intros to climate-tech investors",
    "Someone to co-organise the spring meetup",
    "Advice on moving from academia into industry",
    "Candidates who know Rust",
    "A designer for a short contract",
    "Reviewers for their open-source docs",
    "Speakers for the monthly data meetup",
    "A reference for their visa application",
    "Leads for their consulting practice",
    "Mentors for their bootcamp graduates",
    "A second opinion on their pricing page",
)

_I_CAN_OFFER = (
    "An intro to {other}",
    "Notes from my own job search",
    "Code review on their pandas migration",
    "A warm intro to the PyCon programme committee",
    "Feedback on their portfolio",
    "My hiring rubric and interview questions",
    "A guest slot in our team newsletter",
    "Help testing the accessibility of their app",
    "Pointers on freelance pricing",
    "A reading list on {topic}",
    "Introductions at {org}",
    "A practice interview before their loop",
)

_THEY_OFFER = (
    "Knows everyone in the local design scene",
    "Deep expertise in data engineering at scale",
    "A hiring manager's perspective",
    "Can introduce me to the product leads at {org}",
    "Honest feedback on my writing",
    "Speaking opportunities at their meetup",
    "Mentoring on becoming a manager",
    "An inside view of the climate-tech market",
    "Years of experience in {field}",
    "A strong network among recruiters",
)

_FIELDS = (
    "data engineering", "design research", "hiring", "fundraising", "developer relations",
    "public-sector IT", "healthcare data", "B2B sales", "technical writing",
)  # fmt: skip

_TOPICS = (
    "moving from analytics into product", "hiring for a platform team",
    "a PyCon talk proposal", "mentoring junior designers", "open-source maintenance",
    "pricing a consulting engagement", "remote onboarding", "data contracts",
    "accessibility audits", "the switch to a four-day week", "writing better READMEs",
    "learning Rust", "design systems", "managing a first team", "career breaks",
    "public speaking nerves", "grant applications", "machine-learning in production",
    "negotiating an offer", "community moderation", "salary transparency",
    "climate-tech funding", "technical interviews", "freelancing taxes",
)  # fmt: skip

_COMMUNITIES = (
    "the Python Discord", "the local data Slack", "the design systems forum",
    "the alumni LinkedIn group", "r/ExperiencedDevs", "the women-in-tech Slack",
    "the climate-tech community", "the Mastodon dev crowd", "the meetup's mailing list",
)  # fmt: skip

_EVENTS = (
    "PyCon {y}", "EuroPython {y}", "the data meetup", "DesignOps Summit {y}",
    "the alumni mixer", "Product Camp {y}", "a climate-tech demo night",
    "the women-in-tech breakfast", "a startup pitch night", "the open-source sprint",
)  # fmt: skip

_VOLUNTEER = (
    "Code Club", "the CV clinic at the library", "the bootcamp's mock interviews",
    "the meetup's newcomer table", "a Django Girls workshop", "the mentoring programme",
)  # fmt: skip

_PLACES = ("the station", "their office", "the canal", "the market hall", "the library café")

_INSIGHTS = (
    "the best hires still come from referrals",
    "their team reads every cover letter",
    "good portfolios show the messy middle, not just the polished end",
    "most managers would rather get a short specific question than a long one",
    "they regret not keeping in touch with their old team",
    "side projects mattered less in their hiring than writing samples",
    "the market is slow but not frozen",
    "they found their current job through a community Slack",
)

_ORG_NEWS = (
    "opening an office in Lisbon",
    "hiring two data engineers in the spring",
    "rebuilding their design system from scratch",
    "winding down the consulting arm",
    "launching a mentoring programme",
    "moving to a new pricing model",
    "going fully remote",
    "merging two product teams",
)

_LESSONS = (
    "Asking a specific question gets a much better answer than 'can I pick your brain'.",
    "{org} values writing samples over whiteboard interviews.",
    "Most people are happy to help when the ask is small and clear.",
    "A two-line thank-you does more than I think.",
    "I don't need a reason to say hello; 'I thought of you when I read this' is enough.",
    "Listening for what they need is more useful than pitching what I want.",
    "Energy matters: I'm better at this in the morning.",
    "{first} gets far more messages than I imagined; short is kind.",
    "The quiet contacts are often the most generous ones.",
)

_FEELINGS = (
    "lighter than I expected",
    "energised",
    "a bit drained but glad I went",
    "grateful",
    "more confident",
    "unsure, but curious",
    "calm",
)

# Journal entries on days without a conversation: an opener, then a thought.
_SOLO_OPENERS = {
    "holiday": (
        "On holiday and deliberately offline.",
        "Away this week; no outreach and no guilt about it.",
        "Holiday. The phone stayed in the drawer most of the day.",
        "Still on leave. I read a long essay on {topic} by the sea.",
    ),
    "quiet": (
        "Another quiet day. I keep telling myself I'll reach out when things calm down.",
        "Work swallowed the whole day again; no outreach.",
        "Nothing sent today. The longer I wait, the harder the first message gets.",
        "Quiet week. I drafted a note to an old colleague and didn't send it.",
    ),
    "community": (
        "Only posted in {community} today, about {topic}. Small, but it counts.",
        "A single comment in {community} on {topic}; someone replied within the hour.",
        "Kept the streak with one post in {community} about {topic}.",
    ),
    "rest": (
        "Rest day. No outreach, just a long walk.",
        "Day off from networking: cooked, read, slept early.",
        "Rest day, and I needed it.",
        "No messages today on purpose. Spent the afternoon reading about {topic}.",
        "Quiet Sunday-style day: tidied my contact notes instead of writing to anyone.",
    ),
}
_SOLO_THOUGHTS = (
    "I notice I'm more generous in conversations after a proper day off.",
    "Felt {feeling} by the evening.",
    "I keep coming back to {topic}; maybe that's the thread for next month's conversations.",
    "Small and steady beats big and rare — I want to remember that on busy weeks.",
    "Wrote down three people I'd like to hear from again, without asking them for anything.",
    "Energy is coming back slowly.",
    "Next week I'd like to give before I ask.",
)

_CHECKIN_MORNING_NOTES = (
    "Slept well.", "Slow start.", "Busy day at work ahead.", "Feeling good about this week.",
    "A bit anxious about the coffee later.", "Low battery — keeping it light.",
    "Run before breakfast helped.", "Kids were up at night.",
)  # fmt: skip

_CHECKIN_EVENING_NOTES = (
    "Tired but good.", "Too many calls today.", "Nice conversations.",
    "Should have stopped earlier.", "Quiet day, that's fine.", "Proud of the intro I made.",
    "Social battery empty.",
)  # fmt: skip

_OVERRIDE_CAP = (
    "Conference day — planned for it",
    "Alumni mixer follow-ups while names are fresh",
    "Two intros that couldn't wait",
    "Catching up after a week off",
)
_OVERRIDE_BUDGET = (
    "Conference day — planned for it",
    "Worth it: long-awaited coffee, lighter day tomorrow",
    "Offsite with the community team; I'll rest tomorrow",
    "Promised to volunteer weeks ago",
)
_OVERRIDE_REST = (
    "Sunday, but they are only in town today",
    "Quick thank-you that couldn't wait until Monday",
    "Volunteering at the weekend meetup I signed up for",
    "Friend's launch party — promised to be there",
)
_OVERRIDE_BURST = (
    "Job-hunt push — I know, I'll rest on Sunday",
    "Application deadline on Friday; need these referrals now",
    "Interview loop next week, asking for practice calls",
)

# Kind weights: cheap kinds dominate, as in real practice.
_KIND_WEIGHTS = {
    "message": 34,
    "follow-up": 22,
    "community post": 12,
    "introduction": 6,
    "call": 11,
    "coffee": 7,
    "informational interview": 4,
    "volunteering": 2,
    "event": 2,
}
_DIRECTION_BY_KIND = {  # gave, asked, mutual
    "message": (45, 25, 30),
    "follow-up": (45, 20, 35),
    "community post": (60, 20, 20),
    "introduction": (75, 15, 10),
    "call": (25, 25, 50),
    "coffee": (20, 20, 60),
    "informational interview": (25, 60, 15),
    "volunteering": (85, 0, 15),
    "event": (20, 20, 60),
}

_KINDS = tuple(_KIND_WEIGHTS)
_KINDS_CUM = tuple(itertools.accumulate(float(w) for w in _KIND_WEIGHTS.values()))
_DIRECTIONS = ("gave", "asked", "mutual")
_DIRECTION_CUM = {
    k: tuple(itertools.accumulate(float(w) for w in ws)) for k, ws in _DIRECTION_BY_KIND.items()
}
_COSTS = {k.name: k.cost for k in DEFAULT_KINDS}
REPLY_KIND = ActivityKind(name="reply", cost=0, counts_toward_quota=False)
_REPLY_NOTES = (
    "Answered {name}'s question about my last project",
    "Replied to {name} with the article I mentioned",
    "Thanked {name} for the quick reply",
    "Sent {name} the link to the meetup",
    "Answered {name} about the open role",
    "Replied to {name}'s congratulations",
)
_MEETINGS = {k.name for k in DEFAULT_KINDS if k.meeting}


# Letters that Unicode does not decompose into an ASCII base letter plus a mark.
_NO_DECOMPOSE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ı": "i", "đ": "d", "æ": "ae", "'": ""}
)


@functools.cache
def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSE))
    folded = folded.encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch in "-. ").strip()


@functools.cache
def _slug(text: str) -> str:
    return "-".join(_ascii(text).replace(".", " ").split())


class _Gen:
    """One generation run: the rng, the settings, and what has been built so far."""

    def __init__(self, years: float, seed: int, end: datetime) -> None:
        self.rng = random.Random(seed)
        self.end = end
        self.tz: tzinfo = end.tzinfo  # type: ignore[assignment]
        self.today = end.date()
        # The demo user added a kind of their own: answering someone who wrote first
        # costs next to nothing and is not outreach, so it does not count toward the quota.
        self.settings = Settings(activity_kinds=[*DEFAULT_KINDS, REPLY_KIND])
        self.n_days = max(1, round(years * 365.25))
        self.start = self.today - timedelta(days=self.n_days - 1)
        self.years = self.n_days / 365.25
        self.used_ids: set[str] = set()
        self.contacts: list[dict[str, Any]] = []
        self.activities: list[dict[str, Any]] = []
        self.checkins: list[dict[str, Any]] = []
        self.journal: list[dict[str, Any]] = []
        self.reviews: list[dict[str, Any]] = []

    # -- small helpers ---------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        while True:
            new = f"{prefix}-{self.rng.getrandbits(48):012x}"
            if new not in self.used_ids:
                self.used_ids.add(new)
                return new

    def _at(self, day: date, minutes: int) -> datetime:
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.tz)

    def _pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]

    def _weighted(self, items: tuple[str, ...], cum: tuple[float, ...]) -> str:
        return items[bisect_right(cum, self.rng.random() * cum[-1])]

    # -- contacts --------------------------------------------------------------------

    def make_contacts(self) -> None:
        rng = self.rng
        n = max(12, round(300 * self.years))
        # About a sixth of the network already exists on day one (an imported address
        # book); the rest is met along the way, a little more often in busy seasons.
        created: list[int] = []
        s0 = self.start.toordinal()
        for i in range(n):
            if i < n // 6:
                created.append(s0)
            else:
                created.append(s0 + int(rng.random() * self.n_days))
        created.sort()
        names: set[str] = set()
        end_ord = self.today.toordinal()
        self.c_created = created
        self.c_until: list[int] = []
        self.c_weight: list[float] = []
        self.c_one_sided: list[bool] = []
        self.c_first: list[str] = []
        self.c_org: list[str] = []
        self.c_last_seen: list[int] = [0] * n
        self.c_cadence: list[int] = []
        for cord in created:
            firsts, lasts = _CULTURES[int(rng.random() * len(_CULTURES))]
            if rng.random() < 0.15:  # mixed-heritage names are common
                _, lasts = _CULTURES[int(rng.random() * len(_CULTURES))]
            first = self._pick(firsts)
            last = self._pick(lasts)
            name = f"{first} {last}"
            while name in names:
                name = f"{first} {chr(65 + int(rng.random() * 26))}. {last}"
            names.add(name)
            org = self._pick(_ORGS)
            role, role_tag = _ROLES[int(rng.random() * len(_ROLES))]
            if org in ("freelance", "independent consultant"):
                role = role.replace("Senior ", "").replace("Head of ", "")
            year = date.fromordinal(cord).year
            met = self._pick(_MET).format(y=year, org=self._pick(_ORGS[:40]))
            tags = [role_tag]
            for _ in range(int(rng.random() * 3)):
                tags.append(self._pick(_EXTRA_TAGS))
            if "alumni" in met:
                tags.append("alumni")
            if "colleague" in met:
                tags.append("former-colleague")
            r = rng.random()
            priority = 1 if r < 0.15 else 2 if r < 0.65 else 3
            cadence = self._pick((14, 21, 30, 30, 30, 45, 60, 60, 90))
            if priority == 1:
                cadence = min(cadence, 30)
            elif priority == 3:
                cadence = self._pick((60, 90, 90, 120, 180))
            # When (if ever) this relationship fades: after that day no interactions.
            r = rng.random()
            archived = r < 0.03
            one_sided = (not archived) and 0.03 <= r < 0.08
            if archived or rng.random() < 0.22:
                until = cord + 20 + int(rng.random() * 400)
            else:
                until = end_ord + 1
            age = end_ord - cord
            if until < end_ord - 180:
                stage = "dormant" if rng.random() < 0.6 else "active"
            elif age < 45:
                stage = "new"
            elif priority == 1 and rng.random() < 0.6:
                stage = "close"
            else:
                stage = "active"
            domain_base = "".join(_ascii(org).replace("&", "").split())
            contact: dict[str, Any] = {
                "id": self._id("c"),
                "name": name,
                "organisation": "" if org == "independent consultant" else org,
                "role": role,
                "met": met,
                "tags": tags,
                "priority": priority,
                "cadence_days": cadence,
                "stage": stage,
                "created": date.fromordinal(cord),
                "archived": archived,
            }
            local = f"{_slug(first)}.{_slug(last)}".replace("-", "")
            if rng.random() < 0.7:
                if org in ("freelance", "independent consultant") or rng.random() < 0.2:
                    domain = self._pick(("fastmail.com", "proton.me", "gmail.com", "posteo.de"))
                else:
                    domain = domain_base + self._pick((".com", ".io", ".org", ".co"))
                contact["emails"] = [f"{local}@{domain}"]
            if rng.random() < 0.6:
                contact["linkedin_url"] = (
                    f"https://www.linkedin.com/in/{_slug(first)}-{_slug(last)}-"
                    f"{rng.getrandbits(24):06x}"
                )
            if rng.random() < 0.18:
                contact["phones"] = [
                    f"+{self._pick((1, 31, 33, 34, 44, 48, 49, 91))} "
                    f"{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                ]
            topic = self._pick(_TOPICS)
            if rng.random() < 0.7 or one_sided:
                contact["they_need"] = self._pick(_THEY_NEED)
            if rng.random() < 0.65:
                other = self._pick(_CULTURES[int(rng.random() * len(_CULTURES))][0])
                contact["i_can_offer"] = self._pick(_I_CAN_OFFER).format(
                    other=other, topic=topic, org=self._pick(_ORGS[:48])
                )
            if rng.random() < 0.6:
                contact["they_offer"] = self._pick(_THEY_OFFER).format(
                    org=self._pick(_ORGS[:48]), field=self._pick(_FIELDS)
                )
            if rng.random() < 0.25:
                contact["notes"] = self._pick(
                    (
                        f"Interested in {topic}.",
                        "Prefers email over LinkedIn.",
                        "Two kids; don't suggest early-morning calls.",
                        f"Writes a newsletter about {topic}.",
                        "Met again at a friend's birthday.",
                        "Time zone is six hours ahead.",
                        "Likes specific questions; dislikes 'pick your brain'.",
                    )
                )
            if one_sided and "recruiter" not in tags and rng.random() < 0.5:
                tags.append("hiring")
            self.contacts.append(contact)
            self.c_until.append(until)
            self.c_cadence.append(cadence)
            self.c_weight.append({1: 1.0, 2: 0.55, 3: 0.25}[priority])
            self.c_one_sided.append(one_sided)
            self.c_first.append(first)
            self.c_org.append(contact["organisation"] or "their own practice")

    def pick_contact(self, day_ord: int, exclude: list[int]) -> int | None:
        """A contact known on ``day_ord`` who is still in touch, weighted by priority."""
        rng = self.rng
        pool = bisect_right(self.c_created, day_ord)
        if pool == 0:
            return None
        recent_lo = bisect_right(self.c_created, day_ord - 60)
        # Someone who follows the plan mostly reaches out to contacts whose follow-up
        # is due: try those first, then anyone.
        if rng.random() < 0.75:
            for _ in range(60):
                i = int(rng.random() * pool)
                last = self.c_last_seen[i]
                if (
                    i not in exclude
                    and self.c_until[i] >= day_ord
                    and last
                    and day_ord - last >= self.c_cadence[i]
                ):
                    return i
        for _ in range(40):
            if pool > recent_lo and rng.random() < 0.35:
                i = recent_lo + int(rng.random() * (pool - recent_lo))
            else:
                i = int(rng.random() * pool)
            if i in exclude or self.c_until[i] < day_ord:
                continue
            if rng.random() < self.c_weight[i]:
                return i
        return None

    # -- one activity ----------------------------------------------------------------

    def note_for(self, kind: str, direction: str, idx: list[int], year: int, burst: bool) -> str:
        first = self.c_first[idx[0]] if idx else "them"
        org = self.c_org[idx[0]] if idx else "the team"
        first2 = self.c_first[idx[1]] if len(idx) > 1 else "a friend"
        topic = self._pick(_TOPICS)
        if burst and direction == "asked":
            return self._pick(
                (
                    f"Asked {first} whether {org} is hiring",
                    f"Asked {first} for a referral at {org}",
                    f"Asked {first} to look over my CV",
                    f"Asked {first} about the opening on their team",
                    f"Asked {first} for a practice interview",
                )
            )
        if kind == "message":
            if direction == "gave":
                return self._pick(
                    (
                        f"Sent {first} the article on {topic} I mentioned",
                        f"Congratulated {first} on the new role at {org}",
                        f"Shared a job post with {first} that fits them",
                        f"Told {first} their talk on {topic} helped me",
                    )
                )
            if direction == "asked":
                return self._pick(
                    (
                        f"Asked {first} for feedback on {topic}",
                        f"Asked {first} whether {org} is hiring",
                        f"Asked {first} for a recommendation",
                    )
                )
            return f"Caught up with {first} about {topic}"
        if kind == "follow-up":
            if direction == "asked":
                return f"Nudged {first} about the referral"
            return self._pick(
                (
                    f"Followed up with {first} on {topic}",
                    f"Sent {first} the slides as promised",
                    f"Checked in with {first} after their launch",
                )
            )
        if kind == "community post":
            community = self._pick(_COMMUNITIES)
            if direction == "gave":
                return self._pick(
                    (
                        f"Answered a question about {topic} in {community}",
                        f"Posted my notes on {topic} to {community}",
                    )
                )
            if direction == "asked":
                return f"Asked {community} for advice on {topic}"
            return f"Long thread in {community} about {topic}"
        if kind == "introduction":
            if direction == "asked":
                return f"Asked {first} to introduce me to someone at {org}"
            return f"Introduced {first} to {first2}: both working on {topic}"
        if kind == "call":
            if direction == "asked":
                return f"Call with {first}: asked about the team at {org}"
            return f"Half-hour call with {first} about {topic}"
        if kind == "coffee":
            return self._pick(
                (
                    f"Coffee with {first} near {self._pick(_PLACES)}",
                    f"Coffee with {first}; talked about {topic}",
                )
            )
        if kind == "informational interview":
            if direction == "gave":
                return f"Gave an informational interview to {first} on {topic}"
            return f"Informational interview with {first} about life at {org}"
        if kind == "volunteering":
            return self._pick(
                (f"Mentored at {self._pick(_VOLUNTEER)}", "Reviewed CVs for career changers")
            )
        event = self._pick(_EVENTS).format(y=year)
        if idx:
            met = ", ".join(self.c_first[i] for i in idx)
            return f"{event[0].upper()}{event[1:]}: talked with {met}"
        return f"Went to {event}"

    # -- the timeline ----------------------------------------------------------------

    def simulate(self) -> None:
        rng = self.rng
        s = self.settings
        rest = set(s.rest_weekdays)
        start_ord, end_ord = self.start.toordinal(), self.today.toordinal()

        # Special periods: job-hunt bursts after quiet weeks, and holidays.
        burst_days: dict[int, int] = {}  # day -> days since the burst began
        quiet_days: set[int] = set()
        recovery_days: set[int] = set()
        n_bursts = max(1, round(self.years / 4)) if self.n_days >= 120 else 0
        for b in range(n_bursts):
            centre = start_ord + int(self.n_days * (b + 0.6) / n_bursts)
            b0 = min(centre, end_ord - 45)
            b0 -= date.fromordinal(b0).weekday()  # "from Monday, I'm job hunting"
            burst_days.update((d, d - b0) for d in range(b0, b0 + 28))
            # Eight near-silent weeks first, so the burst stands out against its average.
            quiet_days.update(range(b0 - 56, b0))
            # … and a light week after it: the burnout guard's recovery mode.
            recovery_days.update(range(b0 + 28, b0 + 35))
        holiday: set[int] = set()
        for y in range(self.start.year, self.today.year + 1):
            for m, d in ((12, 23), (8, 4)):
                h0 = date(y, m, d).toordinal()
                if start_ord + 14 < h0 and h0 + 9 < end_ord - 14:
                    span = range(h0, h0 + 9)
                    if not any(
                        x in burst_days or x in quiet_days or x in recovery_days for x in span
                    ):
                        holiday.update(span)
        # One big conference a year, a planned day over the cap and the budget.
        conference: set[int] = set()
        for y in range(self.start.year, self.today.year + 1):
            c0 = date(y, 5, 12).toordinal() + int(rng.random() * 120)
            c0 -= date.fromordinal(c0).weekday() - 3  # a Thursday
            for when in (c0, c0 + 63, c0 - 63, c0 + 126):  # clear of the special periods
                special = (burst_days, quiet_days, recovery_days, holiday)
                if start_ord <= when < end_ord and not any(when in p for p in special):
                    conference.add(when)
                    break

        # The limits mirror the coaching rules, so that every activity that broke one
        # carries an override reason: budget scaled by the morning check-in minus debt,
        # weekly budget, cap (a review may change next week's), rest days and streaks.
        debt = 0
        week_spent = 0
        week_over = 0
        week_high = 0
        streak = 0
        cap = next_cap = s.daily_cap
        week_acts: list[tuple[str, list[int], str]] = []
        thank_yous: deque[tuple[int, list[int], str]] = deque()
        recent: deque[int] = deque(maxlen=60)

        for day_ord in range(start_ord, end_ord + 1):
            day = date.fromordinal(day_ord)
            wd = day.weekday()
            is_today = day_ord == end_ord
            if wd == 0:
                week_spent = week_over = week_high = 0
                week_acts = []
                cap, next_cap = next_cap, s.daily_cap
            in_burst = day_ord in burst_days
            is_rest = wd in rest or streak >= s.max_active_streak
            mode = (
                "holiday"
                if day_ord in holiday
                else "quiet"
                if day_ord in quiet_days
                else "burst"
                if in_burst
                else "recovery"
                if day_ord in recovery_days
                else "normal"
            )

            # Morning check-in.
            energy = min(5, max(1, round(rng.gauss(3.9, 0.8))))
            if mode == "quiet":
                energy = max(1, energy - 1)
            if in_burst and burst_days[day_ord] >= 14:  # the push wears on
                energy = max(1, energy - (1 if burst_days[day_ord] < 21 else 2))
            p_checkin = {"holiday": 0.15, "quiet": 0.5}.get(mode, 0.35 if is_rest else 0.88)
            checked_in = is_today or rng.random() < p_checkin
            if checked_in:
                mood = min(5, max(1, energy + self._pick((-1, 0, 0, 0, 1))))
                ch: dict[str, Any] = {"day": day, "energy": energy, "mood": mood}
                if rng.random() < 0.3:
                    ch["note"] = self._pick(_CHECKIN_MORNING_NOTES)
                self.checkins.append(ch)
            scale = s.energy_scale[energy] if checked_in else 1.0
            scaled = int(s.daily_budget * scale + 0.5)
            budget = max(0, scaled - debt)

            # How many actions today, and which limits may be deliberately broken.
            reason: str | None = None
            if is_today:
                minutes_now = self.end.hour * 60 + self.end.minute
                n = 0 if is_rest or minutes_now < 10 else self._pick((1, 2))
            elif mode == "holiday":
                n = 0
            elif is_rest:
                if rng.random() < 0.07 and mode == "normal":
                    n = self._pick((1, 1, 2))
                    reason = self._pick(_OVERRIDE_REST)
                elif mode == "burst" and rng.random() < 0.5:
                    n = self._pick((1, 2))
                    reason = self._pick(_OVERRIDE_BURST)
                else:
                    n = 0
            elif mode == "quiet":
                n = 1 if rng.random() < 0.2 else 0
            elif mode == "recovery":
                n = self._pick((0, 1, 1, 2))
            elif mode == "burst":
                n = 5
                # Late in the push the burnout guard would be in recovery mode (cap
                # halved): those days are deliberate overrides too.
                if burst_days[day_ord] >= 14:
                    reason = self._pick(_OVERRIDE_BURST)
                if rng.random() < 0.45:
                    n = self._pick((6, 7))
                    reason = self._pick(_OVERRIDE_BURST)
            elif day_ord in conference:
                n = self._pick((6, 7, 8))
                reason = _OVERRIDE_CAP[0]
            elif rng.random() < 0.025:
                n = 0  # life happens
            elif rng.random() < 0.03:
                n = self._pick((6, 7, 8))
                reason = self._pick(_OVERRIDE_CAP)
            else:
                r = rng.random()
                n = 2 if r < 0.03 else 3 if r < 0.1 else 4 if r < 0.28 else 5
                if rng.random() < 0.02:
                    reason = self._pick(_OVERRIDE_BUDGET)

            # Times of day, earliest first; today stays before ``end``.
            if is_today:
                lo = max(0, minutes_now - 150)
                times = sorted(lo + int(rng.random() * (minutes_now - lo)) for _ in range(n))
            else:
                times = sorted(7 * 60 + 30 + int(rng.random() * 13 * 60) for _ in range(n))

            spent = 0
            quota = 0
            week_spent_before, week_high_before = week_spent, week_high
            todays: list[dict[str, Any]] = []
            day_acts: list[tuple[str, list[int], str]] = []
            for k in range(n):
                # A thank-you after a recent meeting comes first, if one is pending.
                while thank_yous and thank_yous[0][0] < day_ord - s.thank_you_days:
                    thank_yous.popleft()
                idx: list[int]
                if thank_yous and rng.random() < 0.85:
                    _, idx, met_kind = thank_yous.popleft()
                    kind = "follow-up"
                    thanks: str | None = met_kind
                else:
                    thanks = None
                    kind = self._weighted(_KINDS, _KINDS_CUM)
                    if mode == "burst" and kind in ("volunteering", "community post"):
                        kind = "message"
                    if mode == "recovery" and _COSTS[kind] >= s.high_cost_threshold:
                        kind = "message"
                    if reason == _OVERRIDE_CAP[0] and k == 0:
                        kind = "event"
                    idx = []
                cost = _COSTS[kind]
                if rng.random() < 0.05:  # a long message, a short call …
                    cost = cost + 1 if cost <= 1 else cost + self._pick((-1, 1))
                broke: list[str] = []
                if quota >= cap:
                    broke.append("cap")
                if spent + cost > budget or week_spent + cost > s.weekly_budget:
                    broke.append("budget")
                high = cost >= s.high_cost_threshold
                if high and week_high >= s.high_cost_per_week:
                    broke.append("high")
                if is_rest:
                    broke.append("rest")
                if broke and reason is None:
                    # Stay within the limits: fall back to a cheap message, or stop.
                    if "cap" in broke or "rest" in broke:
                        break
                    kind, cost = "message", 1
                    thanks = None
                    if spent + cost > budget or week_spent + cost > s.weekly_budget:
                        break
                    high = False
                    broke = []
                # Contacts involved.
                if not idx:
                    want = {
                        "community post": 1 if rng.random() < 0.2 else 0,
                        "introduction": 2,
                        "volunteering": 1 if rng.random() < 0.4 else 0,
                        "event": self._pick((1, 2, 2, 3)),
                    }.get(kind, 1)
                    if kind == "follow-up" and recent and rng.random() < 0.7:
                        i = recent[int(rng.random() * len(recent))]
                        if self.c_until[i] >= day_ord:
                            idx.append(i)
                    while len(idx) < want:
                        c = self.pick_contact(day_ord, idx)
                        if c is None:
                            break
                        if kind == "introduction" and self.c_one_sided[c]:
                            continue
                        idx.append(c)
                # Direction.
                if any(self.c_one_sided[i] for i in idx):
                    direction = "asked"
                elif thanks:
                    direction = "gave"
                elif mode == "burst" and kind != "introduction":
                    direction = self._weighted(_DIRECTIONS, (10, 90, 100))
                else:
                    direction = self._weighted(_DIRECTIONS, _DIRECTION_CUM[kind])
                minutes = times[k]
                if kind == "event" and not is_today:
                    minutes = 18 * 60 + int(rng.random() * 90)
                elif kind == "coffee" and not is_today and rng.random() < 0.6:
                    minutes = 8 * 60 + int(rng.random() * 5 * 60)
                act: dict[str, Any] = {
                    "id": self._id("a"),
                    "at": self._at(day, minutes),
                    "kind": kind,
                    "contact_ids": [self.contacts[i]["id"] for i in idx],
                    "cost": cost,
                }
                if idx:  # a direction belongs to a person
                    act["direction"] = direction
                if thanks:
                    act["note"] = f"Thank-you note to {self.c_first[idx[0]]} after our {thanks}"
                elif rng.random() < 0.75:
                    act["note"] = self.note_for(kind, direction, idx, day.year, in_burst)
                if (kind in _MEETINGS or rng.random() < 0.12) and rng.random() < 0.35:
                    act["follow_up"] = day + timedelta(days=rng.randint(3, 30))
                todays.append(act)
                day_acts.append((kind, idx, direction))
                spent += cost
                week_spent += cost
                quota += 1
                if high:
                    week_high += 1
                for i in idx:
                    self.c_last_seen[i] = day_ord
                    recent.append(i)
                if kind in _MEETINGS and rng.random() < 0.8:
                    thanked = [i for i in idx if not self.c_one_sided[i]][:1]
                    if thanked:
                        thank_yous.append((day_ord, thanked, kind))

            if reason is not None:
                self.explain_overrides(
                    todays,
                    reason,
                    limits=(cap, budget, week_spent_before, week_high_before),
                    rest_day=is_rest,
                    recovery=in_burst and burst_days[day_ord] >= 14,
                )
            self.add_replies(todays, day, day_ord, is_rest, recent)
            self.activities.extend(todays)
            grown = max(0, week_spent - s.weekly_budget) - week_over
            week_over += grown
            debt = max(0, debt - scaled) + max(spent - budget, grown, 0)
            streak = streak + 1 if day_acts else 0
            week_acts.extend(day_acts)

            if is_today:
                continue
            # Evening check-in.
            if day_acts and rng.random() < 0.25:
                ev = min(5, max(1, energy - (1 if spent >= 7 else 0) + self._pick((-1, 0, 0))))
                ch = {"day": day, "kind": "evening", "energy": ev, "mood": min(5, ev + 1)}
                if rng.random() < 0.5:
                    ch["note"] = self._pick(_CHECKIN_EVENING_NOTES)
                self.checkins.append(ch)
            # Journal.
            if day_acts and rng.random() < 0.93:
                self.journal_entry(day, day_acts, in_burst, mode)
            elif not day_acts and rng.random() < (0.15 if mode == "holiday" else 0.5):
                self.journal_entry(day, [], in_burst, mode)
            # Weekly review on Sunday evening (or the Monday morning after).
            if wd == 6 and rng.random() < 0.9:
                next_cap = self.review(day, week_acts, in_burst) or s.daily_cap

    def explain_overrides(
        self,
        todays: list[dict[str, Any]],
        reason: str,
        limits: tuple[int, int, int, int],
        rest_day: bool,
        recovery: bool,
    ) -> None:
        """Give the day's reason to each activity that broke a limit, in time order."""
        s = self.settings
        cap, budget, week_spent, week_high = limits
        todays.sort(key=lambda a: a["at"])
        spent = 0
        for quota, act in enumerate(todays):
            cost = act["cost"]
            high = cost >= s.high_cost_threshold
            if (
                (recovery and (high or quota >= max(1, cap // 2)))
                or rest_day
                or quota >= cap
                or spent + cost > budget
                or week_spent + cost > s.weekly_budget
                or (high and week_high >= s.high_cost_per_week)
            ):
                act["override_reason"] = reason
            spent += cost
            week_spent += cost
            week_high += high

    # -- prose -----------------------------------------------------------------------

    def journal_entry(
        self, day: date, acts: list[tuple[str, list[int], str]], burst: bool, mode: str
    ) -> None:
        rng = self.rng
        pick = self._pick
        with_people = [a for a in acts if a[1]]
        tags: list[str] = []
        ids: list[str] = []
        parts: list[str] = []
        entry: dict[str, Any] = {"id": self._id("j"), "day": day}
        if not with_people:
            topic = pick(_TOPICS)
            key = mode if mode in ("holiday", "quiet") else "community" if acts else "rest"
            first = pick(_SOLO_OPENERS[key]).format(topic=topic, community=pick(_COMMUNITIES))
            second = pick(_SOLO_THOUGHTS).format(topic=pick(_TOPICS), feeling=pick(_FEELINGS))
            parts += [first, second]
            tags.append({"quiet": "reflection"}.get(key, key))
            entry["text"] = " ".join(parts)
            entry["tags"] = tags
            self.journal.append(entry)
            return
        kind, idx, direction = with_people[int(rng.random() * len(with_people))]
        i = idx[0]
        c = self.contacts[i]
        first, name, org, role = self.c_first[i], c["name"], self.c_org[i], c["role"]
        topic = pick(_TOPICS)
        when = self._pick(("this morning", "at lunch", "this afternoon", "after work", "today"))
        opener = {
            "coffee": f"Had coffee with {name} ({role} at {org}) {when}.",
            "call": f"Spent half an hour on a call with {name} from {org}.",
            "informational interview": (
                f"Informational interview with {name} about how {org} works."
            ),
            "event": (
                f"Went to {pick(_EVENTS).format(y=day.year)} and ended up talking with "
                f"{name} from {org}."
            ),
            "introduction": (
                f"Introduced {name} to {self.contacts[idx[-1]]['name']}; they are both deep "
                f"into {topic}."
            ),
            "volunteering": f"Volunteered at {pick(_VOLUNTEER)} {when}; {name} was there too.",
            "follow-up": f"Followed up with {name} after our last conversation.",
            "community post": f"{name} replied to my post in {pick(_COMMUNITIES)}.",
        }.get(kind, f"Wrote to {name} at {org} about {topic}.")
        parts.append(opener)
        r = rng.random()
        if r < 0.35:
            parts.append(f"We talked about {pick(_TOPICS)}; {first} said {pick(_INSIGHTS)}.")
        elif r < 0.6:
            parts.append(f"{first} mentioned that {org} is {pick(_ORG_NEWS)}.")
        elif r < 0.8:
            parts.append(f"It turns out we both care about {pick(_TOPICS)}.")
        else:
            parts.append(
                f"{first} asked how I approach {pick(_TOPICS)}, which made me realise I have "
                "more to offer than I think."
            )
        if burst:
            parts.append(
                self._pick(
                    (
                        "The job search is making me reach out to people I haven't spoken to "
                        "in months, and it feels awkward. I wish I had kept in touch when I "
                        "didn't need anything.",
                        "Another day of asking. Everyone has been kind, but I can feel how "
                        "one-sided this month is.",
                        "Too many asks in one day. I'm tired, and I'm not sure I listened well.",
                    )
                )
            )
            tags.append("job-hunt")
        else:
            parts.append(
                self._pick(
                    (
                        f"I left feeling {pick(_FEELINGS)}.",
                        "It cost more energy than I expected, so I kept the rest of the day light.",
                        "Short and easy: the kind of outreach I can keep doing every day.",
                        "Honestly I nearly cancelled, and I'm glad I didn't.",
                        f"Felt {pick(_FEELINGS)} afterwards.",
                    )
                )
            )
        others = [self.c_first[j] for a in with_people for j in a[1] if j != i]
        if others and rng.random() < 0.5:
            shown = ", ".join(dict.fromkeys(others[:3]))
            parts.append(f"Also heard from {shown}.")
        plan_day = WEEKDAYS[(day.weekday() + rng.randint(2, 5)) % 7]
        plan = self._pick(
            (
                f"send {first} the notes on {topic} by {plan_day}",
                f"check in with {first} in {rng.randint(2, 6)} weeks",
                f"introduce {first} to someone at {pick(_ORGS[:48])}",
                f"ask {first} what they need right now, and listen",
            )
        )
        if rng.random() < 0.6:
            parts.append(f"Next step: {plan}.")
        entry["text"] = " ".join(parts)
        if rng.random() < 0.7:
            entry["value_offered"] = self._pick(
                (
                    f"Shared my notes on {topic}.",
                    f"An intro to someone at {pick(_ORGS[:48])}.",
                    "Mostly listening, which they seemed to need.",
                    f"Feedback on {first}'s draft.",
                    "Not much this time, honestly.",
                )
            )
        if rng.random() < 0.65:
            entry["was_mutual"] = {
                "gave": f"Not yet — I gave more than I asked; {first} offered to return the "
                "favour.",
                "asked": "No. I mostly asked this time; next contact should be a give.",
                "mutual": f"Yes, both of us came away with something. {first} was generous.",
            }[direction]
        if rng.random() < 0.6:
            entry["learned"] = pick(_LESSONS).format(org=org, first=first)
        if rng.random() < 0.6:
            entry["follow_up_plan"] = plan[0].upper() + plan[1:] + "."
        tags.append(kind.replace(" ", "-"))
        tags.append(self._pick(("gratitude", "learning", "mentoring", "career", "energy")))
        seen_ids = [self.contacts[j]["id"] for a in with_people for j in a[1]]
        ids = list(dict.fromkeys([c["id"], *seen_ids[:3]]))
        entry["tags"] = tags
        entry["contact_ids"] = ids
        self.journal.append(entry)

    def review(
        self, sunday: date, acts: list[tuple[str, list[int], str]], burst: bool
    ) -> int | None:
        """Write the review of the week ending ``sunday``; return next week's cap, if set."""
        rng = self.rng
        monday = sunday - timedelta(days=6)
        n = len(acts)
        gave = sum(1 for a in acts if a[2] == "gave")
        asked = sum(1 for a in acts if a[2] == "asked")
        names = [self.contacts[i]["name"] for a in acts for i in a[1]]
        if n == 0:
            reflection = (
                "A quiet week with no outreach. I was away, or tired, and that's allowed. "
                "Starting small again on Monday."
            )
        else:
            if gave > asked:
                balance = "a generous week"
            elif asked > gave:
                balance = "more asking than giving, which I want to rebalance"
            else:
                balance = "nicely balanced"
            highlight = (
                f"the conversation with {self._pick(names)}" if names else "a good forum thread"
            )
            reflection = (
                f"{n} outreach action{'s' if n != 1 else ''} this week: {gave} "
                f"give{'s' if gave != 1 else ''} and {asked} ask{'s' if asked != 1 else ''} "
                f"— {balance}. "
                f"Highlight: {highlight}."
            )
            if burst:
                reflection += (
                    " This is the job-hunt burst I promised myself I'd avoid: weeks of silence, "
                    "then asking everyone at once."
                )
            elif rng.random() < 0.4:
                reflection += " " + self._pick(
                    (
                        "Sunday rest made Monday easier.",
                        "I skipped the evening check-ins; they help, so back to them.",
                        "Kept the daily habit even on busy days by sending one short message.",
                        "I went over budget once and felt it the next day.",
                    )
                )
        plan_names = list(dict.fromkeys(names))[:2]
        intentions = [
            "Keep it to three a day and protect Sunday.",
            "One give for every ask.",
            "Reconnect with two people I haven't spoken to since spring.",
            "Lighter week: I'm tired, so messages only.",
            f"Prepare for {self._pick(_EVENTS).format(y=sunday.year)}: list five people to meet.",
        ]
        if len(plan_names) == 2:
            intentions.append(f"Follow up with {plan_names[0]} and {plan_names[1]} by Wednesday.")
        review: dict[str, Any] = {
            "week": iso_week_of(monday),
            "reflection": reflection,
            "intention": self._pick(intentions),
        }
        if rng.random() < 0.1:
            target = self._pick((2, 3, 3, 4))
            review["next_daily_target"] = target
            review["next_daily_cap"] = max(target, self._pick((4, 5, 5)))
        written = self._at(sunday, 18 * 60 + int(rng.random() * 180))
        if rng.random() < 0.3:
            written = self._at(sunday + timedelta(days=1), 7 * 60 + int(rng.random() * 60))
        if written > self.end:
            written = self._at(sunday, 18 * 60)
        review["written_at"] = written
        self.reviews.append(review)
        cap: int | None = review.get("next_daily_cap")
        return cap

    def add_replies(
        self,
        todays: list[dict[str, Any]],
        day: date,
        day_ord: int,
        is_rest: bool,
        recent: Iterable[int],
    ) -> None:
        """Replies to people who wrote back after recent outreach (a custom kind)."""
        rng = self.rng
        if not todays or is_rest or rng.random() >= 0.6:
            return
        if any(a.get("override_reason") for a in todays):
            return  # a day that broke a limit gets no extra activity
        pool = [
            i for i in list(recent)[-12:] if self.c_until[i] >= day_ord and not self.c_one_sided[i]
        ]
        first: datetime = todays[0]["at"]
        for _ in range(1 if rng.random() < 0.7 else 2):
            if not pool:
                return
            i = pool[int(rng.random() * len(pool))]
            at = first - timedelta(minutes=5 + int(rng.random() * 120))
            if at.date() != day:
                return
            todays.append(
                {
                    "id": self._id("a"),
                    "at": at,
                    "kind": REPLY_KIND.name,
                    "contact_ids": [self.contacts[i]["id"]],
                    "direction": self._weighted(_DIRECTIONS, (40.0, 55.0, 100.0)),
                    "cost": 0,
                    "note": self._pick(_REPLY_NOTES).format(name=self.c_first[i]),
                }
            )
            self.c_last_seen[i] = day_ord


def generate(years: float = 1, seed: int = 7, end: datetime = DEMO_NOW) -> State:
    """A realistic, deterministic dataset covering ``years`` years up to ``end``.

    ``end`` must be timezone-aware; its ``tzinfo`` is used for every timestamp. The same
    arguments always give the same data (and the same JSON).
    """
    if end.tzinfo is None or end.utcoffset() is None:
        raise ValueError("end must be timezone-aware, e.g. 2026-11-21T09:30:00+00:00")
    if not 0 < years <= 100:
        raise ValueError(f"years must be above 0 and at most 100, not {years}")
    gen = _Gen(years, seed, end)
    gen.make_contacts()
    gen.simulate()
    gen.activities.sort(key=lambda a: a["at"])
    for i, c in enumerate(gen.contacts):
        if c["archived"] and gen.c_last_seen[i]:
            c["notes"] = (c.get("notes", "") + " Archived: we drifted apart.").strip()
    return State.model_validate(
        {
            # marked as a demo (never the user's own data); its day one is its first day
            "meta": {"started": gen.start, "demo": True},
            "settings": gen.settings,
            "contacts": gen.contacts,
            "activities": gen.activities,
            "checkins": gen.checkins,
            "journal": gen.journal,
            "reviews": gen.reviews,
        }
    )
