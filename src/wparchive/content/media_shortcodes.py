"""Media shortcodes: galleries, embeds, audio, video and playlists as HTML the converter knows.

A Markdown file cannot play a video, so every embed becomes a visible link to its URL
(`[https://youtu.be/x](https://youtu.be/x)`), which every platform shows and most
turn back into a player. A gallery is a figure per image (the image, linked as the
gallery's `link` says, then its caption); `columns` is a layout wish Markdown cannot
keep. Sources: gallery_shortcode(), wp_audio_shortcode(), wp_video_shortcode() and
wp_playlist_shortcode() in wp-includes/media.php; Jetpack's youtube, vimeo and
dailymotion shortcodes for the WordPress.com forms.
"""

from __future__ import annotations

import re
from html import escape, unescape

from wparchive.content.context import AttachmentInfo, ContentContext
from wparchive.content.shortcodes import Shortcode

_IDS = re.compile(r"\d+")
_YOUTUBE_ID = re.compile(r"^[\w-]{11}$")
# WordPress.com's `[youtube=URL&w=320&h=240]`: the size parameters are not the video's.
_SIZE_PARAMETERS = re.compile(r"&(?:amp;)?(?:w|h|fmt|hd|rel|showsearch|showinfo|start|end)=[^&]*")
_MEDIA_EXTENSIONS = ("mp3", "m4a", "ogg", "oga", "wav", "wma", "flac", "mp4", "m4v", "webm")
_MEDIA_EXTENSIONS_OLD = ("ogv", "wmv", "flv", "mov")


def link_paragraph(url: str, text: str = "") -> str:
    """A visible link on its own: what an embed becomes."""
    url = unescape(url.strip())  # attributes and bare URLs come HTML-encoded (&amp;)
    return f'<p><a href="{escape(url, quote=True)}">{escape(text or url)}</a></p>'


def _first_value(code: Shortcode) -> str:
    """The value of `[name=VALUE]` or `[name VALUE]` (Jetpack's forms), else ""."""
    if code.positional:
        value = code.positional[0]
        return value[1:] if value.startswith("=") else value
    return ""


def embed(code: Shortcode, context: ContentContext | None = None) -> str:
    url = (code.content or code.attrs.get("src") or _first_value(code)).strip()
    return link_paragraph(url) if url else ""


def youtube(code: Shortcode, context: ContentContext | None = None) -> str:
    value = code.attrs.get("id") or _first_value(code) or (code.content or "")
    value = _SIZE_PARAMETERS.sub("", value.strip())
    if _YOUTUBE_ID.match(value):
        value = f"https://www.youtube.com/watch?v={value}"
    return link_paragraph(value) if value else code.source


def vimeo(code: Shortcode, context: ContentContext | None = None) -> str:
    value = (code.attrs.get("id") or _first_value(code) or code.content or "").strip()
    value = _SIZE_PARAMETERS.sub("", value)
    if value.isdigit():
        value = f"https://vimeo.com/{value}"
    return link_paragraph(value) if value else code.source


def dailymotion(code: Shortcode, context: ContentContext | None = None) -> str:
    value = (code.attrs.get("id") or _first_value(code) or "").strip()
    if value and "/" not in value:
        value = f"https://www.dailymotion.com/video/{value}"
    return link_paragraph(value) if value else code.source


def gist(code: Shortcode, context: ContentContext | None = None) -> str:
    value = (code.attrs.get("id") or _first_value(code) or code.content or "").strip()
    if value and "/" not in value:
        value = f"https://gist.github.com/{value}"
    return link_paragraph(value) if value else code.source


def audio_video(code: Shortcode, context: ContentContext | None = None) -> str:
    """`[audio]`/`[video]`: a link per source file (src, mp3=, mp4=, ...), then the poster."""
    sources = [code.attrs["src"]] if code.attrs.get("src") else []
    sources += [
        code.attrs[ext] for ext in _MEDIA_EXTENSIONS + _MEDIA_EXTENSIONS_OLD if code.attrs.get(ext)
    ]
    if not sources and code.positional:
        sources = [_first_value(code)]
    if not sources:
        return (code.content or "").strip() or code.source
    links = "".join(link_paragraph(url) for url in dict.fromkeys(sources))
    poster = code.attrs.get("poster", "")
    if poster:
        links += f'<p><img src="{escape(poster, quote=True)}" alt=""></p>'
    return links


