"""Working-group pages, one module per concept: groups (and rosters), meetings, ballots, proposals."""
