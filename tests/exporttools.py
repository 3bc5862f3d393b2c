"""For the export tests: a sample library with cards of every kind, and real Anki (a fresh
collection in tmp_path, packages imported the way the desktop app imports them, cards read
back as Anki renders them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

from conftest import write_deck

ALWAYS = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


@contextmanager
def collection(path: Path) -> Iterator[Collection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def import_apkg(col: Collection, apkg: Path, *, with_scheduling: bool = False, update_notes: int = ALWAYS) -> Any:
    """Import as the README tells users to: "Update notes: always", and "Import any
    learning progress" when `with_scheduling`."""
    options = ImportAnkiPackageOptions(with_scheduling=with_scheduling, update_notes=update_notes,
                                       update_notetypes=ALWAYS)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))


def visible_text(rendered: str) -> str:
    """What a reader sees of a rendered side: no style block, no tags, entities as they are."""
    rendered = re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)
    return re.sub(r"<[^>]+>", " ", rendered).strip()


@dataclass(frozen=True)
class AnkiCard:
    id: int
    deck: str
    notetype: str
    fields: dict[str, str]
    tags: frozenset[str]
    guid: str
    question: str
    answer: str
    type: int
    queue: int
    ivl: int
    due: int
    factor: int
    reps: int


def anki_cards(col: Collection) -> list[AnkiCard]:
    cards = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        note = card.note()
        cards.append(AnkiCard(
            id=card.id, deck=col.decks.name(card.did), notetype=note.note_type()["name"],
            fields=dict(note.items()), tags=frozenset(note.tags), guid=note.guid,
            question=card.question(), answer=card.answer(),
            type=card.type, queue=card.queue, ivl=card.ivl, due=card.due, factor=card.factor, reps=card.reps,
        ))
    return cards


# -- the sample library ---------------------------------------------------------------------

HANDSHAKE = """\
---
title: 三次握手
tags: [tcp, "hand shake"]
---
# 三次握手

Q: 第一次握手发送什么？<b>不是粗体</b>
A: 客户端发送 SYN=1，seq=x，进入 SYN-SENT。

```c
connect(fd, addr, len);  /* a == b stays code */
```

| 报文 | 标志 |
| --- | --- |
| 1 | SYN |

![握手](handshake.png) ![gone](missing.png)

Q: 第三次握手的 ack 是多少？
A: ack = y + 1。
"""

KINDS = "Kinds"


def make_library(cli: Any, tmp_path: Path, db_path: Path) -> dict:
    """Notes in a folder (a folder deck, Chinese, code, a table, raw HTML, an image that
    exists and one that does not), plus a deck with one card of every other kind."""
    notes = tmp_path / "notes"
    (notes / "握手").mkdir(parents=True)
    (notes / "握手" / "三次握手.md").write_text(HANDSHAKE, encoding="utf-8")
    (notes / "握手" / "handshake.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    write_deck(notes / "close.md", "Four-way close", [("Who sends the first FIN?", "The active closer.")])
    result = cli("import", str(notes))
    assert result.exit_code == 0, result.output

    add_kinds_deck(db_path)
    return {"notes": notes, "decks": ["notes", KINDS]}


def add_kinds_deck(db_path: Path) -> None:
    """Cards of the kinds the notes importer and the engine make, written straight to the
    store in the shape they hand over (CardDraft). The seq/ack card is the engine's own."""
    from tcpquiz.cards import CardDraft, CardKind, DeckDraft
    from tcpquiz.engine.questions import engine_deck
    from tcpquiz.store.api import Store

    seq_ack = next(card for card in engine_deck("en").cards if card.kind == CardKind.NUMERIC)

    def card(kind: CardKind, n: int, front: str, back: str, extra: dict | None = None) -> CardDraft:
        return CardDraft(key=f"kinds::{kind}::{n}", deck="kinds", kind=kind, front=front, back=back,
                         source=f"kinds.md:{n}", extra=extra or {}, tags=("generated",))

    cards = (
        card(CardKind.CLOZE, 1, "The client sends {{c1::SYN}} and the server answers ==SYN+ACK==.",
             "The client sends SYN and the server answers SYN+ACK."),
        card(CardKind.CLOZE, 2, "A {{c2::FIN}} consumes {{c1::one sequence number::how many?}}.",
             "A FIN consumes one sequence number."),
        card(CardKind.SEQUENCE, 3, "The states of the active closer, in order", "1. FIN-WAIT-1\n2. FIN-WAIT-2\n"
             "3. TIME-WAIT\n4. CLOSED"),
        card(CardKind.STEP, 4, "After FIN-WAIT-1, the active closer is in", "FIN-WAIT-2"),
        card(CardKind.DEFINITION, 5, "MSL", "Maximum segment lifetime."),
        card(CardKind.EXPLAIN, 6, "Why TIME-WAIT lasts 2MSL", "So the last ACK can be resent, and old segments die."),
        card(CardKind.CHOICE, 7, "", "", {
            "key": "choice-1", "prompt": "In FIN-WAIT-1 the host receives a FIN. What next?",
            "choices": ["CLOSING", "TIME-WAIT", "CLOSED"], "answer": 0,
            "explanation": "RFC 9293 3.6: a FIN before the ACK of our FIN means a simultaneous close."}),
        card(CardKind.NUMERIC, 8, seq_ack.front, seq_ack.back, dict(seq_ack.extra)),
        # A cloze card whose blank is already drawn in its front (no deletion markup left).
        card(CardKind.CLOZE, 9, "A SYN consumes [...].", "A SYN consumes **one sequence number**.",
             {"cloze": 1, "answers": ["one sequence number"]}),
    )
    with Store.open(db_path) as store:
        store.sync(DeckDraft(key="test:kinds", name=KINDS, source="kinds.md", text="", cards=cards),
                   datetime.now().astimezone())