def _ids(code: Shortcode, context: ContentContext | None) -> list[int]:
    listed = code.attrs.get("ids") or code.attrs.get("include") or ""
    if listed:
        return [int(i) for i in _IDS.findall(listed)]
    if context is None:
        return []
    parent = code.attrs.get("id")
    post = int(parent) if parent and parent.isdigit() else context.post_id
    excluded = {int(i) for i in _IDS.findall(code.attrs.get("exclude", ""))}
    return [i for i in context.attached_to(post) if i not in excluded]


def gallery(code: Shortcode, context: ContentContext | None = None) -> str:
    """Each image as a figure: linked to its page, its file (link="file") or nothing."""
    ids = _ids(code, context)
    known = context.attachments if context is not None else {}
    found = [(i, known[i]) for i in ids if i in known]
    missing = [i for i in ids if i not in known]
    if missing or not found:
        described = (
            f"attachments {', '.join(map(str, missing))}, which the export does not hold"
            if missing
            else "the post's attached images, which the export does not list"
        )
        if context is not None:
            context.report("gallery-unresolved", f"a [gallery] shows {described}")
        if not found:
            return f"<p><em>Gallery: {escape(described)}.</em></p>"
    link = code.attrs.get("link", "")
    return "".join(_gallery_figure(info, link) for _, info in found)


def _gallery_figure(info: AttachmentInfo, link: str) -> str:
    image = f'<img src="{escape(info.url, quote=True)}" alt="{escape(info.alt, quote=True)}">'
    target = "" if link == "none" else info.url if link == "file" else info.page or info.url
    if target:
        image = f'<a href="{escape(target, quote=True)}">{image}</a>'
    caption = f"<figcaption>{info.caption}</figcaption>" if info.caption.strip() else ""
    return f'<figure class="gallery-item">{image}{caption}</figure>'


def playlist(code: Shortcode, context: ContentContext | None = None) -> str:
    """A list of links, one per track: the title (or file name) to the file."""
    ids = _ids(code, context)
    known = context.attachments if context is not None else {}
    items = []
    for i in ids:
        info = known.get(i)
        if info is None:
            items.append(f"<li>attachment {i} (not in the export)</li>")
            continue
        title = info.title or info.url.rsplit("/", 1)[-1]
        items.append(f'<li><a href="{escape(info.url, quote=True)}">{escape(title)}</a></li>')
    if not items:
        if context is not None:
            context.report("playlist-unresolved", "a playlist names no attachment of the export")
        return "<p><em>Playlist: no attachments in the export.</em></p>"
    return f"<ul>{''.join(items)}</ul>"


# WP_Embed::autoembed(): a URL alone on its line is embedded, or linked when no oEmbed
# provider knows it. Either way the reader saw something made of the URL: a link here.
_BARE_URL_LINE = re.compile(r'^[ \t]*(https?://[^\s<>"]+)[ \t]*$', re.M)
# A pattern starting with ^[ \t]* is tried at every character: look for "http" at the
# start of a line first, from the newline before it.
_URL_AFTER_NEWLINE = re.compile(r"\n[ \t]*https?://")
# ... and so is a URL alone in a paragraph (autoembed's second pattern).
_BARE_URL_PARAGRAPH = re.compile(r'(<p(?: [^>]*)?>\s*)(https?://[^\s<>"]+)(\s*</p>)', re.I)
_PRE_BLOCK = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)


def autoembed(text: str) -> str:
    if "http" not in text:
        return text
    pieces = _PRE_BLOCK.split(text)
    for at in range(0, len(pieces), 2):  # the odd pieces are <pre> blocks
        if _may_have_url_line(pieces[at]):
            pieces[at] = _BARE_URL_LINE.sub(_embed_line, pieces[at])
        if "<p" in pieces[at]:
            pieces[at] = _BARE_URL_PARAGRAPH.sub(_embed_paragraph, pieces[at])
    return "".join(pieces)


def _may_have_url_line(text: str) -> bool:
    if text.lstrip(" \t").startswith(("http://", "https://")):
        return True
    return _URL_AFTER_NEWLINE.search(text) is not None


def _embed_paragraph(match: re.Match[str]) -> str:
    url = escape(unescape(match.group(2)), quote=True)
    return f'{match.group(1)}<a href="{url}">{url}</a>{match.group(3)}'


def _embed_line(match: re.Match[str]) -> str:
    url = escape(unescape(match.group(1)), quote=True)
    return f'<a href="{url}">{url}</a>'
