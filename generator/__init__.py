"""lstmq: torch-verified questions about PyTorch's nn.LSTM.

Importing this package must stay cheap: torch is imported only by ``lstmq.engine.runner``.
"""

__version__ = "0.1.0"
