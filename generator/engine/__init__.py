"""The torch side: assembling questions, planning a set, building it here or in worker processes, re-checking a bank."""
