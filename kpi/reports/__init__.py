"""The reports handed to the city: the plan's appendix table filled in to a reporting date.

`layout` builds the rows once, from the same status rows `kpi status` shows; `text`, `xlsx` and
`html` only lay those rows out. Nothing here prints.
"""
