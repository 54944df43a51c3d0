"""Explore: any indicator, breakdown, groups, periods, measure and edition; the URL is the view.

- state: the URL parsed once at the edge into a valid ViewState (and written back in canonical form);
- view: one view's figures, chart spec, table, words and sources (pure);
- form: the controls as data, and a submitted form back to a canonical query;
- app: the /explore routes and the Dash app (the interactive layer).

This package's __init__ imports nothing, so the model and content layers can import explore.state and
explore.view without loading Flask or Dash.
"""
