"""Thin views over reviews.services / reviews.selectors; every one asks reviews.rules, 404 when refused.

`queue` (the list, balancing, the CSV export), `review` (the application page, the conflict declaration,
assigning, clarification questions, documents), `decision` (the decision page, the letter, the audit trail),
`applicant` (the applicant's answer to a clarification).
"""
