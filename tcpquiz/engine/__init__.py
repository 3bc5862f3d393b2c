"""The TCP engine: RFC 9293's state machine, a two-endpoint simulator, generated questions.

Pure Python: it imports nothing from the store, the CLI or rich, and hands the rest of
tcpquiz plain values (tcpquiz.cards.DeckDraft).

    fsm          the eleven states, the events, the transition table, Machine
    seqnum       sequence-number arithmetic modulo 2^32
    scenarios    the named scenarios and the network settings
    sim          endpoints, network and timers; simulate() -> SimResult
    diagram      a SimResult as a sequence diagram (text with style names)
    questions    generate(), materialize(), engine_deck(): the public face of the questions
    question     the Question value and how choices are assembled
    kinds        one generator per question kind
    handwritten  scenario and timer questions written by hand, in English and Chinese
    text         words the generators share, in both languages

The data half:

    transfer        segments, cumulative and duplicate ACKs, the out-of-order queue; flow control
    rto             RFC 6298: SRTT, RTTVAR, RTO, Karn's rule, backoff
    congestion      RFC 5681 Tahoe and Reno per round and in bytes; CUBIC's numbers
    nagle           Nagle's algorithm, delayed ACKs, the write-write-read stall
    datasim         the fast-retransmit, timeout-backoff and zero-window timelines
    cwndchart       `simulate congestion`: cwnd and ssthresh per round as a terminal chart
    transfer_kinds  the question kinds of the data half
"""
