"""The generated deck's version, apart from the generators so that checking it is cheap
(every start compares it, see tcpquiz.app.sync_builtin_decks)."""

# Bump when generated cards change, so that installed databases re-sync the engine decks.
ENGINE_DECK_VERSION = 4
