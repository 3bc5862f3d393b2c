"""Markdown notes -> cards. Pure: knows nothing of the database, the CLI or rich.

`parse_note()` turns the text of one note into a DeckDraft; `load_note()` reads a
file first. Both return plain values (tcpquiz.cards).

How a note becomes cards (the README, "Writing notes", shows every form), one typed
tree and then named passes, each a module a newcomer can find and test alone:

1. document.py: markdown-it parses the note once; blocks.py turns its tokens into a tree
   of blocks whose lines are already rendered, normalising what real notes do to
   markdown on the way (indented prose, prose in fences, `<details>`, callouts, lines
   wrapped mid-word, missing images);
2. classify.py: what is not content (contents, references, captions, study logs,
   placeholders, code), so that no rule makes a card of it and coverage can say why;
3. generate: explicit cards first, `Q:`/`A:`, `::`, `?` and clozes (explicit.py), and
   the lines they take are removed; unless the front matter says `cards: explicit`,
   the rest is read as prose: sections under headings and labels (outline.py) give
   questions, explanations, steps and definitions (freeform.py), and every fact they
   leave a card of its own (facts.py), asking the question its sentence answers
   (questions.py);
4. select (draft.py): junk out, one answer per front, backs longer than a screen split
   into cards of their parts, keys.

coverage.py measures the share of a note's content its cards keep (`import --report`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tcpquiz.cards import DeckDraft
from tcpquiz.errors import ImportFailed
from tcpquiz.notes.draft import question_key
from tcpquiz.notes.source import NoteFile, read_note

__all__ = ["load_note", "load_note_or_failure", "parse_note", "question_key"]


def deck_name(front_title: str | None, first_h1: str | None, default: str) -> str:
    """Front matter `title:`, else the first `# ` heading, else the file name."""
    return front_title or first_h1 or default


def parse_note(
    text: str,
    *,
    source: str,
    deck_key: str,
    default_name: str,
    name_prefix: tuple[str, ...] = (),
    lang: str | None = None,
    builtin: bool = False,
    base_dir: Path | None = None,
) -> DeckDraft:
    """Parse one note. `source` is the path shown in card sources (`source:line`);
    `base_dir` is where the note's relative image paths point (None: nowhere)."""
    from tcpquiz.notes.blocks import Heading, without_lines
    from tcpquiz.notes.document import read_document
    from tcpquiz.notes.draft import assemble
    from tcpquiz.notes.explicit import extract_explicit, extract_marked, qa_candidates
    from tcpquiz.notes.freeform import extract_freeform
    from tcpquiz.notes.outline import heading_titles, outline
    from tcpquiz.notes.text import clean_title

    document = read_document(text, base_dir)  # the tree, normalised as it is built
    text, front, blocks, images = document.text, document.front, document.blocks, document.images

    # generate: explicit forms first (they always win), then the free-form rules on what they left
    titles = heading_titles(blocks)  # without_lines keeps every heading: computed once
    qa_cards, taken = qa_candidates(extract_explicit(document.lines, document.tokens, titles))
    blocks = without_lines(blocks, taken)
    marked_cards, marked_taken = extract_marked(blocks, titles)
    candidates = qa_cards + marked_cards
    first_h1 = next((title for b in blocks if isinstance(b, Heading) and b.level == 1
                     and (title := clean_title(b.line.plain))), None)
    own_name = deck_name(front.title, first_h1, default_name)
    if front.cards != "explicit":
        candidates += extract_freeform(outline(without_lines(blocks, marked_taken)), own_name)

    # `id:` pins a deck's identity, so renaming or moving the file keeps its cards.
    # Built-in decks have a namespace of their own: a user's copy of a built-in
    # file never takes over the built-in deck's cards.
    key = deck_key
    if front.deck_id:
        key = f"{'builtin' if builtin else 'id'}:{front.deck_id}"
    name = "::".join((*name_prefix, own_name))
    cards = assemble(candidates, deck_key=key, source=source, tags=front.tags)  # select
    warnings = [w for w in (front.warning, front.cards_warning) if w]
    if images.missing:
        count = len(images.missing)
        example = images.missing[0]
        warnings.append(
            f"it shows {count} local image{'s' if count > 1 else ''} that cannot be found "
            f"({example}{', ...' if count > 1 else ''}), so {'they were' if count > 1 else 'it was'} left out"
        )
    return DeckDraft(
        key=key, name=name, source=source, text=text, cards=cards, tags=front.tags,
        lang=lang, builtin=builtin, warnings=tuple(warnings),
    )


def load_note(note: NoteFile | Path) -> DeckDraft:
    """Read and parse a notes file from disk (raises ImportFailed for unreadable files)."""
    if isinstance(note, Path):
        note = NoteFile(note)
    path = note.path.resolve()
    decoded = read_note(path, note.max_bytes)
    # Keyed by the path below the imported folder (its own name included), not the absolute
    # path, so the same notes imported from another place give the same cards and GUIDs.
    relative = "/".join((*note.folders, path.name))
    deck = parse_note(
        decoded.text, source=str(path), deck_key=f"file:{relative}", default_name=path.stem,
        name_prefix=note.folders, base_dir=path.parent,
    )
    if decoded.warning:
        deck = replace(deck, warnings=(decoded.warning, *deck.warnings))
    return deck


def load_note_or_failure(note: NoteFile) -> DeckDraft | ImportFailed:
    """load_note(), with a file that cannot be read returned instead of raised, so that
    one bad file does not stop a batch (tcpquiz.notes.parallel). A note that trips a
    fault of the parser fails alone too, named in one sentence."""
    try:
        return load_note(note)
    except ImportFailed as failure:
        return failure
    except RecursionError:
        return ImportFailed(f"{note.path} nests too deeply for tcpquiz to read, so it was skipped.")
    except Exception as exc:
        return ImportFailed(
            f"{note.path} could not be read because of a fault in tcpquiz ({type(exc).__name__}: {exc}), "
            "so it was skipped; please report it with the note attached."
        )
