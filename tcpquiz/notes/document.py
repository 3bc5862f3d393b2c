"""The typed document tree of one note, built once: the first step of the pipeline.

markdown-it parses the note; blocks.py turns its tokens into blocks whose lines are
already rendered, normalising on the way what real notes do to markdown (Typora's
indented prose, HTML blocks and `<details>`, Obsidian embeds and links, missing
images, stray emphasis marks). Every later pass (classify, generate, select) and the
coverage measure read this tree; none parses the note again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tcpquiz.notes.frontmatter import FrontMatter, split_front_matter

if TYPE_CHECKING:
    from tcpquiz.notes.blocks import Block, ImagePolicy


@dataclass(frozen=True)
class Document:
    text: str  # the note, line endings made "\n"
    front: FrontMatter
    lines: list[str]  # the body's lines, front matter blanked so line numbers stay file line numbers
    tokens: list[Any]  # markdown-it's tokens, for the explicit forms that read lines
    blocks: list[Block]
    images: ImagePolicy


def read_document(text: str, base_dir: Path | None = None) -> Document:
    """Parse one note into its tree; `base_dir` is where its relative image paths point."""
    from tcpquiz.notes.blocks import Builder, ImagePolicy, clean_source, obsidian_embeds
    from tcpquiz.notes.markdown import parser_for
    from tcpquiz.notes.text import has_cjk

    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    front = split_front_matter(text)
    lines = text.split("\n")
    body = obsidian_embeds(clean_source("\n".join([""] * front.lines + lines[front.lines:])))
    body_lines = body.split("\n")
    tokens = parser_for(body).parse(body)
    images = ImagePolicy(base_dir, has_cjk(body))
    blocks = Builder(body_lines, images).build(tokens)
    return Document(text, front, body_lines, tokens, blocks, images)
