"""Sentences about figures and differences, in plain words the evidence allows (each safe-message checked).

A change or a gap is called a rise, a fall or a real gap only when the source's words, or an exact test
calculated by this dashboard, say it is statistically significant; the sentence says which of the two it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dashboard.data.metadata import Uncited
from dashboard.data.query import period_words
from dashboard.model.compare import CALCULATED_TEST, HIGHER, LOWER, PERIODS, SIGNIFICANT, SOURCE, Statement, Verdict
from dashboard.model.figure import Figure, Source, date_words, number
from dashboard.text.safety import assert_safe

CALCULATED_NOTE = "calculated by this dashboard from the published counts"


def _ratio_part(ratio: float | None, lo: float | None, hi: float | None, p: float | None = None) -> str:
    if ratio is None:
        return ""
    text = f"rate ratio {number(ratio, 2)}"
    if lo is not None and hi is not None:
        text += f", 95% CI {number(lo, 2)} to {number(hi, 2)}"
    if p is not None:
        text += f", p = {p:.3f}" if p >= 0.001 else ", p < 0.001"
    return text


def _subject(v: Verdict) -> str:
    if v.kind == PERIODS:
        return f"the change between {v.b_label} and {v.a_label}"
    return f"the gap between the {group_words(v.a_label)} group and the {group_words(v.b_label)} group"


def _movement(v: Verdict) -> str:
    if v.kind == PERIODS:
        move = {HIGHER: "rise", LOWER: "fall"}.get(v.direction or "", "change")
        return f"{move} between {v.b_label} and {v.a_label}"
    a, b = group_words(v.a_label), group_words(v.b_label)
    move = {HIGHER: "higher", LOWER: "lower"}.get(v.direction or "")
    return f"{move} rate of the {a} group against the {b} group" if move else \
        f"difference between the {a} group and the {b} group"


def _who(s: Statement) -> str:
    """'MBRRACE-UK reports', with who restated it when the statement was not read at its producer."""
    if s.source.tier == "primary":
        return f"{s.source.producer_name} reports"
    if s.source.tier == "official":
        return f"{s.source.producer_name} reports (restated by {s.source.reported_by})"
    return f"{s.source.producer_name} reports (as quoted by {s.source.reported_by}; not checked against the original)"


def _quoted(s: Statement) -> str:
    """The source's own words, in a short sentence of their own, when they say more than the numbers."""
    return f' In its own words: "{s.words}".' if s.words and not s.words.lower().startswith("rate ratio") else ""


def _counts_caveat(v: Verdict) -> str:
    """Say so when the counts behind a calculated test were read on a secondary page."""
    notes = []
    for f in (v.b, v.a):
        if f is None:
            continue
        borrowed = f.counts_source if f.counts_source is not None else f.source
        if borrowed.tier == "secondary":
            notes.append(f"{f.label if v.kind != PERIODS else f.period} were reported by {borrowed.reported_by}")
    if not notes:
        return ""
    return f" The counts for {' and '.join(notes)}, not checked against the original."


def _covid_overrules(v: Verdict) -> bool:
    """The source finds the change statistically significant with COVID-19 deaths left out, while the answer with
    every death counted is not significant: then nobody may read it as 'down to chance'."""
    c = v.covid_excluded
    return v.kind == PERIODS and c is not None and c.significance == SIGNIFICANT and v.significance != SIGNIFICANT


def _covid_line(v: Verdict) -> str:
    """What the source says about the change with deaths from COVID-19 left out ('' when it says nothing); in its
    own words too when that overrules a not-significant answer."""
    c = v.covid_excluded
    if c is None or v.kind != PERIODS:
        return ""
    state = "statistically significant" if c.significance == SIGNIFICANT else "not statistically significant"
    quoted = _quoted(c) if _covid_overrules(v) else ""
    return assert_safe(f"With deaths from COVID-19 left out, {_who(c)} that the change is {state}.{quoted}")


def verdict_sentence(v: Verdict) -> str:
    """One sentence: is it a real difference, and who says so. Where the source finds the change significant with
    COVID-19 deaths left out, a not-significant answer with every death counted says so instead of 'may be down to
    chance'."""
    if _covid_overrules(v):
        chance = ", so it may be down to chance."
        return assert_safe(_verdict_sentence(v).replace(chance, ".", 1) + " " + _covid_line(v))
    return _verdict_sentence(v)


