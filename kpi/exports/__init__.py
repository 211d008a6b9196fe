"""The ledger for other tools: the same tables as a Frictionless Data Package and as a SQLite database.

`tables` lays the ledger out as rows (the status rows are the ones `kpi status` computes);
`datapackage` and `sqlite` write those rows; `write` puts the files in place, never half-written.
"""
