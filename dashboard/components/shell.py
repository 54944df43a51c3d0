"""The page frame: skip link, header and navigation, and a footer with help in the same place on every page."""

from __future__ import annotations

from dash import dcc, html

NAV = (("/", "Home"), ("/explore", "Explore"), ("/topics/mental-health-and-social-care", "Mental health and social care"),
       ("/briefing", "Briefing"), ("/about", "About the data"))


def header() -> html.Header:
    return html.Header([
        html.A("Skip to main content", href="#main", className="skip-link"),
        html.Div([
            dcc.Link("UK maternal outcomes", href="/", className="brand"),
            html.Nav(html.Ul([html.Li(dcc.Link(label, href=href)) for href, label in NAV]), **{"aria-label": "Main"}),
        ], className="header-inner"),
    ], className="site-header")


def support_box() -> html.Aside:
    return html.Aside([
        html.H2("If this topic affects you", className="support-title"),
        html.P(["You can talk to Samaritans, free, any time, on ", html.A("116 123", href="tel:116123"),
                ". Your GP, midwife or health visitor can refer you to NHS perinatal mental health services. ",
                "For bereavement support, contact ", html.A("Sands", href="https://www.sands.org.uk/support-you"), " or ",
                html.A("Cruse", href="https://www.cruse.org.uk/"), "."]),
    ], className="support-box", **{"aria-labelledby": "support-title"})


def footer() -> html.Footer:
    return html.Footer([
        html.Ul([
            html.Li(dcc.Link("About the data", href="/about")),
            html.Li(dcc.Link("Definitions", href="/about#definitions")),
            html.Li(dcc.Link("Get support", href="/about#support")),
        ], className="footer-links"),
        html.P("An independent presentation of published figures. It is not a product of MBRRACE-UK or the Office "
               "for National Statistics. Figures from ONS are Crown copyright, under the Open Government Licence v3.0."),
    ], className="site-footer")