def _verdict_sentence(v: Verdict) -> str:
    subject = _subject(v)
    if v.method == SOURCE and v.deciding is not None:
        s = v.deciding
        ci = s.ci
        detail = _ratio_part(s.ratio, ci.lower if ci else None, ci.upper if ci else None, s.p_value)
        detail = f" ({detail})" if detail else ""
        if s.by_interval:
            sig = "statistically significant" if v.significance == SIGNIFICANT else "not statistically significant"
            side = "leaves out" if v.significance == SIGNIFICANT else "includes"
            return assert_safe(f"{_who(s)} a rate ratio whose 95% confidence interval {side} 1{detail}, so {subject} "
                               f"is {sig}.")
        if v.significance == SIGNIFICANT:
            return assert_safe(f"{_who(s)} that the {_movement(v)} is statistically significant{detail}.{_quoted(s)}")
        return assert_safe(f"{_who(s)} that {subject} is not statistically significant{detail}, so it may be down "
                           f"to chance.{_quoted(s)}")
    if v.method == CALCULATED_TEST and v.ci is not None:
        detail = f" ({_ratio_part(v.ratio, v.ci.lower, v.ci.upper, v.p_value)}; {CALCULATED_NOTE})"
        if v.significance == SIGNIFICANT:
            text = (f"The source gives no test, but an exact test of the counts finds the {_movement(v)} "
                    f"statistically significant{detail}.")
        else:
            text = (f"The source gives no test, and an exact test of the counts finds {subject} not "
                    f"statistically significant{detail}, so it may be down to chance.")
        return assert_safe(text + _counts_caveat(v))
    return assert_safe(f"The source gives no test of {subject}, and the counts needed for one are not in this "
                       "dataset, so we cannot say if it is real.")


def size_sentences(v: Verdict) -> list[str]:
    """Published sizes without a test ('20% higher'), and what the source says with COVID-19 deaths left out."""
    out = []
    for s in v.sizes[:1]:
        out.append(assert_safe(f'{_who(s)} it as "{s.words}".'))
    if _covid_line(v) and not _covid_overrules(v):  # else verdict_sentence already says it
        out.append(_covid_line(v))
    return out


def compare_sentences(v: Verdict) -> list[str]:
    """The answer and its context, for a page or a briefing."""
    out = []
    if v.a is not None and v.b is not None and v.a.value is not None and v.b.value is not None:
        if v.kind == PERIODS:
            out.append(assert_safe(f"The figure was {v.b.value_text} in {period_words(v.b.period)} and "
                                   f"{v.a.value_text} in {period_words(v.a.period)}."))
        else:
            out.append(assert_safe(f"In {period_words(v.a.period)}, the figure was {v.a.value_text} for the {v.a.group} "
                                   f"group and {v.b.value_text} for the {v.b.group} group."))
    return out + [verdict_sentence(v)] + size_sentences(v)


def figure_sentence(f: Figure) -> str:
    """What the number means, in a short sentence (the indicator's plain template where it has one)."""
    ind = f.indicator
    if f.value is None:
        return assert_safe(f"No figure for {f.period_words} is in this dataset.")
    if ind.plain_template:
        about = number(f.value, 0) if f.value >= 10 else number(f.value, 1)
        return assert_safe(ind.plain_template.format(value=about, period_words=f.period_words,
                                                     group=group_words(f.group)))
    who = "" if f.group == "All" else f" for {f.group}"
    return assert_safe(f"{ind.plain_title}{who}: {f.value_text} in {f.period_words}.")


def precision_sentence(f: Figure) -> str:
    """The exact figure with its interval (saying who calculated it), its count and its period."""
    text = f"The figure was {f.value_text} in {f.period}"
    if f.ci is not None:
        text += f" (95% confidence interval {f.ci_numbers()})"
    if f.count_text:
        text += f", based on {f.count_text}"
    text += "."
    if f.ci is not None and f.ci.calculated:
        text += f" The interval was {CALCULATED_NOTE}."
    elif f.ci is None and f.indicator.measure != "count":
        text += " Its source gives no confidence interval."
    if f.small_count is not None:
        text += " It rests on fewer than 20 events, so it can change a lot by chance."
    return assert_safe(text)


