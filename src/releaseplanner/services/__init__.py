"""Use cases: each opens one transaction, writes the journal with it, and returns a ChangeSet."""
