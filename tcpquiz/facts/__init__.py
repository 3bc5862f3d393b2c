"""Check the learner's notes against established facts about TCP.

Pure: text in, findings out. It imports nothing above `tcpquiz.cards` except the
engine's table of state names, so the store, the CLI and the exports can all use it.

    check.check_text(text)    every statement in a note that contradicts a known fact
    check.card_flags(f, b)    the same for one card's question and answer, as JSON-safe dicts
    flags.flag_lines(flags)   those flags as one sentence each, for the answer side (cheap to
                              import: showing a card need not compile the rules)

A statement is one sentence of a line. A rule fires on a sentence only when it can
tell: the sentence asserts the wrong fact (its pattern matches), it is not a question,
and it is not discussing the mistake ("a common myth is ...", "不是 75 分钟").
Precision comes first: a false alarm costs the learner's trust in every other one.
"""