def group_sentences(figs: list[Figure] | tuple[Figure, ...]) -> list[str]:
    """The latest figure of each group in short sentences ('Direct: 5.19 per 100,000 maternities in 2018-20.'),
    each with its interval and count where there is one; the figures with no published interval are named once,
    after the list, rather than in every line."""
    shown = [f for f in figs if f.value is not None]
    out = [assert_safe("The chart shows 1 group. Here is its latest figure." if len(shown) == 1 else
                       f"The chart shows {len(shown)} groups. Here is the latest figure for each.")]
    for f in shown:
        extras = [f"95% CI {f.ci_numbers()}" + (", calculated" if f.ci.calculated else "")] if f.ci else []
        extras += [f.count_text] if f.count_text else []
        out.append(assert_safe(f"{f.label}: {f.value_text} in {f.period}" + (f" ({'; '.join(extras)})" if extras
                                                                               else "") + "."))
    if any(f.ci is not None and f.ci.calculated for f in shown):
        out.append(assert_safe(f"Intervals marked calculated were {CALCULATED_NOTE}."))
    bare = [f for f in shown if f.ci is None and f.indicator.measure != "count"]
    if bare:
        which = ("this figure" if len(shown) == 1 else "these figures") if len(bare) == len(shown) else \
            f"{len(bare)} of these figures"
        out.append(assert_safe("Its source gives no confidence interval." if which == "this figure" else
                               f"Their sources give no confidence interval for {which}."))
    return out


_COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def period_length(f: Figure) -> str:
    """'a single year', 'a three-year period', 'a six-year period': what a figure's period spans."""
    n = f.years
    if n == 1:
        return "a single year"
    word = _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)
    article = "an" if word.startswith(("eight", "8")) or n in (11, 18) else "a"  # an eight-, an 11-, an 18-year
    return f"{article} {word}-year period"


def ratio_sentence(f: Figure, subject: str = "rate") -> str:
    """A published ratio between two groups in words: 'In 2018 to 2020, the rate for women in the Black group
    was 3.7 times the rate for women in the White group.'"""
    from dashboard.model.select import split_pair

    a, b = split_pair(f.group)
    if f.value is None:
        return assert_safe(f"No ratio for {f.period_words} is in this dataset.")
    return assert_safe(f"In {f.period_words}, the {subject} for women in the {group_words(a)} group was {f.number} "
                       f"times the rate for women in the {group_words(b) or 'comparison'} group.")


# Group names written with a capital inside a sentence (ethnic groups as MBRRACE-UK writes them; places).
PROPER_WORDS = frozenset({"Black", "White", "Asian", "Mixed", "Chinese", "Arab", "Other", "UK", "England", "Wales",
                          "Scotland", "Northern", "Ireland", "COVID-19", "SUDEP"})


def group_words(label: str) -> str:
    """A group label as it reads inside a sentence: 'Most deprived' -> 'most deprived'; 'Black' stays."""
    first = label.split(" ", 1)[0] if label else ""
    return label if not label or first in PROPER_WORDS or first.isupper() else label[0].lower() + label[1:]


def newer_sentence(newer: list[Figure] | tuple[Figure, ...]) -> str:
    """Why newer figures sit apart from the headline: only secondary sources give them."""
    periods = list(dict.fromkeys(period_words(f.period) for f in newer))
    when = " and ".join(periods)
    if len(newer) == 1:
        return assert_safe(f"A newer figure, for {when}, was reported only by a secondary source. It is shown with "
                           "its flag.")
    return assert_safe(f"Newer figures, for {when}, were reported only by secondary sources. They are shown with "
                       "their flags.")


def _runs(periods: list[str]) -> list[str]:
    out: list[list[str]] = []
    for p in periods:
        if out and int(p[:4]) - int(out[-1][-1][:4]) == 1:
            out[-1].append(p)
        else:
            out.append([p])
    return [r[0] if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in out]


def _listed(periods: list[str]) -> str:
    runs = _runs(periods)
    return runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1]


