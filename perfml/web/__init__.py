"""The web application of the dialogue de gestion (Django, French State design system).

Only this package imports Django. It reads every figure through the core API
(`perfml.indicators`, `perfml.groups`, `perfml.targets`, `perfml.reports`,
`perfml.funding`, `perfml.gj`) via the adapters of `perfml.web.figures`, and keeps the
workflow of the dialogue (campaigns, targets, audit log) in its own database.
"""
