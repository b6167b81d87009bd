"""Machine-readable answer sheets: one layout description shared by the renderer and the scanner.

``layout`` is pure geometry (millimetres from the page's top-left corner); ``code`` is the text
of the sheet's QR code; ``render`` turns sheets into PDF with Typst. ``lstmq scan`` reads bubble
positions from the very same ``layout`` functions, so what is printed and what is measured
cannot drift apart.
"""