def gaps_sentence(missing: list[str], chart: bool = True, uncited: Sequence[Uncited] = ()) -> str:
    """The periods with no figure in this dataset, named (a chart leaves them empty; nothing is filled in).

    It never says a figure was not published: only that none was found on a page this dataset can cite. Values
    known for a gap but read on no citable page (`uncited`, from the indicator's metadata) are named with who
    restated them, and still not charted."""
    many = len(missing) > 1
    text = (f"No figure for {'the periods ' if many else ''}{_listed(missing)} is in this dataset (none was found "
            "on a page it could cite).")
    known = [u for u in uncited if u.period in missing]
    if known:
        parts = [f"{u.period} ({u.value_text})" for u in known]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        by = list(dict.fromkeys(f"{u.restated_by} in {u.where}" for u in known))
        why = list(dict.fromkeys(u.why_uncited for u in known))
        text += (f" {'Figures' if len(known) > 1 else 'A figure'} for {listed} {'were' if len(known) > 1 else 'was'}"
                 f" restated by {' and '.join(by)}, {'; '.join(why)}, so {'they are' if len(known) > 1 else 'it is'}"
                 " not shown.")
    if chart:
        text += (f" The chart leaves {'these gaps' if many else 'this gap'} empty and does not join the points "
                 "across them.")
    else:
        text += f" {'These gaps stay' if many else 'This gap stays'} empty: nothing is filled in."
    return assert_safe(text)


def verdict_short(v: Verdict, earlier: bool = False) -> str:
    """'Change from 2021-23: not statistically significant (the source's test)' - the answer in a few words, for
    the later figure (or, with earlier=True, for the earlier one: 'Change to 2022-24: ...')."""
    if v.kind == PERIODS:
        what = f"Change to {v.a_label}" if earlier else f"Change from {v.b_label}"
    else:
        what = f"Gap to the {v.b_label} group"
    if v.method == SOURCE:
        how = "the source's test"
    elif v.method == CALCULATED_TEST:
        how = "exact test calculated by this dashboard"
    else:
        return f"{what}: no test published"
    sig = "statistically significant" if v.significance == SIGNIFICANT else "not statistically significant"
    return f"{what}: {sig} ({how})"


NO_COMPARISON = "No comparison is drawn from this figure."


def chart_alt(what: str, title: str, figs: list[Figure] | tuple[Figure, ...]) -> str:
    """A chart's text alternative: what it is, what it shows, its periods and groups, and its newest figure."""
    shown = [f for f in figs if f.value is not None]
    subject = title[0].lower() + title[1:]
    if not shown:
        return assert_safe(f"An empty chart: no figures in this dataset for {subject}.")
    ordered = sorted(shown, key=lambda f: (f.start, f.end))
    periods = ordered[0].period if ordered[0].period == ordered[-1].period else \
        f"{ordered[0].period} to {ordered[-1].period}"
    groups = list(dict.fromkeys(f.group for f in shown if f.group != "All"))
    last = ordered[-1]
    text = f"{what} of {subject}, {periods}" + (f", for {', '.join(groups)}" if groups else "") + \
        f". Latest figure: {'' if last.group == 'All' else last.group + ', '}{last.period}: {last.value_text}"
    if last.ci is not None:
        text += f" (95% CI {last.ci_short})"
    return assert_safe(text + ".")


def table_cut_sentence(shown: int, total: int) -> str:
    """Why a printed table is shorter than the view: the newest figures only, the rest a link away."""
    return assert_safe(f"To fit one page, the table shows the newest {shown} of the {total} figures in this view. "
                       "Explore and its CSV download have them all.")


# ---- what travels with a shared chart (images, embeds, the share panel) -----------------------------------------

# The support text, written once: the support box on a page (title, text, bereavement line, with these words linked)
# and the one line that travels with a shared chart.
SUPPORT_TITLE = "If this topic affects you"
SUPPORT_TEXT = ("You can talk to Samaritans, free, any time, on 116 123. Your GP, midwife or health visitor can refer "
                "you to NHS perinatal mental health services.")
BEREAVEMENT_TEXT = "For bereavement support, contact Sands or Cruse."
SUPPORT_LINKS = (("116 123", "tel:116123"), ("Sands", "https://www.sands.org.uk/support-you"),
                 ("Cruse", "https://www.cruse.org.uk/"))
SUPPORT_LINE = f"{SUPPORT_TITLE}, {SUPPORT_TEXT[0].lower()}{SUPPORT_TEXT[1:]}"
CI_HIDDEN = ("95% confidence intervals are hidden in this view; they are in the table and the CSV at the link "
             "below.")


