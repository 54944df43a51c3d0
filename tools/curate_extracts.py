#!/usr/bin/env python3
"""Build datasets/curated/*.csv from the research extracts (shared/data/extracts/*.csv).

Usage (from the repository root):

    .venv/bin/python tools/curate_extracts.py [EXTRACTS_DIR]      # write the curated tables + CURATION.md
    .venv/bin/python tools/curate_extracts.py [EXTRACTS_DIR] --check   # verify the written files only

EXTRACTS_DIR defaults to ../shared/data/extracts (relative to the repository root).

How it works
- Every extract row is either mapped by exactly one RULE (dataset, measure, breakdown, group pattern, and
  where needed period/value) to (indicator, breakdown, group, geography, note), or listed in SKIP with
  a reason. A row matched by nothing, or by two rules, stops the script: every row is accounted for.
- Values, CIs, counts, publication, source_url, locator and published_date are copied as written.
  Nothing is computed, rounded or interpolated. The only additions are (a) counts attached to a rate row
  from a count row of the SAME publication and period (its locator is appended: "; counts: ..."), and
  (b) a published_date for rows whose date is blank, taken from the row's own wording (said in `note`).
- Rows from the ONS UK SDG table are not copied: datasets/ons-sdg/ is their primary source.
- Output order: indicator, breakdown, group, period, published_date (then publication, source_url).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EXTRACTS = REPO.parent / "shared" / "data" / "extracts"
OUT_DIR = REPO / "datasets" / "curated"
INDICATORS_YAML = REPO / "datasets" / "indicators.yaml"
CURATION_MD = REPO / "datasets" / "CURATION.md"
FILES = ("maternal.csv", "perinatal.csv", "social.csv")

COLUMNS = ("indicator", "period", "breakdown", "group", "geography", "value", "ci_lower", "ci_upper",
           "numerator", "denominator", "unit", "publication", "published_date", "source_url", "locator",
           "quality", "quality_source", "note")
GEOGRAPHIES = ("UK", "England", "England and Wales", "Scotland", "Wales", "Northern Ireland",
               "UK and Ireland", "UK and Crown Dependencies")
# topic (indicators.yaml) -> curated file
TOPIC_FILE = {"maternal-deaths": "maternal.csv", "causes": "maternal.csv",
              "mental-health-social-care": "social.csv", "perinatal": "perinatal.csv"}

# Extract unit spellings accepted for each canonical unit (the unit in indicators.yaml).
UNITS = {
    "per 100,000 maternities": {"per 100000 maternities", "per 100,000 maternities"},
    "per 1,000 total births": {"per 1,000 total births"},
    "per 1,000 live births": {"per 1,000 live births"},
    "women": {"women", "deaths"},          # deaths of women (maternal tables)
    "deaths": {"deaths"},                  # deaths of babies (perinatal tables)
    "percent": {"percent", "percent increase", "percent of deaths within 42 days", "percent of late maternal deaths"},
    "ratio": {"ratio", "rate ratio (ref: age 21-29)", "rate ratio (ref: least deprived)", "rate ratio (ref: white)"},
    "dyads": {"dyads"},
}
# Spellings that mean the same denominator but are worded differently: accepted, and said in `note`.
WORDED_AS = {
    "per 100,000 maternities": {"per 100,000 women giving birth", "per 100000 women giving birth (as worded)"},
}

ONS_PUBLICATION = "ONS UK SDG data"

# Short human names of the sites that quoted a medium-confidence figure (matched on source_url, first hit wins).
SECONDARY_SOURCES = (
    ("boyesturnerclaims.com", "Boyes Turner (law firm)"),
    ("irwinmitchell.com", "Irwin Mitchell (law firm)"),
    ("rwkgoodman.com", "RWK Goodman (law firm)"),
    ("penningtonslaw.com", "Penningtons Manches Cooper (law firm)"),
    ("uk-sands.org", "Sands (charity)"),
    ("action-on-pre-eclampsia.org.uk", "Action on Pre-eclampsia (charity)"),
    ("ccg-alert.blogspot.com", "CCG Alert (blog)"),
    ("aims.org.uk", "AIMS (Association for Improvements in the Maternity Services)"),
    ("mamaacademy.org.uk", "MAMA Academy (charity)"),
    ("sarawickham.com", "Sara Wickham (blog)"),
    ("healthandfamily.in", "Health and Family (news site)"),
    ("ai-bt.com", "PubMed/PMC mirror (ai-bt.com)"),
    ("r.arson.gg", "Forum post quoting the data brief (r/nhs)"),
    ("midwifediaries.com", "Midwife Diaries (blog)"),
    ("univadis.co.uk", "Univadis (Medscape UK news)"),
    ("healthunderstandings.com", "Health Understandings (blog adapted from BMJ)"),
    ("statista", "Statista"),
    ("medsci.ox.ac.uk", "University of Oxford Medical Sciences news (label slightly ambiguous)"),
    ("ox.ac.uk/news/2015-12-08", "University of Oxford news (period implied, not stated)"),
    ("maternalmentalhealthalliance.org", "Maternal Mental Health Alliance"),
    ("stillwerise.uk", "Still We Rise (blog)"),
    ("britishjournalofmidwifery.com/content/charity-spotlight", "British Journal of Midwifery (charity spotlight)"),
    ("britishjournalofmidwifery.com/content/literature-rev", "British Journal of Midwifery (literature review)"),
    ("epilepsysociety.org.uk", "Epilepsy Society (charity)"),
    ("sudep.org", "SUDEP Action (charity)"),
    ("babylifeline.org.uk", "Baby Lifeline (charity)"),
    ("ectopic.org.uk", "Ectopic Pregnancy Trust (charity)"),
    ("the-daily-telegraph", "The Daily Telegraph (via PressReader)"),
    ("the-courier", "The Courier (via PressReader)"),
    ("elearning.rcog.org.uk", "RCOG eLearning"),
    ("bliss.org.uk", "Bliss (charity)"),
    ("rcog.org.uk", "RCOG statement"),
    ("le.ac.uk", "University of Leicester news (figures with footnote markers)"),
    ("bmj.com/content/357", "BMJ news"),
    ("bmj.com/content/382", "BMJ opinion (Delap and Kitchen)"),
    ("nursingtimes.net", "Nursing Times"),
    ("vdocuments.mx", "House of Commons Library debate pack (copy on vdocuments.mx)"),
    ("pslhub.org/blogs/entry/2809", "Patient Safety Learning hub (BBC News repost)"),
    ("pslhub.org/blogs/entry/4642", "Patient Safety Learning hub (HSJ summary)"),
    ("gbss.org.uk", "Group B Strep Support (charity)"),
    ("tommys.org", "Tommy's (charity)"),
    ("limitlesscommunitycare.org", "Birth Companions in Community Care (copy)"),
    ("mindscribe.in", "Mindscribe (press summary)"),
    ("drdonline.net", "DRD Online (blog)"),
    ("birthtraumaassociation.org", "Birth Trauma Association (charity)"),
)


# --------------------------------------------------------------------------------------------------
# Mapping rules. match: file, dataset, measure, breakdown, group (a str = exact, a re.Pattern = fullmatch)
# and optionally period / value. out: indicator, breakdown, group, geography, note.
# --------------------------------------------------------------------------------------------------
def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def R(file, dataset, measure, breakdown, group, ind, bd, grp, geo="UK", note="", *, period=None, value=None,
      set_period=None):
    """A rule. geo/grp None = take the extract's group; set_period replaces a period that is not a period."""
    return {"file": file, "dataset": dataset, "measure": measure, "breakdown": breakdown, "group": group,
            "period": period, "value": value, "out": {"indicator": ind, "breakdown": bd, "group": grp,
                                                      "geography": geo, "note": note, "period": set_period}}


