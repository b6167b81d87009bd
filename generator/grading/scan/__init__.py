"""``lstmq scan``: read filled answer sheets back into the responses CSV ``lstmq grade`` takes.

``inputs`` turns PDFs and images into grey pages; ``locate`` finds the QR code and the four
corner squares and computes the page's homography; ``marks`` measures every bubble against the
page's own empty bubbles and decides filled, empty or "for review"; ``annotate`` draws what
was read; ``job`` runs a batch (one bad page never stops it) and writes responses, review and
the annotated pages; ``review`` applies the teacher's corrections. Torch is never imported.
"""
