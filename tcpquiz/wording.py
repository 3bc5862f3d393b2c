"""Words that every layer's messages share. No imports: the core may use it."""


def plural(n: int, word: str) -> str:
    """'1 card', '2 cards'; a phrase takes the s on its last word ('2 active cards')."""
    return f"{n} {word}{'' if n == 1 else 's'}"
