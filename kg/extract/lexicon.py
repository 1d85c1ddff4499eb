"""Closed word lists the rules rely on. Kept in one place so that a reviewer can read the whole
vocabulary of the extractor at a glance, and extend it without touching the rules.
"""

from __future__ import annotations

# Title words that may stand before a name ("Prime Minister Imran Khan", "Gen. Qamar Javed Bajwa").
# Abbreviations map to the role name they stand for.
TITLE_ABBREV: dict[str, str] = {
    "gen.": "general", "lt.": "lieutenant", "col.": "colonel", "maj.": "major", "adm.": "admiral",
    "sgt.": "sergeant", "capt.": "captain", "cmdr.": "commander", "gov.": "governor", "sen.": "senator",
    "rep.": "representative", "prof.": "professor", "pres.": "president", "amb.": "ambassador",
    "supt.": "superintendent", "insp.": "inspector",
}
# Honorifics are removed from names but are not roles.
HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sir", "dame", "madam", "mx."}
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "chief", "justice", "attorney", "general", "secretary",
    "foreign", "interior", "defense", "defence", "finance", "health", "home", "state", "deputy",
    "opposition", "leader", "senator", "governor", "mayor", "judge", "professor", "chancellor",
    "speaker", "ambassador", "king", "queen", "prince", "princess", "pope", "cardinal", "bishop",
    "archbishop", "commissioner", "coach", "captain", "chairman", "chairwoman", "chair", "executive",
    "director", "commander", "colonel", "lieutenant", "sergeant", "admiral", "marshal", "inspector",
    "superintendent", "sheriff", "representative", "congressman", "congresswoman", "premier",
    "chancellor", "emir", "sheikh", "crown", "economy", "trade", "education", "labor", "labour",
    "environment", "energy", "transport", "culture", "sports", "justice", "army", "party", "acting",
    "interim", "former", "first", "lady", "dean", "rabbi", "imam", "ceo", "cfo", "coo", "assistant",
    "head", "associate", "senior", "treasurer", "city", "county", "federal", "national", "district",
    "lord", "baroness", "baron", "earl", "duke", "duchess",
}
# Head nouns that name a position someone holds (appositives, predicates, "as" phrases).
ROLE_NOUNS = {
    "president", "minister", "secretary", "leader", "chief", "executive", "chair", "chairman",
    "chairwoman", "chairperson", "director", "head", "spokesman", "spokeswoman", "spokesperson",
    "governor", "mayor", "senator", "lawmaker", "legislator", "judge", "justice", "attorney", "prosecutor",
    "lawyer", "coach", "manager", "captain", "striker", "midfielder", "defender", "goalkeeper", "player",
    "forward", "founder", "cofounder", "co-founder", "owner", "ambassador", "envoy", "diplomat", "general",
    "commander", "officer", "chancellor", "premier", "king", "queen", "prince", "monarch", "emperor",
    "pope", "bishop", "cardinal", "professor", "researcher", "scientist", "astrophysicist", "physicist",
    "economist", "analyst", "astronomer", "biologist", "chemist", "engineer", "editor", "correspondent",
    "reporter", "columnist", "star", "champion", "candidate", "nominee", "member", "deputy", "treasurer",
    "speaker", "commissioner", "administrator", "official", "adviser", "advisor", "aide", "partner",
    "investor", "economist", "chief", "ceo", "cfo", "coo", "cto", "inspector", "superintendent", "sheriff",
    "representative", "congressman", "congresswoman", "lieutenant", "colonel", "admiral", "marshal",
    "dean", "rector", "provost", "principal", "activist", "campaigner", "negotiator", "mediator",
    "emir", "sheikh", "rabbi", "imam", "priest", "president-elect", "successor", "predecessor",
    "treasurer", "controller", "auditor", "epidemiologist", "geologist", "seismologist", "meteorologist", "historian", "sociologist",
}
# "chancellor of the Exchequer": complements that are part of the title, not an organization.
TITLE_COMPLEMENTS = {"exchequer", "opposition", "staff", "state", "house", "commons", "lords", "treasury"}

# Reporting verbs (lemmas) and the kind of claim they make.
REPORTING_VERBS: dict[str, str] = {
    "say": "claim", "tell": "claim", "claim": "claim", "state": "claim", "suggest": "claim",
    "warn": "claim", "announce": "claim", "declare": "claim", "urge": "claim", "add": "claim",
    "insist": "claim", "argue": "claim", "report": "claim", "confirm": "claim", "assert": "claim",
    "allege": "accusation", "accuse": "accusation", "blame": "accusation", "deny": "denial",
    "reject": "rejection", "dismiss": "rejection", "refute": "rejection", "write": "claim",
    "predict": "claim", "estimate": "claim", "acknowledge": "claim", "admit": "claim", "promise": "claim",
    "vow": "claim", "pledge": "claim", "call": "claim", "note": "claim", "explain": "claim",
    "complain": "claim", "caution": "claim", "stress": "claim", "contend": "claim",
}
# Verbs that only report when they take a clause or a quotation ("wrote that ...", not "wrote a book").
CLAUSE_ONLY_VERBS = {"write", "add", "note", "explain", "state", "confirm", "acknowledge", "admit",
                     "promise", "vow", "pledge", "predict", "estimate", "announce", "declare"}
# With a noun-phrase object these are acts, not claims: "declared seven days of mourning".
ACT_VERBS = {"announce", "declare"}
# Nouns that stand for an earlier claim: "rejected the accusation", "denied the report", "rejected it".
CLAIM_NOUNS = {"accusation", "allegation", "charge", "claim", "report", "explanation", "suggestion",
               "assertion", "statement", "criticism", "remark", "remarks", "comment", "comments", "idea",
               "theory", "account", "story", "assessment"}
