"""Appraisal's use cases: load via the store, decide with the domain rules, save, add events.

Nothing here commits: the caller (a GraphQL mutation or a consumer) owns the transaction.
"""
