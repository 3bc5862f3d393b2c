"""tcpquiz: spaced-repetition TCP study in the terminal."""

__version__ = "0.1.0"
