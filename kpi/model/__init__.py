"""The data model and its vocabulary: the plan catalogue and the actuals as typed models, quarters,
numbers and dates as the plan writes them, the words for kinds and statuses. Imports nothing of kpi
but the foundations (`kpi.errors`, `kpi.i18n`)."""
