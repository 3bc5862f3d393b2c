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
"""
