"""``lstmq quiz``: a drill in the terminal, one question at a time, from a bank.

``session`` picks and orders the questions and words every message; ``plain`` asks line by
line (any stdin: a pipe, a file, a screen reader's terminal); ``menu`` asks with an
arrow-key menu (questionary) when stdin and stdout are a terminal. Nothing here imports torch.
"""
