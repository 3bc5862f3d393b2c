"""Run tcpquiz as `python -m tcpquiz`."""

from tcpquiz.cli import main

if __name__ == "__main__":
    main()
