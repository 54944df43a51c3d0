"""The leading-causes sentence names who reported each share (datasets/curated/maternal.csv: the 2020-22 shares of
COVID-19 and cardiac disease were read on AIMS's summary, thrombosis on the PA story on Express & Star)."""

from dashboard.data.query import Selection
from dashboard.model.select import figures
from dashboard.model.words import causes_sentence


def test_each_share_names_the_page_that_reported_it(store):
    figs = [f for f in figures(store, Selection("maternal_deaths_cause_share", "cause")) if f.period == "2020-22"]
    text = causes_sentence(figs)
    assert text.startswith("In 2020 to 2022, the leading causes of death during pregnancy or within six weeks were "
                           "thrombosis and thromboembolism (16%), COVID-19 (14%) and cardiac disease (13%).")
    assert ("The share for thrombosis and thromboembolism was reported by Express & Star (news); the shares for "
            "COVID-19 and cardiac disease were reported by AIMS (maternity charity); not checked against the "
            "original.") in text
    assert "These shares were reported by Express & Star" not in text


def test_one_share_alone_is_said_as_a_figure_not_as_the_largest(store):
    # maternal.csv line 81: COVID-19, 14% of the 241 women who died in 2019-21 (33 of them), the only 2019-21 share
    from dashboard.content.common import causes_block
    from dashboard.model.words import largest_sentence
    figs = [f for f in figures(store, Selection("maternal_deaths_cause_share", "cause")) if f.period == "2019-21"]
    assert len(figs) == 1
    assert largest_sentence(figs) == "In 2019 to 2021, COVID-19 caused 14% of the deaths."
    block = causes_block(store)
    assert "largest" not in " ".join(block.sentences[:3])