def tier_source_line(s: Source) -> str:
    """The source line under a chart that leaves the site (Source.line, the one writer)."""
    return s.line


def made_line(site_name: str, day: date) -> str:
    """When and by whom an exported chart was made."""
    return f"Made on {date_words(day.isoformat())} by {site_name}, an independent presentation of published figures."


def view_citation(site_name: str, version: str, title: str, permalink: str, day: date) -> str:
    """How to cite a view of this dashboard (cite the figures' own publications too)."""
    return (f"{site_name} (version {version}). {title}. An independent presentation of published figures. "
            f"{permalink} (accessed {date_words(day.isoformat())}).")


def more_sources_line(n: int) -> str:
    """Under an image that names only the newest sources."""
    return f"And {n} other publication{'s' if n != 1 else ''} for earlier periods: each figure's source is in the CSV."


def more_online_sentence(n: int) -> str:
    """What a printed list leaves out: 'And 3 more in the online briefing.'"""
    return assert_safe(f"And {n} more in the online briefing." if n > 1 else "And 1 more in the online briefing.")


# ---- the answer-first lines of a reading page's block ------------------------------------------------------------


def headline_sentence(f: Figure) -> str:
    """The key number in one sentence, with its interval (and who calculated it), its count and its period:
    'Women who died during pregnancy or within six weeks: 12.80 per 100,000 maternities in 2022 to 2024 (95% CI
    11.27 to 14.48, calculated by this dashboard from the published counts; 252 deaths among 1,969,321
    maternities).'"""
    who = f.indicator.plain_title if f.group == "All" else f"{f.indicator.plain_title}, {f.group}"
    if f.value is None:
        return assert_safe(f"{who}: no figure for {f.period_words} is in this dataset.")
    extras = [x for x in (f.ci_text, f.count_text) if x]
    text = f"{who}: {f.value_text} in {f.period_words}" + (f" ({'; '.join(extras)})" if extras else "") + "."
    if f.small_count is not None:
        text += " It rests on fewer than 20 events, so it can change a lot by chance."
    return assert_safe(text)


def largest_sentence(figs: list[Figure] | tuple[Figure, ...], noun: str = "causes") -> str:
    """The largest figures of one period in one sentence: 'In 2021 to 2023, the largest causes were heart disease
    (16%), ... and suicide (9%).' One figure alone is no ranking: 'In 2019 to 2021, COVID-19 caused 14% of the deaths.'"""
    shown = [f for f in figs if f.value is not None]
    if not shown:
        return assert_safe(f"No {noun} were published.")
    parts = [f"{group_words(f.group)} ({f.short})" for f in shown]
    if len(parts) == 1:  # one figure is no ranking
        f = shown[0]
        return assert_safe(f"In {f.period_words}, {group_words(f.group)} caused {f.short} of the deaths.")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return assert_safe(f"In {shown[0].period_words}, the largest {noun} were {listed}.")


def plain_sentences(f: Figure) -> list[str]:
    """The figure read in plain words ('About 13 in every 100,000 women ...') where its indicator has a template:
    said beside its headline sentence, which already gives the number, interval and count."""
    return [figure_sentence(f)] if f.indicator.plain_template and f.value is not None else []


# ---- headlines that carry the number (images, social cards) ------------------------------------------------------

SOCIAL_CARE_FRAMING = ("Contact with social care is an association, not a cause of death. The researchers behind the "
                       "national study of social care put it as 'support, not blame'.")
NO_CI_LINE = "Their sources give no confidence interval for {which}."


def _by_period(figs: list[Figure]) -> list[Figure]:
    return sorted(figs, key=lambda f: (f.start, f.end))