M, P, S = "maternal.csv", "perinatal.csv", "social.csv"
MM, DI = "maternal_mortality", "Direct and indirect deaths (within 42 days)"
CAUSE, LATE, SUI = "maternal_mortality_by_cause", "late_maternal_deaths", "maternal_suicide"
APEC_NOTE = "Charity summary; the categories seem to cover the deaths within 42 days, but the grouping is unverified."
HYPER = "Hypertensive disorders (pre-eclampsia and eclampsia)"
UP_TO_1Y = "During pregnancy or up to one year after"
UP_TO_6W = "During pregnancy or up to six weeks after"
KNIGHT_ENG = "Ethnic comparisons taken as England, as for MBRRACE ethnicity rates; the extract does not state it."
CSC = "csc_maternal_deaths_2014_22"

RULES = [
    # ---- maternal mortality rate (direct + indirect within 42 days per 100,000 maternities) ----
    R(M, MM, "rate", "overall", DI, "maternal_mortality_rate", "overall", "All"),
    R(M, MM, "rate", "overall_excluding_covid", "Direct and indirect deaths (within 42 days) excluding COVID-19",
      "maternal_mortality_rate_excl_covid", "overall", "All"),
    R(M, MM, "rate", "ethnicity", "Black", "maternal_mortality_rate", "ethnicity", "Black", "England",
      "Law-firm commentary on the 2023 report; geography taken as England, as for MBRRACE ethnicity rates."),
    R(M, MM, "rate", "ethnicity", "White", "maternal_mortality_rate", "ethnicity", "White", "England",
      "Law-firm commentary on the 2023 report; geography taken as England, as for MBRRACE ethnicity rates."),
    # ---- counts of women who died ----
    R(M, MM, "count", "overall", rx(r"All deaths during pregnancy or up to one year( \(UK\))?"),
      "maternal_deaths_all", "overall", "All"),
    R(M, MM, "count", "overall", rx(r"Total maternal deaths: .*"), "maternal_deaths_all", "overall", "All",
      note="The source lists it as 229 direct and indirect deaths within 42 days, 289 late deaths and 18 coincidental deaths within 42 days."),
    R(M, MM, "count", "overall", "Women who died during or up to one year after pregnancy, UK and Ireland (enquiry cases)",
      "maternal_deaths_all", "classification", "All deaths during pregnancy or up to one year (UK and Ireland enquiry cases)",
      "UK and Ireland"),
    R(M, MM, "count", "overall", "All deaths during or within 42 days (incl. coincidental)",
      "maternal_deaths_all", "classification", "All deaths during pregnancy or within 42 days (including coincidental)"),
    R(M, MM, "count", "overall", "Coincidental deaths (within 42 days)",
      "maternal_deaths_all", "classification", "Coincidental deaths (within 42 days)"),
    R(M, MM, "count", "overall", DI, "maternal_deaths_all", "classification", "Direct and indirect deaths (within 42 days)"),
    R(M, MM, "count", "death_classification", "Direct deaths (within 42 days; 2015 classification)",
      "maternal_deaths_all", "classification", "Direct deaths (within 42 days)",
      note="Classification as used in the 2015 report; the source implies the period rather than stating it in the same sentence."),
    R(M, MM, "count", "death_classification", "Indirect deaths (within 42 days; 2015 classification, suicides then indirect)",
      "maternal_deaths_all", "classification", "Indirect deaths (within 42 days)",
      note="Classification as used in the 2015 report."),
    R(S, CSC, "count", "deaths_pregnancy_to_1yr_UK", "all_women_who_died", "maternal_deaths_all", "overall", "All",
      note="The study population of De Backer et al. (BMJ Medicine 2025): women who died during pregnancy or up to a year after, 2014-22."),
    # ---- late deaths ----
    R(M, LATE, "count", "overall", "Late maternal deaths (6 weeks to 1 year)", "late_maternal_deaths", "overall", "All"),
    R(M, LATE, "count", "overall", "Women who died after six weeks but within a year of giving birth (four-year period 2009-12)",
      "late_maternal_deaths", "overall", "All", note="A four-year period (2009-12)."),
    R(S, "mbrrace_context", "count", "late_deaths_6wk_to_1yr", "all_women_who_died", "late_maternal_deaths", "overall", "All",
      period="2020-22"),
    R(M, LATE, "rate", "overall", "Late maternal deaths (six weeks to one year after end of pregnancy)",
      "late_maternal_death_rate", "overall", "All"),
    # ---- published changes, ratios between periods, ratios between groups ----
    *[R(M, MM, "percent", "period_comparison", g, "maternal_mortality_change_percent", "comparison", out,
        note="Published as a percentage increase." + extra)
      for g, out, extra in (
          ("Change in count of direct+indirect deaths vs 2017-19", "Number of direct and indirect deaths: 2018-20 vs 2017-19",
           " This is the change in the number of deaths, not in the rate."),
          ("Change in direct death rate vs 2009-11", "Direct death rate: 2022-24 vs 2009-11", ""),
          ("Change in indirect death rate vs 2009-11", "Indirect death rate: 2022-24 vs 2009-11", ""),
          ("Change in overall rate vs 2009-11", "Overall rate: 2022-24 vs 2009-11", ""),
          ("Change in rate excluding COVID-19 deaths vs 2017-19", "Rate excluding COVID-19 deaths: 2018-20 vs 2017-19", ""),
          ("Change in rate excluding COVID-19 deaths, 2010-12 to 2018-20", "Rate excluding COVID-19 deaths: 2018-20 vs 2010-12", ""))],
    R(M, MM, "relative_risk", "period_comparison", "Rate ratio 2018-20 vs 2017-19",
      "maternal_mortality_period_ratio", "comparison", "Overall rate: 2018-20 vs 2017-19"),
    R(M, MM, "relative_risk", "period_comparison", "Rate ratio 2019-21 vs 2018-20",
      "maternal_mortality_period_ratio", "comparison", "Overall rate: 2019-21 vs 2018-20",
      note="Not statistically significant (p=0.4631)."),
    R(M, MM, "relative_risk", "period_comparison", "Ratio of relative risks Black vs White, 2015-17 vs 2009-11",
      "maternal_mortality_period_ratio", "comparison", "Black vs White relative risk: 2015-17 vs 2009-11", "England", KNIGHT_ENG),
    R(M, MM, "relative_risk", "age", rx(r"<20 vs 20-24: ratio of relative risks, 2012-14 with 2009-11"),
      "maternal_mortality_period_ratio", "comparison", "Under 20 vs 20 to 24 relative risk: 2012-14 vs 2009-11"),
    R(M, MM, "relative_risk", "age", rx(r"<20 vs 20-24: ratio of relative risks, 2015-17 with 2009-11"),
      "maternal_mortality_period_ratio", "comparison", "Under 20 vs 20 to 24 relative risk: 2015-17 vs 2009-11",
      note="As printed in the source table, but it looks inconsistent with the relative risks in the same table (possibly inverted in the source)."),
    R(M, MM, "relative_risk", "age", rx(r"25-29 vs 20-24: ratio of relative risks, 2012-14 with 2009-11"),
      "maternal_mortality_period_ratio", "comparison", "25 to 29 vs 20 to 24 relative risk: 2012-14 vs 2009-11"),
    R(M, MM, "relative_risk", "age", rx(r"25-29 vs 20-24: ratio of relative risks, 2015-17 with 2009-11"),
      "maternal_mortality_period_ratio", "comparison", "25 to 29 vs 20 to 24 relative risk: 2015-17 vs 2009-11"),
    *[R(M, MM, "relative_risk", "ethnicity", f"{g} (vs White)", "maternal_mortality_rate_ratio", "ethnicity", f"{g} vs White",
        "England", "Geography taken as England, as for MBRRACE ethnicity rates; the extract does not state it.")
      for g in ("Black", "Asian", "Mixed")],
    R(M, MM, "relative_risk", "ethnicity (England only)", "Mixed (vs White)", "maternal_mortality_rate_ratio", "ethnicity",
      "Mixed vs White", "England", "Not statistically significant (p=0.395)."),
    R(M, MM, "relative_risk", "deprivation", "Most deprived quintile (vs least deprived)", "maternal_mortality_rate_ratio",
      "deprivation", "Most deprived quintile vs least deprived", "England",
      "Geography taken as England, as for MBRRACE deprivation rates; the extract does not state it."),
    R(M, MM, "relative_risk", "age", "35 and over (vs 25-29)", "maternal_mortality_rate_ratio", "age", "35 and over vs 25 to 29"),
    R(M, MM, "relative_risk", "age", "<20 (vs 20-24)", "maternal_mortality_rate_ratio", "age", "Under 20 vs 20 to 24"),
    R(M, MM, "relative_risk", "age", "25-29 (vs 20-24)", "maternal_mortality_rate_ratio", "age", "25 to 29 vs 20 to 24"),
    R(M, MM, "relative_risk", "age", "30-34 (vs 20-24)", "maternal_mortality_rate_ratio", "age", "30 to 34 vs 20 to 24"),
    # ---- causes: counts ----
    R(M, CAUSE, "count", "cause", "COVID-19", "maternal_deaths_by_cause", "cause", "COVID-19"),
    R(M, CAUSE, "count", "cause", "COVID-19 (deaths Mar 2020-Dec 2021, within 42 days)", "maternal_deaths_by_cause", "cause",
      "COVID-19", note="Deaths from March 2020 to December 2021."),
    R(M, CAUSE, "count", "cause", "Cardiac disease", "maternal_deaths_by_cause", "cause", "Cardiac disease", period="2015-17"),
    R(M, CAUSE, "count", "cause", "Cardiac disease", "maternal_deaths_by_cause", "cause", "Cardiac disease", period="2020-22"),
    R(M, CAUSE, "count", "cause", "Thrombosis and thromboembolism", "maternal_deaths_by_cause", "cause",
      "Thrombosis and thromboembolism", period="2020-22"),
    *[R(M, CAUSE, "count", "cause", g, "maternal_deaths_by_cause", "cause", out, note=APEC_NOTE, period="2016-18")
      for g, out in (("Cardiac disease", "Cardiac disease"), ("Haemorrhage", "Haemorrhage"), ("Malignancy", "Malignancy"),
                     ("Mental health-related (mainly suicide)", "Mental health-related (mainly suicide)"),
                     ("Other causes", "Other causes"), ("Pre-eclampsia and eclampsia (hypertensive)", HYPER),
                     ("Sepsis", "Sepsis"), ("Thrombosis and thromboembolism", "Thrombosis and thromboembolism"))],
    R(M, CAUSE, "count", "cause", "Hypertensive disorders of pregnancy (pre-eclampsia/eclampsia), UK",
      "maternal_deaths_by_cause", "cause", HYPER),
    R(M, CAUSE, "count", "cause", "Pre-eclampsia (as worded by APEC)", "maternal_deaths_by_cause", "cause", HYPER,
      note="Worded 'pre-eclampsia' by the source."),
    R(M, CAUSE, "count", "cause", "Pre-eclampsia (as worded by APEC; comparison figure)", "maternal_deaths_by_cause", "cause", HYPER,
      note="Worded 'pre-eclampsia' by the source; a comparison figure quoted in a 2022 press release."),
    R(M, CAUSE, "count", "cause", "Heart disease: women who died during or after pregnancy, UK and Ireland (care reviewed in enquiry)",
      "maternal_deaths_by_cause", "cause", "Cardiac disease (enquiry cases)", "UK and Ireland",
      "Women who died during or after pregnancy whose care was reviewed in the confidential enquiry; worded 'heart disease'."),
    R(M, CAUSE, "count", "cause", "Epilepsy-related deaths (timing not stated)", "maternal_deaths_by_cause", "cause",
      "Epilepsy-related (timing not stated)"),
    R(M, CAUSE, "count", "cause", rx(r"Epilepsy-related deaths during or up to one year after pregnancy, UK and Ireland( \(comparison\))?"),
      "maternal_deaths_by_cause", "cause", "Epilepsy-related (up to one year after pregnancy)", "UK and Ireland"),
    R(M, CAUSE, "count", "cause", rx(r"SUDEP deaths while pregnant or within a year, UK and Ireland( \(comparison\))?"),
      "maternal_deaths_by_cause", "cause", "SUDEP (up to one year after pregnancy)", "UK and Ireland",
      "Sudden unexpected death in epilepsy."),
    R(M, CAUSE, "count", "cause", "SUDEP (subset of epilepsy-related deaths), UK and Ireland", "maternal_deaths_by_cause", "cause",
      "SUDEP (up to one year after pregnancy)", "UK and Ireland",
      "Sudden unexpected death in epilepsy; part of the epilepsy-related deaths."),
    R(M, CAUSE, "count", "cause", "Blood clots (thrombosis and thromboembolism), deaths during or up to six weeks after pregnancy",
      "maternal_deaths_by_cause", "cause", "Thrombosis and thromboembolism",
      note="Worded 'blood clots'; the source text is cut off after the figure."),
    R(M, CAUSE, "count", "cause", "Ectopic pregnancy deaths", "maternal_deaths_by_cause", "cause", "Ectopic pregnancy"),
    R(M, CAUSE, "count", "cause", "Early pregnancy deaths, UK and Ireland (all ectopic pregnancy; two-year expedited review)",
      "maternal_deaths_by_cause", "cause", "Early pregnancy deaths (all ectopic pregnancy)", "UK and Ireland",
      "A two-year review (2021-22)."),
    R(S, "mbrrace_mental_health", "count", "deaths_pregnancy_to_1yr", "substance_use", "maternal_deaths_by_cause", "cause",
      "Substance use (up to one year after pregnancy)"),
    # ---- causes: shares of deaths within 42 days ----
    *[R(M, CAUSE, "percent", "cause", g, "maternal_deaths_cause_share", "cause", out, note=note)
      for g, out, note in (
          ("COVID-19 (share of deaths within 42 days)", "COVID-19", ""),
          ("Epilepsy and stroke (share of direct+indirect deaths)", "Epilepsy and stroke", ""),
          ("Thrombosis and thromboembolism (share of direct+indirect deaths)", "Thrombosis and thromboembolism", ""),
          ("Heart disease (share of the 209 women who died during or up to six weeks after pregnancy)", "Cardiac disease",
           "Worded 'heart disease' by the source."),
          ("Sepsis (share of deaths up to six weeks after pregnancy)", "Sepsis", ""),
          ("Mental health conditions (share of deaths up to six weeks after pregnancy)", "Mental health conditions", ""),
          ("Cancer (share of deaths up to six weeks after pregnancy)", "Cancer", ""),
          ("Thrombosis and thromboembolism / blood clots (share of the 275 deaths during pregnancy or up to six weeks after)",
           "Thrombosis and thromboembolism", "Worded 'blood clots' by the source."),
          ("COVID-19 (share of the 275 deaths during pregnancy or within 6 weeks)", "COVID-19", ""),
          ("Cardiac disease (share of the 275 deaths during pregnancy or within 6 weeks)", "Cardiac disease", ""))],
    # ---- causes: the few published cause-specific rates ----
    R(M, CAUSE, "rate", "cause", "Genital tract sepsis", "maternal_cause_rate", "cause", "Genital tract sepsis",
      note="Timing not stated by the source."),
    R(M, CAUSE, "rate", "cause", rx(r"SUDEP deaths while pregnant or within a year, UK and Ireland( \(comparison\))?"),
      "maternal_cause_rate", "cause", "SUDEP (up to one year after pregnancy)", "UK and Ireland",
      "Sudden unexpected death in epilepsy; deaths during pregnancy or up to one year after."),
    # ---- mental health: share of late deaths ----
    R(M, LATE, "percent", "cause", "Mental health-related causes (share of late maternal deaths)",
      "late_deaths_mental_health_share", "overall", "All", note="Suicide and other psychiatric causes."),
    R(M, LATE, "percent", "cause", "Mental health-related causes (share of late maternal deaths; MMHA attributes to suicide)",
      "late_deaths_mental_health_share", "overall", "All",
      note="The label is ambiguous: the source attributes the share to suicide; others describe about 40% as all mental-health-related causes."),
    R(M, LATE, "percent", "cause", "Psychiatric causes (share of late maternal deaths)", "late_deaths_mental_health_share",
      "overall", "All", note="Worded 'psychiatric causes'.", period="2022-24"),
    R(M, LATE, "percent", "cause", "Suicide or other psychiatric causes (share of late maternal deaths)",
      "late_deaths_mental_health_share", "overall", "All", note="Worded 'suicide or other psychiatric causes'."),
    R(S, "mbrrace_mental_health", "percent", "deaths within the year after pregnancy (as worded by source)",
      "mental_health_related_causes", "late_deaths_mental_health_share", "overall", "All",
      note="The source words the base as 'deaths within the year after pregnancy', which may not be limited to late deaths."),
    # ---- suicide (no method or location detail anywhere) ----
    R(M, SUI, "rate", "overall", "Suicide during pregnancy or up to one year after (UK and Ireland)", "maternal_suicide_rate",
      "overall", "All", "UK and Ireland", "A five-year period (2009-13)."),
    R(S, "mbrrace_suicide", "rate", "deaths_pregnancy_to_6wk", "suicide", "maternal_suicide_rate", "classification", UP_TO_6W,
      period="2017-19"),
    R(S, "mbrrace_suicide", "rate", "deaths_pregnancy_to_6wk", "suicide", "maternal_suicide_rate_year", "classification", UP_TO_6W,
      period="2020"),
    R(M, SUI, "count", "overall", "Suicides during pregnancy or up to one year after", "maternal_suicide_count", "overall", "All"),
    R(S, "mbrrace_suicide", "count", "deaths_pregnancy_to_1yr", "suicide", "maternal_suicide_count", "overall", "All"),
    R(S, "mbrrace_suicide", "count", "deaths_pregnancy_to_6wk", "suicide", "maternal_suicide_count", "classification", UP_TO_6W,
      period="2017-19"),
    R(S, "mbrrace_suicide", "count", rx(r"as worded by source: 'within the first year of their baby's life'.*"), "suicide",
      "maternal_suicide_count", "classification", "Timing as worded: within the first year of the baby's life",
      note="Timing as worded by the source; it may refer to deaths up to six weeks after pregnancy (unverified)."),
    R(M, SUI, "count", "overall", "Suicide during pregnancy or up to one year after (single year 2020)",
      "maternal_suicide_count_year", "overall", "All"),
    R(S, "mbrrace_suicide", "count", "deaths_pregnancy_to_6wk", "suicide", "maternal_suicide_count_year", "classification", UP_TO_6W,
      period="2020"),
    # ---- psychiatric deaths ----
    R(S, "mbrrace_mental_health", "count", "deaths_pregnancy_to_1yr (UK and Ireland as worded)", "psychiatric_causes",
      "psychiatric_deaths_count", "overall", "All", "UK and Ireland"),
    R(S, "mbrrace_mental_health", "count", "late_deaths_6wk_to_1yr", "psychiatric_causes", "psychiatric_deaths_count",
      "classification", "Late deaths (six weeks to one year after pregnancy)"),
    R(S, "mbrrace_mental_health", "rate", "deaths_pregnancy_to_1yr", "psychiatric_causes", "psychiatric_deaths_rate",
      "overall", "All"),
    # ---- known to social services ----
    R(S, "mbrrace_social_services", "percent", "deaths_pregnancy_to_6wk", "known_to_social_services",
      "known_to_social_services_share", "overall", "All",
      note="Base: women who died during pregnancy or up to six weeks after."),
    R(S, "mbrrace_social_services", "percent", "deaths_pregnancy_birth_or_year_after (as worded by source)",
      "known_to_social_services", "known_to_social_services_share", "classification",
      "Base as worded: women who died in pregnancy, at birth or in the year after",
      note="The source's wording of the base differs from the MBRRACE base (deaths up to six weeks); kept apart."),
    R(S, "mbrrace_social_services", "percent", "deaths_6wk_to_1yr (as worded by source)", "known_to_social_care_services",
      "known_to_social_services_share", "classification", "Base as worded: women who died six weeks to a year after pregnancy",
      note="Worded 'known to social care services'; the source's wording of the base differs from the MBRRACE base (deaths up to six weeks); kept apart."),
    R(S, "mbrrace_social_services", "percent", "as in source (series compared with 2018-20 figure)",
      "known_to_social_care_services", "known_to_social_services_share", "classification",
      "Base as worded: women who died six weeks to a year after pregnancy",
      note="Earlier figure the source compares with its 2018-20 figure, without restating the base; worded 'known to social care services'."),
    # ---- social care outcomes of women who died ----
    R(S, "mbrrace_mental_health", "percent", "women_who_died_by_substance_misuse", "infant_removed_into_care_or_ongoing_care_proceedings",
      "social_care_outcomes_share_year", "cause", "Substance misuse",
      note="Women who died through substance misuse in 2020 who had an infant removed into care or were in ongoing care proceedings."),
    R(S, "mbrrace_mental_health", "percent", "women_who_died_by_suicide", "infant_removed_into_care_or_ongoing_care_proceedings",
      "social_care_outcomes_share_year", "cause", "Suicide",
      note="Women who died by suicide in 2020 who had an infant removed into care or were in ongoing care proceedings."),
    R(S, "mbrrace_social_services", "percent", "cause",
      "Women who died by suicide or from substance use who had a child taken into care or faced threat of removal",
      "social_care_outcomes_share", "cause", "Suicide or substance use",
      note="Women who died by suicide or from substance use who had a child taken into care or faced the threat of removal."),
    # ---- children's social care involvement (De Backer et al., BMJ Medicine 2025) ----
    R(S, CSC, "percent", "deaths_pregnancy_to_1yr_UK (CSC status known)", "childrens_social_care_involvement",
      "csc_involvement_share", "overall", "All",
      note="Women who died during pregnancy or up to a year after whose social care status was known."),
    R(S, CSC, "percent", "deaths_pregnancy_to_1yr_UK", "childrens_social_care_involvement", "csc_involvement_share",
      "overall", "All", note="Press summary of De Backer et al.; women who died during pregnancy or up to a year after."),
    *[R(S, CSC, "rate", "rate_ratio_CSC_vs_no_CSC_among_women_who_died", g, "csc_rate_ratio", "comparison", out,
        note="Rate ratio of children's social care involvement among women who died, against the reference group.")
      for g, out in (("aged_<=20_vs_21-29", "Aged 20 or under vs 21 to 29"),
                     ("most_deprived_vs_least_deprived", "Most deprived vs least deprived areas"),
                     ("black_vs_white", "Black vs White"), ("asian_vs_white", "Asian vs White"))],
    *[R(S, CSC, "percent", f"women_{w}_CSC_involvement", g, "csc_characteristic_share", f"{w}_csc_involvement", out)
      for w in ("with", "without")
      for g, out in (("died_6wk_to_1yr_after_pregnancy", "Died six weeks to one year after pregnancy"),
                     ("cause_suicide", "Cause of death: suicide"),
                     ("cause_other_psychiatric_incl_drug_related", "Cause of death: other psychiatric causes, including drug-related"),
                     ("cause_homicide", "Cause of death: homicide"),
                     ("domestic_abuse_before_or_during_pregnancy", "Domestic abuse before or during pregnancy"),
                     ("pre_existing_medical_problems", "Pre-existing medical problems"),
                     ("mental_health_issues", "Mental health issues"),
                     ("smoking_during_pregnancy", "Smoking during pregnancy"),
                     ("known_substance_use", "Known substance use"))],
    # ---- characteristics of the women who died ----
    R(S, "mbrrace_characteristics", "percent", "women_who_died (as worded: 'women who lost their lives')",
      "severe_and_multiple_disadvantage", "women_who_died_characteristics", "characteristic", "Severe and multiple disadvantage"),
    R(S, "mbrrace_characteristics", "percent", "women_who_died", "previous_or_existing_mental_health_condition",
      "women_who_died_characteristics", "characteristic", "Previous or existing mental health condition"),
    R(S, "mbrrace_characteristics", "percent", "deaths_pregnancy_to_1yr_UK_and_Ireland", "multiple_or_interrelated_challenges",
      "women_who_died_characteristics", "characteristic", "Multiple or interrelated challenges", "UK and Ireland",
      "Women who died during pregnancy or up to a year after."),
    R(S, "mbrrace_characteristics", "percent", "women_who_died", "living_in_most_deprived_IMD_quintile",
      "women_who_died_characteristics", "deprivation", "Most deprived quintile (IMD)"),
    R(S, "mbrrace_characteristics", "percent", "women_who_died", "living_in_least_deprived_IMD_quintile",
      "women_who_died_characteristics", "deprivation", "Least deprived quintile (IMD)"),
    R(S, "mbrrace_mental_health", "percent", "women_who_died_by_suicide", "improvements_in_care_might_have_made_a_difference",
      "mental_health_care_could_improve_share", "overall", "All", note="Women who died by suicide."),
    R(S, "mbrrace_mental_health", "percent", "women_who_died_by_suicide", "better_care_might_have_improved_outcome",
      "mental_health_care_could_improve_share", "overall", "All",
      note="Women who died by suicide; worded 'better care might have improved the outcome'."),
    # ---- acute postpartum psychiatric care (Lever Taylor et al. 2023) ----
    *[R(S, "social_care_acute_postpartum", "count", "characteristic", g, "acute_postpartum_dyads", bd, out, "England and Wales",
        "Period = publication year; study period not stated in the extract. Mothers who accessed acute psychiatric care "
        "after birth in England or Wales (setting as in the source abstract).", period="not_seen", set_period="2023")
      for g, bd, out in (("mother_infant_dyads_total", "overall", "All"),
                         ("with_childrens_social_care_involvement", "characteristic", "With children's social care involvement"),
                         ("without_childrens_social_care_involvement", "characteristic", "Without children's social care involvement"))],
    # ---- perinatal ----
    *[R(P, ds, "rate", "overall", "UK", ind, "overall", "All") for ds, ind in (
        ("stillbirth", "stillbirth_rate"), ("neonatal_mortality", "neonatal_mortality_rate"),
        ("extended_perinatal_mortality", "extended_perinatal_mortality_rate"))],
    *[R(P, ds, "rate", "nation", rx(nation), ind, "nation", None, geo=None) for ds, ind, nation in (
        ("stillbirth", "stillbirth_rate", r"Wales|Scotland"), ("neonatal_mortality", "neonatal_mortality_rate", r"Northern Ireland|Wales"),
        ("extended_perinatal_mortality", "extended_perinatal_mortality_rate", r"Scotland"))],
    R(P, "stillbirth", "rate", "ethnicity", rx(r"Black or Black British|Asian or Asian British|White"), "stillbirth_rate",
      "ethnicity", None, note="Baby's ethnic group."),
    R(P, "neonatal_mortality", "rate", "deprivation", "most deprived areas", "neonatal_mortality_rate", "deprivation",
      "Most deprived areas", note="Quintile not named by the source."),
    R(P, "neonatal_mortality", "rate", "deprivation", "least deprived areas", "neonatal_mortality_rate", "deprivation",
      "Least deprived areas", note="Quintile not named by the source."),
    *[R(P, ds, "count", "overall", rx(r"UK|UK and Crown Dependencies"), ind, "overall", "All", geo=None) for ds, ind in (
        ("stillbirth", "stillbirths_count"), ("neonatal_mortality", "neonatal_deaths_count"),
        ("extended_perinatal_mortality", "extended_perinatal_deaths_count"))],
]

