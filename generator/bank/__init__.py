"""Bank files: writing and reading them (``file``) and the rules a bank must follow (``schema``)."""
