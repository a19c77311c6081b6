"""The export's attachments, kept for the galleries and playlists of posts met later.

convert and verify read the export once, in order, and a gallery may show attachments
that come after its post: both keep every attachment here, on disk (diskset), since they
grow with the export, and give each post's ContentContext only those its galleries and
playlists can name. Naming more is harmless; naming fewer would lose images.
"""

from __future__ import annotations

import re

from wparchive.content.context import AttachmentInfo, attachment_info
from wparchive.diskset import IntMap, IntPairs
from wparchive.model import Post

_NUMBER = re.compile(r"\d+")
# [gallery id="N"] and [playlist id="N"] show the uploads of post N, not the post's own.
_OTHER_POST = re.compile(r"""\[(?:gallery|playlist)\b[^\]]*?\bid\s*=\s*["']?(\d+)""")


class GalleryAttachments:
    def __init__(self) -> None:
        self._info: IntMap[AttachmentInfo] = IntMap()
        self._attached = IntPairs()  # post id -> the ids of its uploads

    def add(self, attachment: Post) -> None:
        self._info[attachment.id] = attachment_info(attachment)
        if attachment.parent is not None:
            self._attached.add(attachment.parent, attachment.id)

    def for_post(self, post: Post) -> dict[int, AttachmentInfo]:
        """The attachments the post's galleries and playlists can name: any id in its
        text, and the uploads of the post and of each post a shortcode names by `id`."""
        if not names_attachments(post):
            return {}
        wanted = {int(number) for number in _NUMBER.findall(post.content)}
        parents = {post.id, *(int(number) for number in _OTHER_POST.findall(post.content))}
        for parent in parents:
            wanted.update(self._attached.values(parent))
        found = ((i, self._info.get(i)) for i in sorted(wanted))
        return {i: info for i, info in found if info is not None}


def names_attachments(post: Post) -> bool:
    """Whether the post shows a gallery or a playlist (`[gallery]`, `[playlist]`, a
    gallery block): the content that names attachments of the export."""
    content = post.content
    return not post.content_rendered and (
        "[gallery" in content or "wp:gallery" in content or "[playlist" in content
    )