# Extra notes and date fixes for single rows: (file, line) -> (expected value, note, published_date if blank).
ROW_FIXES = {
    (M, 9): ("625", "Geography not stated on the page; the social extract (line 75, same page) labels it UK and Ireland.", None),
    (M, 33): ("8.79", "Comparison figure in the 2022 report.", None),
    (M, 34): ("8.79", "Comparison figure (previous complete triennium).", None),
    (M, 38): ("10.90", "Comparison figure.", None),
    (M, 39): ("10.9", "Printed to 1 decimal place; comparison figure.", None),
    (M, 43): ("11.66", "Comparison figure.", None),
    (M, 46): ("13.56", "The source writes 'pregnancies' for maternities.", None),
    (M, 47): ("13.41", "Comparison figure.", None),
    (M, 48): ("13.56", "Previous report's figure, restated.", None),
    (M, 51): ("12.82", "Revised comparison figure.", None),
    (M, 57): ("209", "The page says 'UK and Ireland'; MBRRACE surveillance counts are UK.", None),
    (M, 360): ("0.29", "Date: the year of the report named in the publication field ('latest MBRRACE-UK report (2018)').", "2018"),
    (P, 3): ("5.43", "Unit not printed; taken as per 1,000 total births as for the UK figure in the same sentence.", None),
    (P, 8): ("4.20", "Printed '4.201'; the trailing 1 read as a footnote marker.", None),
    (P, 9): ("1.77", "Printed '1.772' (footnote marker); one copy labels it per 1,000 total births, taken as live births per the MBRRACE definition.", None),
    (P, 10): ("1.84", "Printed '1.842'; the trailing 2 read as a footnote marker.", None),
    (P, 15): ("5.61", "Unit not printed; taken as per 1,000 total births.", None),
    (P, 21): ("5.64", "Worded 'overall rate for stillbirth and neonatal deaths', printed per 1,000 births.", None),
    (P, 66): ("1151", "The source mislabels this count as a rate.", None),
    (S, 2): ("12", "Date: the 2016 report named in the publication field.", "2016"),
    (S, 3): ("14", "Date: the 2017 report named in the publication field.", "2017"),
    (S, 4): ("20", "Date: the source page says the report covering 2016-18 came out in 2021.", "2021"),
    (S, 5): ("22", "Date: 'report published Oct 2024' in the publication field.", "2024-10"),
    **{(S, n): (v, "Date: the page is undated; it reports De Backer et al., published in BMJ Medicine in 2025.", "2025")
       for n, v in ((32, "73"), (33, "21"), (34, "55"), (35, "5"))},
}

