"""Boilerplate WordPress, WordPress.com, Jetpack and common plugins add around a post.

Data only: the cleaners in `wparchive.cleaners.html` compile these once. Selectors use a
small CSS subset (`tag`, `#id`, `.class`, `[attr]`, `[attr=v]`, `[attr^=v]`, `[attr*=v]`,
`[attr~=v]`, comma-free): see `wparchive.cleaners.selectors`. Each group says where it
comes from, so a selector can be checked against the markup that needed it.
"""

from __future__ import annotations

# Elements that never carry post text.
NON_CONTENT_TAGS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "link",
    "meta",
    "form",  # comment, search and subscription forms; post bodies have none of their own
    "input",
    "button",
    "select",
    "textarea",
    "label",
)

# WordPress core comment form and per-comment links (comment-template.php:
# comment_form(), comment_reply_link(), edit_comment_link(), edit_post_link()).
CORE_COMMENT_FORM: tuple[str, ...] = (
    "#respond",
    ".comment-respond",
    "#commentform",
    ".comment-form",
    "#reply-title",
    ".comment-reply-title",
    "#cancel-comment-reply-link",
    ".comment-reply-link",
    ".wp-block-comment-reply-link",
    ".wp-block-comment-edit-link",
    ".wp-block-post-comments-form",
    ".wp-block-comments-pagination",
    ".comment-edit-link",
    ".post-edit-link",
    ".edit-link",
    "div.reply",
    "span.reply",
    ".comment-reply",
    ".must-log-in",
    ".logged-in-as",
    ".comment-notes",
    ".form-allowed-tags",
    "p.nocomments",
)

# WordPress.com "Highlander" comment form (login icons, "You are commenting using your …
# account") and Jetpack's remote comment iframe (jetpack/modules/comments).
WPCOM_COMMENT_FORM: tuple[str, ...] = (
    "#comment-form-identity",
    "#comment-form-subscribe",
    "#comment-form-guest",
    "#comment-form-load-service",
    ".comment-form-service",
    ".comment-form-padder",
    ".comment-subscription-form",
    ".post-subscription-form",
    "iframe#jetpack_remote_comment",
    "iframe.jetpack_remote_comment",
    "#jetpack_remote_comment",
    "#highlander-comments",
)

# Jetpack / WordPress.com post flair: sharing, likes, related posts (sharedaddy,
# likes, related-posts modules), comment likes, and the WordAds unit (".wpcnt", whose
# only text is "Advertisements").
JETPACK_FLAIR: tuple[str, ...] = (
    "#jp-post-flair",
    ".sharedaddy",
    ".sd-sharing",
    ".sd-block",
    ".sd-like",
    ".jetpack-likes-widget-wrapper",
    "[id^=like-post-wrapper]",
    ".post-likes-widget",
    ".likes-widget-placeholder",
    "#likes-other-gravatars",
    ".jp-relatedposts",
    "#jp-relatedposts",
    ".comment-likes",
    "[id^=comment-like-]",
    ".wpcnt",
    ".wpa",
    ".wordads-ad-wrapper",
    ".wordads-tag",
    ".jetpack-subscribe",
    ".jetpack_subscription_widget",
    "#carousel-reblog-box",
    ".reblog-from",
)

# The WordPress.com Follow bar ("Follow", "Get every new post delivered to your Inbox.",
# "Join N other followers") and admin bar: ldn-post.html `#bit`, newer `#actionbar`.
WPCOM_FOLLOW_BAR: tuple[str, ...] = (
    "#bit",
    ".bit",
    "#actionbar",
    ".actnbr-container",
    "#wpadminbar",
    ".widget_blog_subscription",
)

# Other sharing, rating and related-post plugins seen in the corpus: AddToAny,
# Social Warfare, Grow (dpsp), WP Tweet Button (hearya.com), Polldaddy comment ratings
# (profootballtalk), WP Recipe Maker comment stars (foxyfolksy), Crowd Control's report
# link (wptavern), YARPP, Contextual Related Posts, Elementor share buttons.
PLUGIN_FLAIR: tuple[str, ...] = (
    ".addtoany_share_save_container",
    ".a2a_kit",
    ".swp_social_panel",
    ".dpsp-networks-btns-wrapper",
    ".dpsp-share-text",
    ".tw_button",
    ".twitter-share-button",
    ".fb-like",
    ".pd-rating",
    ".cs-rating",
    ".wprm-comment-rating",
    ".pmcc-comments-report-link",
    ".yarpp-related",
    ".crp_related",
    ".related-posts",
    ".elementor-share-buttons",
    ".share-buttons",
    ".social-share",
    ".shariff",
    ".addthis_toolbox",
    ".wprm-recipe-snippet",
    ".dpsp-post-pinterest-image-hidden",
    ".dpsp-content-wrapper",
    "[id^=atatags-]",
)

# Post metadata and author boxes themes print inside the body container: the-pain.net's
# `.single-post-head` / `p.cats` / `p.tags`, kabarislamia's `p.postinfo` ("Filed under:"),
# cubadebate's related lists, journelles' author card, Twenty* author boxes.
POST_META_CHROME: tuple[str, ...] = (
    ".single-post-head",
    "p.cats",
    "p.tags",
    "p.postinfo",
    ".entry-meta",
    ".entry-footer",
    ".entry-utility",
    ".post-meta",
    ".cat-links",
    ".tags-links",
    ".author-info",
    ".author-box",
    ".about-author",
    ".author_vc",
    "#moreposts",
    "#anexos_list",
)

