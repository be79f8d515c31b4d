"""Every figure of the reports: one function each, taking the filters (and, for sponsors and
providers, what the person may see) and returning a `Figure` built from one or a few
`GROUP BY`/`aggregate` queries. Nothing here loops over candidates in Python.

The functions read other apps' models directly, read-only and only to aggregate
(docs/decisions/0015-reports.md); who may see what comes from those apps' `api`.
"""