# Rows deliberately left out: (file, line) -> (expected value, reason). Checked against the value.
_ROUNDED = "rounded restatement of {} (ONS UK SDG 3.1.1, the primary for this period)"
SKIP = {
    (M, 16): ("10", _ROUNDED.format("10.12")),
    (M, 18): ("9", _ROUNDED.format("9.02")),
    (M, 20): ("8.5", _ROUNDED.format("8.54")),
    (M, 22): ("8.8", _ROUNDED.format("8.76")),
    (M, 23): ("8.8", _ROUNDED.format("8.76") + "; its count 202 is kept as maternal.csv line 54"),
    (M, 25): ("9.8", _ROUNDED.format("9.78")),
    (M, 26): ("9.8", _ROUNDED.format("9.78") + "; its count 225 is kept as maternal.csv line 55"),
    (M, 28): ("9.2", _ROUNDED.format("9.19")),
    (M, 30): ("9.7", _ROUNDED.format("9.71") + "; its count 217 is kept as maternal.csv line 58"),
    (M, 35): ("8.79", "same figure and publication as line 34 (kept, primary); the CI 7.58-10.12 is kept on line 33"),
    (M, 42): ("11.7", "rounded restatement of 11.66 (line 41, which has the same counts)"),
    (M, 45): ("13.41", "same figure and publication as line 44 (kept, primary); its CI 11.86-15.10 is only on this secondary page"),
    (M, 56): ("209", "same figure and publication as line 57 (kept, primary)"),
    (M, 67): ("13.95", "secondary restatement of the ONS 3.1.1 figure for 2003-05 (pre-2009 periods come from the ONS file)"),
    (M, 68): ("11", _ROUNDED.format("11.39")),
    (M, 75): ("2301628", "maternities: no rate row from the same publication is kept (its rates are rounded restatements)"),
    (M, 76): ("2235159", "maternities: no rate row from the same publication is kept (its rate is a rounded restatement)"),
    (M, 77): ("2173810", "maternities: no rate row from the same publication (the 2017-19 rate rows come from later publications)"),
    (M, 78): ("2101829", "maternities: attached as the denominator of maternal.csv line 36 (same publication)"),
    (M, 79): ("2066997", "maternities: already the denominator of maternal.csv line 41"),
    (M, 80): ("2028543", "maternities: attached as the denominator of maternal.csv line 44 (same publication)"),
    (M, 81): ("2004184", "maternities: already the denominator of maternal.csv line 49"),
    (M, 82): ("1969321", "maternities: already the denominator of maternal.csv line 52"),
    (M, 118): ("15", _ROUNDED.format("14.65, England, Asian")),
    (M, 121): ("34", _ROUNDED.format("34.27, England, Black")),
    (M, 127): ("8", _ROUNDED.format("7.87, England, White (inc. not known)")),
    (M, 165): ("5.7", "secondary restatement of the ONS 3.1.1 figure (5.7, England, least deprived quintile, 2016-18)"),
    (M, 166): ("15.3", _ROUNDED.format("15.27, England, most deprived quintile")),
    (M, 323): ("35", "conflicts with 34% given for the same report (line 325) and by the Jan 2025 data brief (line 321); law-firm summary, left out pending a check of the report"),
    (M, 331): ("1.00", "reference group, not a figure"),
    (M, 332): ("1.00", "reference group, not a figure"),
    (M, 333): ("1.00", "reference group, not a figure"),
    (M, 345): ("4.4", "rounded restatement of 4.35 (line 344, same publication)"),
    (M, 359): ("2", "a whole number in words ('two in every 100,000') whose period is ambiguous (2012-14 here, 2009-14 in a copy)"),
    **{(P, n): (v, "no publication date: the page is undated and the row names no year of publication")
       for n, v in ((35, "5.13"), (36, "6.04"), (37, "3.51"), (38, "4.20"), (39, "1.64"), (40, "1.84"))},
    **{(P, n): (v, "no publication date and the report edition is not stated (1 d.p. figures quoted by ScotPHO)"
                + ("; also a rounded restatement" if n in (70, 72, 74) else ""))
       for n, v in ((54, "3.7"), (55, "1.5"), (56, "5.2"), (69, "3.3"), (70, "3.4"), (71, "1.6"), (72, "1.7"),
                    (73, "4.9"), (74, "5.0"))},
    (S, 11): ("59", "no publication date on the row; the same figure is kept from social.csv lines 12 and 73"),
    (S, 13): ("11", "no publication date on the row; the same figure is kept from social.csv line 72"),
    (S, 14): ("35", "duplicate of social.csv line 76 (same page and figure; line 76 names the report and date)"),
    (S, 37): ("12", "duplicate of social.csv line 36 (same figure from the same report); no publication date"),
    (S, 46): ("39", "duplicate of maternal.csv line 322 (same page and figure)"),
    (S, 47): ("34", "duplicate of maternal.csv line 321 (same page and figure)"),
    (S, 48): ("34", "duplicate of maternal.csv line 325 (same page and figure)"),
    (S, 49): ("34", "same 34% of the same report as maternal.csv line 320 (primary); this secondary page words the base as all maternal deaths"),
    (S, 58): ("275", "duplicate of maternal.csv line 64 (same figure from the same report)"),
    (S, 60): ("13.56", "restates maternal.csv line 46 (same figure from the same report, another secondary page)"),
    (S, 61): ("13.41", "duplicate of maternal.csv line 47 (same page and figure)"),
    (S, 62): ("254", "duplicate of maternal.csv line 65 / the counts of line 49 (same publication)"),
    (S, 63): ("12.67", "duplicate of maternal.csv line 49 (same page and figure)"),
    (S, 64): ("229", "duplicate of maternal.csv line 60 (same figure from the same report); no publication date"),
    (S, 65): ("289", "duplicate of maternal.csv line 319 (same page and figure); no publication date"),
    (S, 75): ("625", "duplicate of maternal.csv line 9 (same page and figure); no publication date"),
}

