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


class TorchUnavailable(LstmqError, ImportError):
    """torch could not be loaded (a memory limit such as ``ulimit -v``, a broken install).

    An ImportError too, so a fork server that preloads the runner skips it quietly; the
    worker that needs torch then reports this same line."""


class Stopped(KeyboardInterrupt):
    """A SIGTERM or SIGHUP, raised like Ctrl+C's KeyboardInterrupt so the same cleanup runs.

    Not an ``Exception``: code that catches ``Exception`` (a snippet's error in the runner, a
    library's) must not swallow it. Exit code 128 + the signal number, as shells report it.
    """

    def __init__(self, signum: int) -> None:
        import signal

        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum
        super().__init__(self.name)
