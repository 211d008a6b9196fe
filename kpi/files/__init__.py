"""Reading and writing the files: the YAML source with its line numbers, capped reads, the data
folder, atomic writes, the writers' lock, the cache, the crash-recovery journal, edits in place,
the git trail. Knows the model; computes nothing."""
