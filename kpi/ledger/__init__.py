"""The ledger stage: the data files, read by `kpi.files`, made into one validated ledger.

`load.load_ledger` reads every plan, the settings and every actuals file, applies the rules the
data must satisfy (`plan_rules`, `printed_text`, `actuals_rules`, `plan_names`, `settings_rules`,
`rules` for a recorded figure) and refuses the ledger with every error at once; what passed is kept
in the cache (`cache_entries`). `plans` and `year_actuals` say which plan speaks for a day and
what a year's actual is. The judging of the ledger (status, reports, `kpi check`'s further
findings) is `kpi.compute`, above this stage.
"""
