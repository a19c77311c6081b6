"""What becomes Markdown and what the archive keeps: the default policy and its flags.

Defaults (documented in the README): only published content becomes Markdown; drafts,
pending, private and future posts only with --include-drafts; password-protected posts keep
their front matter but not their body unless --include-protected; only approved comments
are shown in Markdown; trash and spam are never written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from wparchive.model import (
    DRAFT_STATUSES,
    HIDDEN_STATUSES,
    PUBLISHED_STATUSES,
    Comment,
    CommentStatus,
    Post,
)

# Post types that hold site machinery, not writing: they stay in the archive, never become
# Markdown. Core's (menus, revisions, block-theme templates and styles, the Customizer's CSS)
# and the most common plugin configuration types (Contact Form 7, ACF field definitions).
NON_CONTENT_TYPES = frozenset(
    {
        "attachment",
        "nav_menu_item",
        "revision",
        "custom_css",
        "customize_changeset",
        "oembed_cache",
        "user_request",
        "wp_block",
        "wp_global_styles",
        "wp_navigation",
        "wp_template",
        "wp_template_part",
        "wp_font_family",
        "wp_font_face",
        "wpcf7_contact_form",
        "acf-field",
        "acf-field-group",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConvertOptions:
    include_drafts: bool = False
    include_protected: bool = False
    keep_personal_data: bool = False
    layout: str = "archive"  # a name from wparchive.layouts.LAYOUTS
    # Rewrite links between posts of the export to their new paths. None: on for the
    # site-generator presets, off for the archive layout (which keeps the text as it was).
    rewrite_links: bool | None = None
    download_media: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkdownDecision:
    skip_reason: str | None  # None: write a Markdown file
    archived: bool = True  # whether the archive keeps the item


def markdown_decision(post: Post, options: ConvertOptions) -> MarkdownDecision:
    """Whether `post` becomes a Markdown file, and if not, why (for the summary line)."""
    if post.status in HIDDEN_STATUSES:
        return MarkdownDecision(skip_reason=post.status, archived=False)
    if post.type in NON_CONTENT_TYPES:
        return MarkdownDecision(skip_reason=_type_reason(post.type))
    if post.status in PUBLISHED_STATUSES:
        return MarkdownDecision(skip_reason=None)
    if post.status in DRAFT_STATUSES or post.status == "inherit":
        if options.include_drafts:
            return MarkdownDecision(skip_reason=None)
        return MarkdownDecision(skip_reason="unpublished (use --include-drafts)")
    # A status a plugin registered: we cannot know whether it is public.
    if options.include_drafts:
        return MarkdownDecision(skip_reason=None)
    return MarkdownDecision(skip_reason=f"with status {post.status!r} (use --include-drafts)")


def writes_markdown(post: Post, options: ConvertOptions) -> bool:
    return markdown_decision(post, options).skip_reason is None


def _type_reason(post_type: str) -> str:
    return "attachments" if post_type == "attachment" else f"{post_type} items"


def comments_for_markdown(post: Post, options: ConvertOptions) -> list[Comment]:
    """Approved comments, pingbacks and trackbacks: what the site showed its readers.

    WordPress shows no comments on a password-protected post until the password is given,
    so neither do we unless --include-protected.
    """
    if post.password and not options.include_protected:
        return []
    return [comment for comment in post.comments if comment.status is CommentStatus.APPROVED]