ACCUSATION_NOUNS = {"accusation", "allegation", "charge", "charges", "allegations", "accusations"}

# Common nouns for people who speak for an organization or a country ("American officials",
# "analysts at Morgan Stanley", "a spokeswoman for the commission").
AGENT_NOUNS = {"official", "officials", "authorities", "spokesman", "spokeswoman", "spokesperson",
               "representative", "representatives", "diplomat", "diplomats", "analyst", "analysts",
               "executive", "executives", "lawyer", "lawyers", "leaders", "leader", "officers", "officer",
               "negotiators", "ministers", "minister", "sources", "researchers", "scientists", "government"}
# Definite descriptions that refer back to an organization ("the company said", "the alliance said").
ORG_NOUNS = {"company", "firm", "group", "club", "team", "alliance", "bloc", "agency", "society", "union",
             "court", "party", "organization", "organisation", "committee", "board", "bank", "airline",
             "carrier", "maker", "manufacturer", "retailer", "network", "channel", "newspaper", "paper",
             "university", "institute", "federation", "association", "council", "commission", "ministry",
             "department", "authority", "league", "side", "charity", "movement", "campaign"}

# Generic institution names: qualified by their country ("Parliament" -> "Parliament of Pakistan").
GENERIC_INSTITUTIONS = {
    "parliament", "national assembly", "senate", "supreme court", "high court", "constitutional court",
    "cabinet", "army", "navy", "air force", "police", "central bank", "foreign ministry", "health ministry",
    "interior ministry", "defense ministry", "defence ministry", "finance ministry", "justice ministry",
    "education ministry", "election commission", "electoral commission", "government", "military",
    "national police", "coast guard", "state department", "foreign office", "home office", "treasury",
    "congress", "ministry of health", "ministry of foreign affairs", "ministry of defense",
    "ministry of defence", "ministry of finance", "ministry of interior", "ministry of justice",
    "parliament's lower house", "lower house", "upper house", "fire service", "weather service",
    "national weather service", "meteorological service", "meteorological agency", "weather agency", "emergency service", "civil defense", "civil defence",
}
# Lower-case institution heads that become entities when they act (speak, deny...).
INSTITUTION_HEADS = {"ministry", "government", "department", "army", "military", "police", "cabinet", "service", "agency"}
# Organizations usually named for an entity that is not a country ("the White House"): never qualified.
GOVERNMENT_WORDS = {"ministry", "department", "parliament", "assembly", "senate", "court", "cabinet",
                    "commission", "authority", "agency", "survey", "service", "council", "government",
                    "army", "navy", "police", "office", "bureau", "administration", "congress", "military"}

# Appositive / compound head nouns that settle an entity's subtype.
SUBTYPE_NOUNS: dict[str, tuple[str, str]] = {
    "city": ("Place", "City"), "town": ("Place", "City"), "capital": ("Place", "City"),
    "village": ("Place", "City"), "port": ("Place", "City"),
    "state": ("Place", "AdministrativeArea"), "province": ("Place", "AdministrativeArea"),
    "region": ("Place", "AdministrativeArea"), "district": ("Place", "AdministrativeArea"),
    "county": ("Place", "AdministrativeArea"), "country": ("Place", "Country"),
    "company": ("Organization", "Corporation"), "maker": ("Organization", "Corporation"),
    "firm": ("Organization", "Corporation"), "manufacturer": ("Organization", "Corporation"),
    "bank": ("Organization", "Corporation"), "retailer": ("Organization", "Corporation"),
    "carrier": ("Organization", "Corporation"), "insurer": ("Organization", "Corporation"),
    "producer": ("Organization", "Corporation"), "startup": ("Organization", "Corporation"),
    "party": ("Organization", "PoliticalParty"), "newspaper": ("Organization", "NewsMediaOrganization"),
    "broadcaster": ("Organization", "NewsMediaOrganization"), "club": ("Organization", "SportsTeam"),
    "team": ("Organization", "SportsTeam"), "university": ("Organization", "CollegeOrUniversity"),
    "group": ("Organization", ""), "charity": ("Organization", "NGO"),
}
# Name words that settle an organization's subtype.
NAME_SUBTYPES: dict[str, str] = {
    "party": "PoliticalParty", "university": "CollegeOrUniversity", "college": "CollegeOrUniversity",
    "times": "NewsMediaOrganization", "post": "NewsMediaOrganization", "journal": "NewsMediaOrganization",
    "herald": "NewsMediaOrganization", "tribune": "NewsMediaOrganization", "news": "NewsMediaOrganization",
    "gazette": "NewsMediaOrganization", "reuters": "NewsMediaOrganization", "ledger": "NewsMediaOrganization",
    "inc.": "Corporation", "inc": "Corporation", "corp.": "Corporation", "ltd": "Corporation",
    "plc": "Corporation", "llc": "Corporation", "co.": "Corporation", "ag": "Corporation",
    "fc": "SportsTeam", "united": "SportsTeam", "rovers": "SportsTeam", "athletic": "SportsTeam",
    "wanderers": "SportsTeam", "ministry": "GovernmentOrganization", "department": "GovernmentOrganization",
    "parliament": "GovernmentOrganization", "assembly": "GovernmentOrganization",
    "senate": "GovernmentOrganization", "court": "GovernmentOrganization",
    "authority": "GovernmentOrganization", "agency": "GovernmentOrganization",
    "survey": "GovernmentOrganization", "commission": "GovernmentOrganization",
    "government": "GovernmentOrganization", "nasa": "GovernmentOrganization",
}
