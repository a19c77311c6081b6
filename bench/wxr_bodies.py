"""Raw post bodies and comment bodies, in the shapes WordPress stores them.

Classic (pre-Gutenberg) content, as the seed export shows it: no ``<p>``; a blank line between
paragraphs, a single newline inside one; ``[caption]`` wrapping an ``<img>``; ``<pre>`` with
escaped code, sometimes holding a blank line that wpautop must leave alone.

Block content, as WordPress 6 serialises it: each block between ``<!-- wp:name {attrs} -->``
and ``<!-- /wp:name -->``, blocks separated by a blank line, list items as nested blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wxr_text import Image, TextBank, image_url, medium_size

Builder = Callable[[TextBank, list[Image]], str]


# -- classic content -------------------------------------------------------------------------


def classic_paragraph(bank: TextBank, images: list[Image]) -> str:
    return bank.paragraph()


def classic_heading(bank: TextBank, images: list[Image]) -> str:
    level = 2 if bank.dice.chance(0.7) else 3
    return f"<h{level}>{bank.heading_text()}</h{level}>"


def classic_list(bank: TextBank, images: list[Image]) -> str:
    tag = "ol" if bank.dice.chance(0.3) else "ul"
    items = "\n".join(f"\t<li>{text}</li>" for text in bank.list_items())
    return f"<{tag}>\n{items}\n</{tag}>"


def classic_image(bank: TextBank, images: list[Image]) -> str:
    """A ``[caption]`` around an attachment, or a bare external image when the post has none."""
    if not images:
        src = f"https://images.example.net/{bank.dice.below(99999)}.jpg"
        return f'<img src="{src}" alt="" width="640" height="480" />'
    image = images[bank.dice.below(len(images))]
    w, h = medium_size(image)
    img = (
        f'<img class="size-medium wp-image-{image.attachment_id}" src="{image_url(image, w, h)}"'
        f' alt="{image.alt}" width="{w}" height="{h}" />'
    )
    if not image.caption:
        return f'<a href="{image.url_stem}.jpg">{img}</a>'
    align = bank.dice.pick(("aligncenter", "alignleft", "alignright", "alignnone"))
    return (
        f'[caption id="attachment_{image.attachment_id}" align="{align}" width="{w}"]'
        f"{img} {image.caption}[/caption]"
    )


def classic_code(bank: TextBank, images: list[Image]) -> str:
    return f"<pre><code>{bank.code_block()}</code></pre>"


def classic_quote(bank: TextBank, images: list[Image]) -> str:
    return f"<blockquote>{bank.paragraph(1, 3)}</blockquote>"


def classic_address(bank: TextBank, images: list[Image]) -> str:
    """Short lines with single newlines: a poem, an address, a signature."""
    lines = [bank.dice.pick(bank.plain) for _ in range(bank.dice.between(2, 4))]
    return "\n".join(lines)


CLASSIC_MIX: tuple[tuple[float, Builder], ...] = (
    (0.60, classic_paragraph),
    (0.08, classic_heading),
    (0.08, classic_list),
    (0.08, classic_image),
    (0.07, classic_code),
    (0.05, classic_quote),
    (0.04, classic_address),
)


# -- block (Gutenberg) content ---------------------------------------------------------------


def block_paragraph(bank: TextBank, images: list[Image]) -> str:
    text = bank.paragraph(breaks=0.0)
    if bank.dice.chance(0.08):
        text = text.replace(". ", ".<br>", 1)
    return f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"


def block_heading(bank: TextBank, images: list[Image]) -> str:
    if bank.dice.chance(0.7):
        return (
            "<!-- wp:heading -->\n"
            f'<h2 class="wp-block-heading">{bank.heading_text()}</h2>\n<!-- /wp:heading -->'
        )
    return (
        '<!-- wp:heading {"level":3} -->\n'
        f'<h3 class="wp-block-heading">{bank.heading_text()}</h3>\n<!-- /wp:heading -->'
    )


def block_list(bank: TextBank, images: list[Image]) -> str:
    ordered = bank.dice.chance(0.3)
    items = "\n\n".join(
        f"<!-- wp:list-item -->\n<li>{text}</li>\n<!-- /wp:list-item -->"
        for text in bank.list_items()
    )
    if ordered:
        opening, tag = '<!-- wp:list {"ordered":true} -->', "ol"
    else:
        opening, tag = "<!-- wp:list -->", "ul"
    return f'{opening}\n<{tag} class="wp-block-list">{items}</{tag}>\n<!-- /wp:list -->'


def block_image(bank: TextBank, images: list[Image]) -> str:
    if not images:
        return block_paragraph(bank, images)
    image = images[bank.dice.below(len(images))]
    caption = (
        f'<figcaption class="wp-element-caption">{image.caption}</figcaption>'
        if image.caption
        else ""
    )
    return (
        f'<!-- wp:image {{"id":{image.attachment_id},"sizeSlug":"large",'
        '"linkDestination":"none"} -->\n<figure class="wp-block-image size-large">'
        f'<img src="{image.url_stem}.jpg" alt="{image.alt}"'
        f' class="wp-image-{image.attachment_id}"/>{caption}</figure>\n<!-- /wp:image -->'
    )


def block_code(bank: TextBank, images: list[Image]) -> str:
    return (
        f'<!-- wp:code -->\n<pre class="wp-block-code"><code>{bank.code_block()}</code></pre>\n'
        "<!-- /wp:code -->"
    )


def block_quote(bank: TextBank, images: list[Image]) -> str:
    inner = block_paragraph(bank, images)
    return (
        f'<!-- wp:quote -->\n<blockquote class="wp-block-quote">{inner}</blockquote>\n'
        "<!-- /wp:quote -->"
    )


BLOCK_MIX: tuple[tuple[float, Builder], ...] = (
    (0.62, block_paragraph),
    (0.10, block_heading),
    (0.08, block_list),
    (0.08, block_image),
    (0.07, block_code),
    (0.05, block_quote),
)


# -- assembling ------------------------------------------------------------------------------


def _pick_builder(bank: TextBank, mix: Sequence[tuple[float, Builder]]) -> Builder:
    roll = bank.dice.below(10_000) / 10_000
    for weight, builder in mix:
        if roll < weight:
            return builder
        roll -= weight
    return mix[0][1]


def post_body(bank: TextBank, images: list[Image], *, blocks: bool, target: int) -> str:
    """Blocks of content until about ``target`` characters; every attachment shown once."""
    mix = BLOCK_MIX if blocks else CLASSIC_MIX
    first = block_paragraph if blocks else classic_paragraph
    parts = [first(bank, images)]
    if not blocks and bank.dice.chance(0.3):
        parts.append("<!--more-->")
    show_image = block_image if blocks else classic_image
    unshown = list(reversed(images))
    size = len(parts[0])
    while size < target or unshown:
        if unshown and bank.dice.chance(0.3):
            part = show_image(bank, [unshown.pop()])
        else:
            # Other images in the mix come from elsewhere: each attachment is shown once.
            part = _pick_builder(bank, mix)(bank, [])
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)


def comment_body(bank: TextBank) -> str:
    """One to three short paragraphs; sometimes a line break inside one."""
    d = bank.dice
    count = d.between(2, 3) if d.chance(0.4) else 1
    paragraphs = [bank.paragraph(1, 4, breaks=0.15) for _ in range(count)]
    return "\n\n".join(paragraphs)


def pingback_body(bank: TextBank) -> str:
    return f"[&#8230;] {bank.dice.pick(bank.plain)} [&#8230;]"
