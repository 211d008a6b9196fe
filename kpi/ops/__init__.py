"""Operations that change the data: recording figures (by hand, at the prompt or from a CSV),
and preparing a new year's plan. Each reads through `compute`, writes through `files`."""
