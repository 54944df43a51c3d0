"""Plain-English definitions of the terms the dashboard uses (shown on About, linked from Explore)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    anchor: str
    definition: str


GLOSSARY: tuple[Term, ...] = (
    Term("Maternities", "maternities",
         "The number of women who gave birth. It counts women who had a live baby at any stage of pregnancy, or a "
         "stillborn baby at 24 weeks or later. Twins count once. It is the base of the maternal death rate."),
    Term("Maternal death", "maternal-death",
         "The death of a woman while pregnant or within 42 days (six weeks) of the end of pregnancy, from a cause "
         "linked to the pregnancy or made worse by it."),
    Term("Direct death", "direct",
         "A death from a problem caused by pregnancy itself, such as heavy bleeding, blood clots or sepsis. "
         "It includes problems caused by care given in pregnancy."),
    Term("Indirect death", "indirect",
         "A death from a health problem that pregnancy made worse, such as heart disease, epilepsy or a mental "
         "health condition. The problem may have started before or during pregnancy."),
    Term("Coincidental death", "coincidental",
         "A death with no link to the pregnancy, such as some accidents. These deaths are not part of the "
         "maternal death rate."),
    Term("Late death", "late-deaths",
         "A death more than six weeks but less than a year after the end of pregnancy. The enquiries look at "
         "these deaths too. Many are from mental health causes."),
    Term("Maternal mortality rate", "rate",
         "Direct and indirect deaths within six weeks, for every 100,000 maternities. It is the UK's main "
         "measure. The ratio per 100,000 live births is used to compare countries."),
    Term("Deprivation quintile", "deprivation",
         "Areas of England ranked by how deprived they are, then split into five equal groups. Quintile 1 is the "
         "least deprived fifth of areas. Quintile 5 is the most deprived. It describes the area a woman lived in, "
         "not the woman herself."),
    Term("Confidence interval", "confidence-interval",
         "A range that shows how sure we can be of a figure. With few deaths, chance moves a rate a lot. We show "
         "95% intervals: the true rate is likely to lie inside the range. When the range is wide, be careful."),
    Term("Statistically significant", "significance",
         "A change or gap that is unlikely to be down to chance alone. We only say a rate went up or down when "
         "the source's test, or an exact test on its counts, says the change is significant. Significant does "
         "not mean large, and it does not explain why."),
    Term("Rate ratio", "rate-ratio",
         "One rate divided by another. A ratio of 2 means the rate is twice as high. A ratio of 1 means no "
         "difference. If the interval includes 1, the gap is not statistically significant."),
    Term("Rolling three-year period", "rolling-periods",
         "Maternal deaths are rare, so the reports pool three years, such as 2020 to 2022. Each new report moves "
         "on by one year. Next to each other, periods share two years, so they are not separate samples."),
    Term("Small numbers", "small-numbers",
         "When a figure rests on fewer than 20 deaths, chance can move it a lot. We flag these figures and do not "
         "headline their changes."),
    Term("Known to social services", "social-services",
         "The woman was in touch with social services, for her or her children, before she died. This is an "
         "association, not a cause. It points to where more support could help, not to blame."),
    Term("Primary source", "primary",
         "We read the figure where the people who made it published it. That is an MBRRACE-UK report or data "
         "brief, the ONS data file, or the journal article itself."),
    Term("Official summary", "official",
         "A figure we read where a public body restated it, such as HQIP, NHS England, Parliament or GOV.UK. We "
         "name the body beside the figure, because we have not yet read it in the original."),
    Term("Calculated interval", "calculated-interval",
         "Some sources give the counts but no range. Then this dashboard works out the 95% confidence interval "
         "itself, with an exact method, and always labels it 'calculated by this dashboard'."),
    Term("Published comparison", "published-comparison",
         "What a source itself says about whether two figures differ, such as 'a statistically significant "
         "increase'. We use the source's words first. If it gives none, we test the counts ourselves and say so."),
    Term("Secondary source", "secondary",
         "A page that quoted a figure, such as a charity or a news story, when we could not read it in the "
         "original report. We name the page and flag the figure until it is checked."),
    Term("Data edition", "editions",
         "Reports revise earlier figures as late reports come in. Each figure keeps the report it came from. "
         "You can see the figures as they stood when any report came out."),
)
