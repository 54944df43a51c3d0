"""What the reading pages say: pure functions from the store (and the recommendations) to plain dataclasses.

- common.py: the shared pieces (a Block of figures with its sentences, sources and Explore link; the blocks the
  home page and the briefing share, so both give the same verdicts);
- home.py, topic.py, briefing.py, about.py: one module per page.

Nothing here formats a number or decides significance: every figure is a dashboard.model Figure, every sentence
comes from dashboard.model.words (or is composed from a Figure's own texts and checked by assert_safe).
Templates (dashboard/web/templates) only render these dataclasses.
"""