def headline(figs: list[Figure] | tuple[Figure, ...]) -> str:
    """The key number of a chart in one sentence, for the top of an image or a card.

    One group over time: the latest figure and the first of the same period length ('Women who died who were known
    to social services: 22% in 2020-22, compared with 12% in 2012-14.'). Several groups: each group's latest
    figure, the unit once. A change is never called a rise or a fall here: whether it is real is said elsewhere."""
    shown = [f for f in figs if f.value is not None]
    if not shown:
        return ""
    groups = list(dict.fromkeys(f.group for f in shown))
    ordered = _by_period(shown)
    latest = ordered[-1]
    title = latest.indicator.title
    if len(groups) == 1:
        who = "" if latest.group == "All" else f" ({latest.group})"
        text = f"{title}{who}: {latest.value_text} in {latest.period}"
        first = next(f for f in ordered if f.years == latest.years)
        if first is not latest:
            text += f", compared with {first.value_text} in {first.period}"
        return assert_safe(text + ".")
    parts = []
    for i, g in enumerate(groups):
        f = _by_period([x for x in shown if x.group == g])[-1]
        value = f.value_text if i == 0 else f.short
        value += " times" if f.indicator.measure == "ratio" else ""
        parts.append(f"{g} {value}" + ("" if f.period == latest.period else f" (in {f.period})"))
    shown_groups = parts[:4] + ([f"and {len(parts) - 4} more"] if len(parts) > 4 else [])
    return assert_safe(f"{title}, {latest.period}: {'; '.join(shown_groups)}.")


def no_interval_line(figs: list[Figure] | tuple[Figure, ...]) -> str:
    """Under an image whose figures (some or all) have no published interval, saying so once."""
    shown = [f for f in figs if f.value is not None and f.indicator.measure != "count"]
    bare = [f for f in shown if f.ci is None]
    if not bare:
        return ""
    which = "these figures" if len(bare) == len(shown) else f"{len(bare)} of the {len(shown)} figures"
    return assert_safe(NO_CI_LINE.format(which=which))


def social_care_view(caveats: tuple[str, ...] | list[str]) -> bool:
    """A view about contact with social care (its indicator's caveats say the contact is an association)."""
    return any("social" in c.lower() and "association, not a cause" in c.lower() for c in caveats)


def causes_sentence(figs: list[Figure] | tuple[Figure, ...]) -> str:
    """The leading causes of one period, largest first: 'In 2020 to 2022, the leading causes of death were COVID-19
    (14%), cardiac disease (13%) and ...' (saying when a secondary source gives them)."""
    shown = sorted((f for f in figs if f.value is not None), key=lambda f: -(f.value or 0))
    if not shown:
        return ""
    parts = [f"{group_words(f.group)} ({f.short})" for f in shown]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    text = f"In {shown[0].period_words}, the leading causes of death during pregnancy or within six weeks were {listed}."
    flagged = [f for f in shown if f.source.flag]
    reporters = list(dict.fromkeys(f.source.reported_by for f in flagged))
    if len(flagged) == len(shown) and len(reporters) == 1:
        text += f" These shares were reported by {reporters[0]}; not checked against the original."
    elif flagged:
        clauses = []
        for who in reporters:
            causes = [group_words(f.group) for f in flagged if f.source.reported_by == who]
            named = causes[0] if len(causes) == 1 else ", ".join(causes[:-1]) + " and " + causes[-1]
            clauses.append(f"the share for {named} was reported by {who}" if len(causes) == 1
                           else f"the shares for {named} were reported by {who}")
        text += " " + "; ".join(clauses)[0].upper() + "; ".join(clauses)[1:] + "; not checked against the original."
    return assert_safe(text)


def gap_sentence(f: Figure) -> str:
    """A published ratio between two groups in a sentence for a reader in a hurry: 'In 2021 to 2023, the death
    rate for women in the Black group was 2.3 times the rate for women in the White group.'"""
    return ratio_sentence(f, "death rate")


def other_lengths_sentence(kept: Figure, left: list[Figure] | tuple[Figure, ...]) -> str:
    """Why counts over other lengths of time are not on a chart: 'The chart shows counts over a three-year period.
    The count for 2009-14 (a six-year period) is in the table: counts over different lengths of time cannot share
    an axis.'"""
    periods = [f"{f.period} ({period_length(f)})" for f in left]
    listed = periods[0] if len(periods) == 1 else ", ".join(periods[:-1]) + " and " + periods[-1]
    which = "The count for" if len(periods) == 1 else "The counts for"
    verb = "is" if len(periods) == 1 else "are"
    return assert_safe(f"The chart shows counts over {period_length(kept)}. {which} {listed} {verb} in the table: "
                       "counts over different lengths of time cannot share an axis.")
