"""The unit's quarterly form, in one place: the workbook `kpi form` makes (`build`), its layout
shared by writer and reader (`layout`), and the form sent back, opened and checked (`read`) and
read into entries for `kpi record --from` (`entries`). What a form holds is worked out by
`kpi.compute.forms`."""
