"""One module per CLI verb: option handling already done, these do the work and return
an exit code."""
