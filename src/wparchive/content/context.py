"""What content_to_markdown may know about the export beyond one post's text.

The pipeline builds a ContentContext per post: the export's attachments (so `[gallery]`
ids and gallery blocks resolve to URLs and captions), the post's own id (a `[gallery]`
without ids shows the images attached to the post), and its `footnotes` meta (the
core/footnotes block's text). The content stage has no problem log: what it could not
convert is appended to `problems` for the caller to record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wparchive.model import Post


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachmentInfo:
    """An attachment item of the export, as a gallery shows it."""

    url: str  # wp:attachment_url, the original file
    page: str = ""  # the attachment page (the item's <link>)
    title: str = ""
    caption: str = ""  # the attachment's excerpt
    alt: str = ""  # _wp_attachment_image_alt
    parent: int | None = None  # the post it was uploaded to
    menu_order: int = 0


@dataclass(frozen=True, slots=True)
class ContentProblem:
    code: str  # "unknown-shortcode", "gallery-unresolved", ...
    message: str  # one sentence


@dataclass(kw_only=True)
class ContentContext:
    attachments: Mapping[int, AttachmentInfo] = field(default_factory=dict)
    post_id: int | None = None
    footnotes: str = ""  # the post's `footnotes` meta: JSON [{"id": ..., "content": ...}]
    problems: list[ContentProblem] = field(default_factory=list)

    def attached_to(self, post_id: int | None) -> Sequence[int]:
        """Ids of the attachments uploaded to `post_id`, in gallery order."""
        if post_id is None:
            return ()
        found = [(a.menu_order, i) for i, a in self.attachments.items() if a.parent == post_id]
        return [i for _, i in sorted(found)]

    def report(self, code: str, message: str) -> None:
        self.problems.append(ContentProblem(code, message))


def attachment_info(attachment: Post) -> AttachmentInfo:
    """What a gallery needs of an attachment item."""
    return AttachmentInfo(
        url=attachment.attachment_url,
        page=attachment.link,
        title=attachment.title,
        caption=attachment.excerpt,
        alt=attachment.meta_value("_wp_attachment_image_alt") or "",
        parent=attachment.parent,
        menu_order=attachment.menu_order,
    )


def context_for(
    post: Post, attachments: Mapping[int, AttachmentInfo] | None = None
) -> ContentContext:
    """The context content_to_markdown needs for `post`: the pipeline's one line.

    `attachments` maps the export's attachment ids to attachment_info(item).
    """
    return ContentContext(
        attachments=attachments if attachments is not None else {},
        post_id=post.id,
        footnotes=post.meta_value("footnotes") or "",
    )
