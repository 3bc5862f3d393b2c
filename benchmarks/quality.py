"""How good the importer's cards are on real notes it was not written for.

    python benchmarks/quality.py             # the table, from ../shared/corpus
    python benchmarks/quality.py --missed    # also the gold cards no card covers
    python benchmarks/quality.py --json      # machine-readable
    python benchmarks/quality.py --corpus DIR

The corpus (../shared/corpus: notes/, gold/, evaluate.py) stays outside the repository.
Recall and junk are scored by the corpus' own evaluate.py, imported from the corpus, so
the figures are the ones that script prints; the notes are parsed in this process with
tcpquiz.notes, not through the CLI, which makes a run take seconds. Kept content is
tcpquiz.notes.coverage: the share of each note's content (in letters) some card holds.

The bars the importer must clear on notes it was not written for: mean recall >= 0.85, no note under 0.60, junk
under 3%, kept content >= 98% of every note.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

MEAN_RECALL = 0.85
NOTE_RECALL = 0.60
JUNK = 0.03
KEPT = 0.98


@dataclass
class NoteQuality:
    note: str
    recall: float
    junk: float
    kept: float
    cards: int
    gold: int
    missed: list[str] = field(default_factory=list)


def scorer(corpus: Path) -> ModuleType:
    """The corpus' evaluate.py, as a module (its score() and is_junk())."""
    spec = importlib.util.spec_from_file_location("corpus_evaluate", corpus / "evaluate.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"Error: {corpus / 'evaluate.py'} cannot be loaded.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(corpus: Path = DEFAULT_CORPUS) -> list[NoteQuality]:
    sys.path.insert(0, str(ROOT))
    from tcpquiz.notes import load_note
    from tcpquiz.notes.coverage import note_coverage

    evaluate = scorer(corpus)
    rows = []
    for note in sorted((corpus / "notes").glob("*.md")):
        gold = json.loads((corpus / "gold" / f"{note.stem}.json").read_text(encoding="utf-8"))
        deck = load_note(note)
        cards = [{"front": card.front, "back": card.back} for card in deck.cards]
        recall, junk, missed = evaluate.score(gold, cards)
        kept = note_coverage(deck).share
        rows.append(NoteQuality(note.stem, recall, junk, kept, len(cards), len(gold), missed))
    return rows


def summary(rows: list[NoteQuality]) -> dict[str, float]:
    count = len(rows) or 1
    return {
        "mean_recall": sum(r.recall for r in rows) / count,
        "min_recall": min((r.recall for r in rows), default=0.0),
        "junk": sum(r.junk * r.cards for r in rows) / (sum(r.cards for r in rows) or 1),
        "min_kept": min((r.kept for r in rows), default=0.0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--missed", action="store_true", help="list the gold cards no card covers")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (args.corpus / "evaluate.py").is_file():
        print(f"Error: there is no corpus at {args.corpus}.", file=sys.stderr)
        return 1
    rows = measure(args.corpus)
    totals = summary(rows)
    if args.json:
        print(json.dumps({"notes": [asdict(r) for r in rows], **totals}, ensure_ascii=False, indent=1))
        return 0
    print(f"{'note':44} {'recall':>6} {'junk':>5} {'kept':>5} {'cards':>5} {'gold':>4}")
    for r in rows:
        print(f"{r.note:44} {r.recall:6.2f} {r.junk:5.2f} {r.kept:5.3f} {r.cards:5d} {r.gold:4d}")
        if args.missed:
            for question in r.missed:
                print(f"    missed: {question}")
    bars = [
        ("mean recall", totals["mean_recall"], f">= {MEAN_RECALL}", totals["mean_recall"] >= MEAN_RECALL),
        ("lowest recall", totals["min_recall"], f">= {NOTE_RECALL}", totals["min_recall"] >= NOTE_RECALL),
        ("junk", totals["junk"], f"< {JUNK}", totals["junk"] < JUNK),
        ("lowest kept content", totals["min_kept"], f">= {KEPT}", totals["min_kept"] >= KEPT),
    ]
    for name, value, bar, met in bars:
        print(f"{name:44} {value:6.3f}  (bar {bar}: {'met' if met else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
