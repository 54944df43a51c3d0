"""Explore's table: the unit written once in its heading, and column widths that follow the text each column holds
(no column half the table, none narrower than its longest word)."""

from __future__ import annotations

import pytest

from dashboard.explore.state import parse
from dashboard.explore.table import MAX_SHARE, _shares, _whole
from dashboard.explore.view import build_view

SOCIAL = "ind=known_to_social_services_share"
LONG_GROUPS = "ind=maternal_suicide_count&by=classification"  # "Timing as worded: within the first year of ..."


def view(store, query: str):
    return build_view(store, parse(query, store)[0])


def test_the_unit_is_written_once_in_the_heading(store):
    rate = view(store, "")
    assert rate.value_heading == "Figure (per 100,000 maternities)"   # indicators.yaml: unit of the rate
    assert not rate.value_cells
    assert view(store, SOCIAL).value_heading == "Figure"                 # a percentage carries its own sign
    assert view(store, "ind=maternal_suicide_count").value_heading == "Figure (women)"


def test_shares_follow_the_text_and_stop_below_half():
    # the third column holds 80% of the text: held at 48%, the other two share the rest equally (their text is equal)
    assert _shares([10, 10, 80], [0.05, 0.05, 0.05]) == pytest.approx([0.26, 0.26, 0.48])
    # a column with little text keeps its floor (its longest word), the widest stops at 48%, the third takes the rest
    assert _shares([1, 30, 60], [0.10, 0.05, 0.05]) == pytest.approx([0.10, 0.42, 0.48])
    assert _whole([0.333, 0.333, 0.334]) == (33, 33, 34)


QUINTILES = "by=deprivation&groups=Quintile 1 (least deprived)|Quintile 2|Quintile 3|Quintile 4|Quintile 5 (most deprived)"


@pytest.mark.parametrize("query", ["", "by=ethnicity", SOCIAL, LONG_GROUPS, QUINTILES])
def test_widths_are_whole_percentages_none_half_the_table(store, query):
    widths = view(store, query).column_widths
    assert len(widths) == 6 and sum(widths) == 100
    assert max(widths) <= MAX_SHARE * 100 < 50
    assert min(widths) >= 5   # "Group", "Count": a heading word and a row's longest word fit


def test_long_group_names_get_a_wider_group_column(store):
    overall, long_groups = view(store, "").column_widths, view(store, LONG_GROUPS).column_widths
    assert long_groups[1] >= 2 * overall[1]
    assert view(store, SOCIAL).column_widths[5] == 48  # long secondary-source flags: the source takes the most