# Theme chrome that some themes put inside the post container or the body itself:
# Kubrick's `p.postmetadata` ("This entry was posted on …") sits inside `div.entry`;
# page links, post navigation, bylines and footers elsewhere.
THEME_CHROME: tuple[str, ...] = (
    "p.postmetadata",
    ".postmetadata",
    ".navigation",
    ".nav-links",
    ".post-navigation",
    ".comment-navigation",
    ".comments-navigation",
    "#nav-above",
    "#nav-below",
    "nav",
    "#sidebar",
    ".sidebar",
    "#secondary",
    ".widget-area",
    ".widget",
    "#footer",
    "#colophon",
    ".screen-reader-text",
    ".skip-link",
)

SELECTORS: tuple[str, ...] = (
    CORE_COMMENT_FORM
    + WPCOM_COMMENT_FORM
    + JETPACK_FLAIR
    + WPCOM_FOLLOW_BAR
    + PLUGIN_FLAIR
    + POST_META_CHROME
    + THEME_CHROME
)

# Inside a comment: what WordPress prints around the comment text (Walker_Comment,
# Kubrick's comments.php, Twenty* themes' comment callbacks, Thesis, Epoch). Stripped
# from a copy of the comment before its body is taken, never from the post body.
COMMENT_CHROME: tuple[str, ...] = (
    ".comment-author",
    ".comment-meta",
    ".comment-metadata",
    ".commentmetadata",
    ".comment-author-info",
    ".comment-footer-meta",
    ".comment-util",
    ".comment-actions",
    ".epoch-comment-meta",
    ".epoch-comment-actions",
    ".comment_author",
    "span.author",
    ".comment_time",
    ".comment-awaiting-moderation",
    ".vcard",
    ".avatar",
    "img.avatar",
    ".says",
    "cite",
    "footer",
    "header",
    "h4.entry-title",
)

# Whole-text markers: an element is dropped only when it is short (see MAX_MARKER_CHARS)
# and its whole normalised text, case-folded, equals one of these. Sources: the seed page
# and capture (WordPress.com, 2013), Jetpack's English and German strings, the corpus.
MAX_MARKER_CHARS = 90
TEXT_MARKERS: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        # Jetpack sharing and likes (sharedaddy/sharing-service.php, likes.php)
        "Share this:",
        "Share:",
        "Share this post:",
        "Share this article:",
        "Teilen mit:",
        "Diesen Beitrag teilen:",
        "Compartir:",
        "Bagikan ini:",
        "Like this:",
        "Like",
        "Like Loading...",
        "Loading...",
        "Gefällt mir:",
        "Gefällt mir Wird geladen …",
        "Wird geladen …",
        "Wird geladen...",
        "Me gusta:",
        "Suka ini:",
        "%d bloggers like this:",
        "%d Bloggern gefällt das:",
        "Be the first to like this.",
        # Jetpack and WordPress.com related posts
        "Related",
        "Ähnliche Beiträge",
        "Verwandt",
        "Relacionado",
        "Terkait",
        "Possibly related posts: (automatically generated)",
        "Possibly related posts:",
        # WordAds
        "Advertisements",
        "Advertisement",
        "Anzeige",
        "Werbung",
        "Report this ad",
        # WordPress.com Follow bar and subscriptions
        "Follow",
        "Get every new post delivered to your Inbox.",
        "Sign me up",
        "Build a website with WordPress.com",
        # comment form (comment-template.php and Highlander)
        "Leave a Reply",
        "Leave a Comment",
        "Leave a comment",
        "Schreibe einen Kommentar",
        "Kommentar verfassen",
        "Cancel",
        "Cancel reply",
        "Reply",
        "Antworten",
        "Responder",
        "Balas",
        "Enter your comment here...",
        "Fill in your details below or click an icon to log in:",
        "Connecting to %s",
        "Notify me of new comments via email.",
        "Notify me of new posts via email.",
        "Comments are closed.",
        "WordPress.com Logo",
        "Twitter picture",
        "Facebook photo",
        "Google+ photo",
        # comment chrome
        "says:",
        "Says:",
        "sagt:",
        "dijo:",
        "Report",
        "Edit",
    )
)

# Text markers matched as a pattern over the whole text ("Join 97 other followers").
TEXT_MARKER_PATTERNS: tuple[str, ...] = (
    r"join \d[\d,.]* other (?:followers|subscribers)",
    r"schließe dich \d[\d,.]* anderen abonnenten an",
    r"you are commenting using your .{1,40} account\.?(?: \(? ?log out / change \)?)?",
    r"\(?log out / change \)?",
    r"\d[\d,.]* (?:bloggers|people) like this\.?",
    r"liked by \d[\d,.]* people",
)

# Where a plain-text capture stops being the post: the first line (stripped) that
# equals, or for the patterns starts with, one of these ends the comments.
TEXT_CAPTURE_TAIL_MARKERS: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        "Leave a Reply",
        "Leave a Comment",
        "Schreibe einen Kommentar",
        "Fill in your details below or click an icon to log in:",
        "Comments are closed.",
        "Kommentare sind geschlossen.",
        "%d bloggers like this:",
        "Share this:",
        "Like this:",
        "Related",
        "Advertisements",
        "Possibly related posts: (automatically generated)",
    )
)
# "Follow" ends the capture only when followed by the Follow bar's second line.
TEXT_CAPTURE_FOLLOW = ("follow", "get every new post delivered to your inbox.")
