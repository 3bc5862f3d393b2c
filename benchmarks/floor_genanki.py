"""The export floor: genanki writing the same notes directly, with a simple model.

Reads the cards' deck, front and back from a JSON file and writes an .apkg with one
Basic note per card, in one deck per tcpquiz deck, the text escaped as genanki asks of
text that is not HTML. `tcpquiz export anki` of the same cards is compared against this,
so the ratio is what tcpquiz adds to writing the package alone."""

import html
import json
import sys

import genanki

with open(sys.argv[1], encoding="utf-8") as file:
    cards = json.load(file)
model = genanki.Model(
    1607392319, "Simple", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
)
decks: dict[str, genanki.Deck] = {}
for card in cards:
    deck = decks.get(card["deck"])
    if deck is None:
        deck = decks[card["deck"]] = genanki.Deck(2059400110 + len(decks), card["deck"])
    deck.add_note(genanki.Note(model=model, fields=[html.escape(card["front"]), html.escape(card["back"])]))
genanki.Package(list(decks.values())).write_to_file(sys.argv[2])
