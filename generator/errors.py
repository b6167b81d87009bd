"""Domain errors. The CLI turns them into one-line messages and exit codes in one place."""


class LstmqError(Exception):
    """A failure the user should read as one line (exit code 1)."""

    exit_code = 1


class RequestError(LstmqError):
    """A request that cannot be met as asked, such as more questions than exist (exit code 2)."""

    exit_code = 2


class GenerationError(LstmqError):
    """A family could not produce a verified question (torch disagreed, or too few distractors)."""


class BankError(LstmqError):
    """A bank file that cannot be read: bad JSON, a missing or mistyped field, a newer schema."""
