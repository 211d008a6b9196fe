"""The computations: the rules a file must keep (checks), the whole ledger loaded and validated,
the reporting date, and where each indicator stands (status, overdue, show), with the arithmetic
written out. Plain functions over typed data: no printing, no exit, no typer or rich."""
