"""The MkDocs pages of question sets."""

DEFAULT_SET = "practice"  # the set a command writes or reads when none is named (here: light to import)
