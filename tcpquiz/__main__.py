"""Run tcpquiz as `python -m tcpquiz`."""

from tcpquiz.entry import main

if __name__ == "__main__":
    main()
