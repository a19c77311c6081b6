"""Model objects built by hand for the writer tests (no reader involved)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from wparchive.model import (
    Author,
    Comment,
    CommentStatus,
    CommentType,
    Element,
    Meta,
    Post,
    Site,
    Term,
    TermRef,
    Timestamp,
)

PDT = timezone(timedelta(hours=-7))


def stamp(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> Timestamp:
    local = datetime(year, month, day, hour, minute, tzinfo=PDT)
    gmt = local.astimezone(UTC)
    return Timestamp(
        local_raw=local.strftime("%Y-%m-%d %H:%M:%S"),
        gmt_raw=gmt.strftime("%Y-%m-%d %H:%M:%S"),
        value=local,
    )


def comment(
    id: int,
    *,
    parent: int | None = None,
    author: str = "Reader",
    day: int = 23,
    hour: int = 12,
    status: str = "1",
    type_raw: str = "",
    **fields: Any,
) -> Comment:
    return Comment(
        id=id,
        parent=parent,
        type=CommentType.from_raw(type_raw),
        type_raw=type_raw,
        status=CommentStatus.from_raw(status),
        status_raw=status,
        author=author,
        date=stamp(2010, 6, day, hour),
        content=fields.pop("content", f"Comment {id}."),
        **fields,
    )


def post(id: int = 42, **fields: Any) -> Post:
    values: dict[str, Any] = {
        "type": "post",
        "status": "publish",
        "title": "Low Dose Naltrexone",
        "slug": "low-dose-naltrexone",
        "slug_raw": "low-dose-naltrexone",
        "link": "https://example.com/2010/06/22/low-dose-naltrexone/",
        "guid": "http://example.com/?p=42",
        "date": stamp(2010, 6, 22, 21, 12),
        "creator": "nsajbenmd",
        "content": "Raw <em>content</em>\r\n\r\n[caption]x[/caption]",
    }
    values.update(fields)
    return Post(id=id, **values)


def full_post() -> Post:
    """A post with every field set, comments of every status, and personal data."""
    return post(
        title='Low Dose "LDN": off label',
        excerpt="Short excerpt",
        description="rss description",
        modified=stamp(2011, 1, 2, 3, 4),
        pub_date_raw="Wed, 23 Jun 2010 04:12:40 +0000",
        guid_is_permalink=False,
        comment_status="open",
        ping_status="closed",
        parent=7,
        menu_order=3,
        password="hunter2-secret",
        sticky=True,
        attachment_url="https://example.com/wp-content/uploads/cover.jpg",
        terms=(
            TermRef(taxonomy="category", slug="ldn", name="Low Dose Naltrexone"),
            TermRef(taxonomy="category", slug="pain", name="Pain Management"),
            TermRef(taxonomy="post_tag", slug="rsd-crps", name="RSD / CRPS"),
            TermRef(taxonomy="series", slug="s1", name="Series One"),
        ),
        meta=(
            Meta(key="_thumbnail_id", value="99"),
            Meta(
                key="_wp_attachment_metadata",
                value='a:2:{i:0;s:1:"a";s:1:"k";d:INF;}',
                decoded={0: "a", "k": float("inf")},
                serialized=True,
            ),
            Meta(key="akismet_as_submitted", value="comment_author_email=liz@example.net"),
        ),
        comments=(
            comment(
                1,
                author="Liz",
                author_email="liz@example.net",
                author_ip="198.51.100.23",
                author_url="http://liz.example/",
                meta=(
                    Meta(key="akismet_result", value="false"),
                    Meta(key="akismet_history", value="user_ip=198.51.100.23"),
                ),
            ),
            comment(2, parent=1, author="Mark", status="0", author_email="mark@example.com"),
            comment(3, author="Spammer", status="spam", author_email="spam@example.biz"),
            comment(4, author="Trashed", status="trash", author_ip="203.0.113.250"),
            comment(5, author="Blog", type_raw="pingback", user_id=12),
        ),
        extra=(Element(tag="{urn:x}thing", text="kept", attributes=(("a", "1"),)),),
        source="export.xml",
    )


def site() -> Site:
    return Site(
        title="LDN Blog",
        link="https://example.com",
        description="About LDN",
        language="en",
        pub_date_raw="Mon, 01 Jan 2024 00:00:00 +0000",
        wxr_version="1.2",
        base_site_url="http://wordpress.com/",
        base_blog_url="https://example.com",
        generator="http://wordpress.com/",
        utc_offset=timedelta(hours=-7),
        sources=("export.xml",),
        extra=(Element(tag="{urn:x}channel-thing", text="t"),),
    )


def author() -> Author:
    return Author(
        id=1,
        login="nsajbenmd",
        email="nsajben@example.com",
        display_name="Nancy Sajben MD",
        first_name="Nancy",
        last_name="Sajben",
    )


def term() -> Term:
    return Term(
        taxonomy="category",
        id=5,
        slug="ldn",
        slug_raw="ldn",
        name="Low Dose Naltrexone",
        parent="health",
        description="d",
        meta=(Meta(key="color", value="red"),),
    )
