"""The MkDocs pages of question sets."""