NEW_IDS = """\
- `maternal_suicide_count_year`, `maternal_suicide_rate_year`, `social_care_outcomes_share_year` (each `variant_of`
  its base id): single-year (2020) figures. The dashboard validator requires every period of an indicator to fit its
  one `period_type`, so a single year cannot sit in the same indicator as three-year periods or spans.
- No other ids were added. Sub-totals of deaths within 42 days (direct and indirect, coincidental, all within 42 days,
  direct, indirect) are kept as `classification` groups of `maternal_deaths_all` rather than as a new count id.
"""

KNOWN_GAPS = """\
- No confidence intervals for breakdowns after 2018-20; ethnicity, deprivation and age after 2018-20 only as a few
  ratios (mostly from secondary pages).
- The CI of the first release of 2020-22 (13.41, 11.86-15.10) is known only from a secondary page restating the same
  publication as a primary row; it was left out (one row per figure and publication).
- Causes of death only as counts and a few shares; the cause groupings differ between sources (see `note`).
- Suicide rates only for 2009-13, 2017-19 and 2020, with different timings (up to six weeks, up to one year).
- Known to social services: 2012-14, 2013-15, 2016-18 and 2020-22 on the MBRRACE base (deaths up to six weeks);
  2017-19 and 2018-20 only from pages that word the base differently, kept as separate groups.
- Perinatal: 2018 births (NDPH page, undated) and the ScotPHO country figures (no date, edition not named) were left
  out, so there is no 2018 perinatal row and only a few nation rows (2013 and 2016).
- Maternities for 2014-16, 2016-18 and 2017-19 are not kept: their publications' rate rows are rounded restatements
  or missing, and maternities are not an indicator.
- Lever Taylor et al. (2023): the study period was not in the extract; the period is the publication year.
"""


