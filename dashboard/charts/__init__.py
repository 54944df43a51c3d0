"""Pure Plotly figure builders: DataFrame + Indicator in, go.Figure out. No Dash, no globals."""
