# Review, conflict-of-interest and decision models come with the review issue.