# --------------------------------------------------------------------------------------------------
def read_extracts(folder: Path) -> list[dict]:
    rows = []
    for name in FILES:
        with open(folder / name, newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                row = dict(row)
                row["_file"], row["_line"] = name, line
                rows.append(row)
    return rows


def matches(rule: dict, row: dict) -> bool:
    if rule["file"] != row["_file"]:
        return False
    for key in ("dataset", "measure", "breakdown", "group", "period", "value"):
        want = rule[key]
        if want is None:
            continue
        have = row[key]
        if isinstance(want, re.Pattern):
            if not want.fullmatch(have):
                return False
        elif want != have:
            return False
    return True


def normalise_period(p: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{4})", p)
    if m:
        p = f"{m.group(1)}-{m.group(2)[2:]}"
    if not re.fullmatch(r"\d{4}(-\d{2})?", p):
        raise SystemExit(f"not a period: {p!r}")
    return p


def secondary_name(url: str) -> str:
    for needle, name in SECONDARY_SOURCES:
        if needle in url:
            return name
    raise SystemExit(f"no secondary-source name for {url}")


def join_notes(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def curate(folder: Path, indicators: dict) -> tuple[list[dict], list[tuple[dict, str]]]:
    rows = read_extracts(folder)
    out, skipped, errors = [], [], []
    by_key = {(r["_file"], r["_line"]): r for r in rows}
    for key, (value, _reason) in {**SKIP, **{k: (v[0], "") for k, v in ROW_FIXES.items()}}.items():
        if key not in by_key or by_key[key]["value"] != value:
            errors.append(f"{key[0]}:{key[1]} expected value {value!r}, found {by_key.get(key, {}).get('value')!r}")
    for row in rows:
        key = (row["_file"], row["_line"])
        if row["publication"].startswith(ONS_PUBLICATION):
            skipped.append((row, "ONS UK SDG row: the shipped file datasets/ons-sdg/indicator_3-1-1.csv is its primary source"))
            continue
        if key in SKIP:
            skipped.append((row, SKIP[key][1]))
            continue
        hits = [r for r in RULES if matches(r, row)]
        if len(hits) != 1:
            errors.append(f"{row['_file']}:{row['_line']} matched {len(hits)} rules: "
                          f"{row['dataset']} | {row['measure']} | {row['breakdown']} | {row['group']} | {row['period']}")
            continue
        o = hits[0]["out"]
        ind = indicators.get(o["indicator"])
        if ind is None:
            errors.append(f"{key}: indicator {o['indicator']} is not in indicators.yaml")
            continue
        unit, notes = ind["unit"], [o["note"]]
        if row["unit"] in WORDED_AS.get(unit, ()):
            worded = row["unit"].replace(" (as worded)", "").replace("100000", "100,000")
            notes.append(f"Unit worded by the source as '{worded}'.")
        elif row["unit"] not in UNITS.get(unit, ()):
            errors.append(f"{key}: unit {row['unit']!r} does not fit {o['indicator']} ({unit!r})")
        date = row["published_date"]
        fix = ROW_FIXES.get(key)
        if fix:
            notes.append(fix[1])
            if fix[2]:
                if date:
                    errors.append(f"{key}: a date fix is listed but the extract has a date")
                date = fix[2]
        if o["period"] and not date.startswith(o["period"]):
            errors.append(f"{key}: period {o['period']} is not the publication year {date}")
        if not date:
            errors.append(f"{key}: blank published_date and no justified date in ROW_FIXES")
        geography = o["geography"] or row["group"]
        if geography not in GEOGRAPHIES:
            errors.append(f"{key}: geography {geography!r}")
        rec = {
            "indicator": o["indicator"], "period": normalise_period(o["period"] or row["period"]), "breakdown": o["breakdown"],
            "group": o["group"] or row["group"], "geography": geography, "value": row["value"],
            "ci_lower": row["ci_lower"], "ci_upper": row["ci_upper"], "numerator": row["numerator"],
            "denominator": row["denominator"], "unit": unit, "publication": row["publication"],
            "published_date": date, "source_url": row["source_url"], "locator": row["locator"],
            "quality": "primary" if row["confidence"] == "high" else "secondary",
            "quality_source": "" if row["confidence"] == "high" else secondary_name(row["source_url"]),
            "note": join_notes(*notes),
            "_from": {"value": key, "ci_lower": key, "ci_upper": key, "numerator": key, "denominator": key},
            "_row": row,
        }
        if rec["breakdown"] != "overall" and rec["breakdown"] not in ind["breakdowns"]:
            errors.append(f"{key}: breakdown {rec['breakdown']} is not listed for {rec['indicator']}")
        if row["confidence"] not in ("high", "medium"):
            errors.append(f"{key}: confidence {row['confidence']!r}")
        out.append(rec)
    attach_counts(out, rows, errors)
    pk = Counter((r["indicator"], r["period"], r["breakdown"], r["group"], r["publication"]) for r in out)
    errors += [f"duplicate primary key {k}" for k, n in pk.items() if n > 1]
    if errors:
        raise SystemExit("curation failed:\n  " + "\n  ".join(errors))
    out.sort(key=lambda r: (r["indicator"], r["breakdown"], r["group"], r["period"], r["published_date"],
                            r["publication"], r["source_url"]))
    return out, skipped


# Count rows that give the numerator / denominator of a rate row of the same publication and period.
COUNT_SOURCES = {
    "maternal_mortality_rate": (M, MM, {DI: "numerator", "Maternities (denominator)": "denominator"}),
    "stillbirth_rate": (P, "stillbirth", None),
    "neonatal_mortality_rate": (P, "neonatal_mortality", None),
    "extended_perinatal_mortality_rate": (P, "extended_perinatal_mortality", None),
}


def attach_counts(out: list[dict], rows: list[dict], errors: list[str]) -> None:
    for rec in out:
        spec = COUNT_SOURCES.get(rec["indicator"])
        if not spec or rec["breakdown"] != "overall":
            continue
        file, dataset, groups = spec
        src = rec["_row"]
        for c in rows:
            if (c["_file"], c["dataset"], c["measure"], c["breakdown"], c["period"], c["publication"]) != \
                    (file, dataset, "count", "overall", src["period"], src["publication"]):
                continue
            if groups is not None:
                col = groups.get(c["group"])
                if not col:
                    continue
                wanted = {col: c["value"]}
            else:  # perinatal count rows carry numerator (and sometimes denominator) themselves
                wanted = {k: c[k] for k in ("numerator", "denominator") if c[k]}
            used = False
            for col, val in wanted.items():
                if rec[col] and rec[col] != val:
                    errors.append(f"{src['_file']}:{src['_line']} {col} {rec[col]} differs from {c['_file']}:{c['_line']} ({val})")
                elif not rec[col]:
                    rec[col], used = val, True
                    rec["_from"][col] = (c["_file"], c["_line"])
            if used and f"; counts: {c['locator']}" not in rec["locator"]:
                rec["locator"] += f"; counts: {c['locator']}"


def to_csv(records: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(COLUMNS)
    for r in records:
        w.writerow([r[c] for c in COLUMNS])
    return buf.getvalue()


def render(folder: Path) -> dict[str, str]:
    indicators = yaml.safe_load(INDICATORS_YAML.read_text(encoding="utf-8"))
    records, skipped = curate(folder, indicators)
    files: dict[str, list[dict]] = {name: [] for name in FILES}
    for r in records:
        files[TOPIC_FILE[indicators[r["indicator"]]["topic"]]].append(r)
    texts = {str(OUT_DIR / name): to_csv(recs) for name, recs in files.items()}
    texts[str(CURATION_MD)] = curation_md(records, skipped, indicators, files)
    return texts, records


def curation_md(records, skipped, indicators, files) -> str:
    n_by_ind = Counter(r["indicator"] for r in records)
    lines = [
        "# How the curated tables were built", "",
        "Generated by `tools/curate_extracts.py`; do not edit by hand. Re-run from the repository root:", "",
        "```sh", ".venv/bin/python tools/curate_extracts.py ../shared/data/extracts   # writes datasets/curated/*.csv and this file",
        ".venv/bin/python tools/curate_extracts.py ../shared/data/extracts --check   # checks the written files", "```", "",
        "Each row of `datasets/curated/*.csv` is one row of the research extracts (`shared/data/extracts/*.csv`), mapped by an",
        "explicit rule in the script (dataset, measure, breakdown, group pattern -> indicator, breakdown, group, geography,",
        "note). Values, intervals, counts, publication, source URL, locator and date are copied as written: nothing is",
        "computed, rounded or interpolated. A rate row gets a numerator/denominator from a count row only when that count row",
        "belongs to the same publication and period; its locator is then appended (`; counts: ...`). `quality` is `primary`",
        "for extract confidence *high* and `secondary` (with `quality_source`) for *medium*. Where a row had no",
        "`published_date`, the date comes from the row's own wording and `note` says how; otherwise the row is left out.",
        "Geography is `UK` where the source does not say otherwise (MBRRACE-UK figures); `UK and Ireland` where it does.", "",
        "Rows of the ONS UK SDG table are not copied: `datasets/ons-sdg/indicator_3-1-1.csv` is their primary source.",
        "Every extract row is accounted for: mapped, or listed below with its reason; anything else stops the script.", "",
        f"Extract rows: {len(records) + len(skipped)}; curated rows: {len(records)}; left out: {len(skipped)}.", "",
        "## Indicators and row counts", "", "| indicator | file | rows |", "|---|---|---|",
    ]
    for ind_id, meta in indicators.items():
        lines.append(f"| `{ind_id}` | {TOPIC_FILE[meta['topic']]} | {n_by_ind.get(ind_id, 0) or 'ONS only / none'} |")
    lines += ["", "| file | rows |", "|---|---|"] + [f"| datasets/curated/{n} | {len(v)} |" for n, v in files.items()]
    lines += ["", "## Indicator ids added to the brief's list", "", NEW_IDS.rstrip(), "",
              "## Known gaps", "", KNOWN_GAPS.rstrip(), "",
              "## Extract rows left out", "",
              "Line numbers (here and in the reasons) are extract rows, `file:line` with the header as line 1.", "",
              "| extract row | period | group | value | reason |", "|---|---|---|---|---|"]
    for row, reason in sorted(skipped, key=lambda s: (FILES.index(s[0]["_file"]), s[0]["_line"])):
        group = row["group"].replace("|", "/")
        lines.append(f"| {row['_file']}:{row['_line']} | {row['period']} | {group} | {row['value']} | {reason} |")
    lines += ["", "## Where each curated row comes from", "",
              "| curated row | extract row | counts from |", "|---|---|---|"]
    for name, recs in files.items():
        for i, r in enumerate(recs, start=2):
            src = f"{r['_row']['_file']}:{r['_row']['_line']}"
            extra = sorted({f"{f}:{n}" for col, (f, n) in r["_from"].items() if (f, n) != (r['_row']['_file'], r['_row']['_line'])})
            lines.append(f"| {name}:{i} | {src} | {', '.join(extra)} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
SAFE_MESSAGING = re.compile(r"\b(hang\w*|overdos\w*|poison\w*|jump\w*|ligature|railway|train|bridge|cliff|drown\w*|"
                            r"firearm|gun|stab\w*|knife|cut|method|location)\b", re.I)
SENSITIVE_INDICATORS = ("suicide", "psychiatric", "mental_health", "social", "csc", "dyads")


def check(folder: Path) -> list[str]:
    """Independent checks of the written files: identical to a fresh run, values verbatim, safe messaging."""
    problems = []
    texts, records = render(folder)
    for path, text in texts.items():
        on_disk = Path(path).read_bytes()
        if on_disk != text.encode("utf-8"):
            problems.append(f"{path} differs from a fresh run")
        if on_disk.startswith(b"\xef\xbb\xbf") or b"\r\n" in on_disk:
            problems.append(f"{path}: BOM or CRLF")
    raw = {}
    for name in FILES:  # re-read the extracts as plain text rows, independently of curate()
        with open(folder / name, newline="", encoding="utf-8") as fh:
            for line, cells in enumerate(csv.reader(fh), start=1):
                raw[(name, line)] = cells
    header = raw[(FILES[0], 1)]
    for name in FILES:
        written = list(csv.DictReader(open(OUT_DIR / name, newline="", encoding="utf-8")))
        for rec in written:
            if tuple(rec.keys()) != COLUMNS:
                problems.append(f"{name}: columns {tuple(rec.keys())}")
                break
    for rec in records:
        for col in ("value", "ci_lower", "ci_upper", "numerator", "denominator"):
            if not rec[col]:
                continue
            f, n = rec["_from"][col]
            cells = dict(zip(header, raw[(f, n)]))
            source_col = "value" if (col in ("numerator", "denominator") and (f, n) != (rec["_row"]["_file"], rec["_row"]["_line"])
                                     and rec["indicator"] == "maternal_mortality_rate") else col
            if cells[source_col] != rec[col]:
                problems.append(f"{rec['indicator']} {rec['period']} {col}={rec[col]} not verbatim in {f}:{n} ({cells[source_col]!r})")
        for col in ("source_url", "publication"):
            if rec[col] != dict(zip(header, raw[(rec['_row']['_file'], rec['_row']['_line'])]))[col]:
                problems.append(f"{col} changed for {rec['_row']['_file']}:{rec['_row']['_line']}")
        if any(s in rec["indicator"] for s in SENSITIVE_INDICATORS) or "suicide" in rec["group"].lower():
            for col in ("group", "note", "locator", "publication"):
                m = SAFE_MESSAGING.search(rec[col])
                if m:
                    problems.append(f"safe messaging: '{m.group(0)}' in {col} of {rec['indicator']} {rec['period']} {rec['group']}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("extracts", nargs="?", default=str(DEFAULT_EXTRACTS), help="folder with maternal.csv, perinatal.csv, social.csv")
    ap.add_argument("--check", action="store_true", help="only check the written files")
    args = ap.parse_args()
    folder = Path(args.extracts)
    if not folder.is_absolute():
        folder = (REPO / folder).resolve()
    if args.check:
        problems = check(folder)
        print("\n".join(problems) if problems else "check passed: files match a fresh run; every value is verbatim")
        sys.exit(1 if problems else 0)
    texts, records = render(folder)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        Path(path).write_bytes(text.encode("utf-8"))
    counts = Counter(r["indicator"] for r in records)
    for ind, n in sorted(counts.items()):
        print(f"{n:4d}  {ind}")
    print(f"{len(records):4d}  rows written")


if __name__ == "__main__":
    main()
