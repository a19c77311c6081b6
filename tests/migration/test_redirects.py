"""The redirect map: old WordPress URLs to new paths, as Netlify, nginx and JSON files."""

from __future__ import annotations

import json
from pathlib import Path

from wparchive.migration import RedirectWriter
from wparchive.model import Post

SITE = "https://example.com"


def post(id: int, type: str, link: str) -> Post:
    return Post(id=id, type=type, status="publish", title="t", slug="s", slug_raw="s", link=link)


def test_every_old_url_of_each_kind(tmp_path: Path) -> None:
    writer = RedirectWriter(tmp_path, SITE)
    writer.add(post(112, "post", f"{SITE}/2010/06/22/hello/"), "/posts/hello/")
    writer.add(post(2, "page", f"{SITE}/about/"), "/about/")
    writer.add(post(131, "attachment", f"{SITE}/2010/06/22/hello/cover/"), "/media/cover.jpg")
    summary = writer.finish()
    data = json.loads((tmp_path / "redirects.json").read_text())
    assert data["redirects"] == [
        {"from": "/2010/06/22/hello/", "to": "/posts/hello/"},
        {"from": "/2010/06/22/hello/cover/", "to": "/media/cover.jpg"},
        {"from": "/?attachment_id=131", "to": "/media/cover.jpg"},
        {"from": "/?p=112", "to": "/posts/hello/"},
        {"from": "/?p=131", "to": "/media/cover.jpg"},
        {"from": "/?p=2", "to": "/about/"},
        {"from": "/?page_id=2", "to": "/about/"},
        # /about/ -> /about/ is no redirect
    ]
    assert summary.written == 7
    assert summary.conflicts == []


def test_netlify_and_nginx_files(tmp_path: Path) -> None:
    writer = RedirectWriter(tmp_path, f"{SITE}/blog/")
    writer.add(post(5, "post", f"{SITE}/blog/caf%C3%A9/"), "/posts/café/")
    writer.finish()
    assert (tmp_path / "_redirects").read_text().splitlines()[1:] == [
        "/blog/?p=5 /posts/café/ 301".replace("/blog/?p=5", "/blog/ p=5"),
        "/blog/caf%C3%A9/ /posts/café/ 301",
    ]
    nginx = (tmp_path / "redirects.nginx.conf").read_text()
    assert "map $request_uri $wparchive_redirect {" in nginx
    assert '    "/blog/?p=5" "/posts/café/";' in nginx
    # Permalinks match with and without their final slash.
    assert '    "/blog/caf%C3%A9" "/posts/café/";' in nginx
    assert '    "/blog/caf%C3%A9/" "/posts/café/";' in nginx
    assert nginx.endswith("}\n")


def test_non_ascii_links_are_percent_encoded_as_browsers_send_them(tmp_path: Path) -> None:
    writer = RedirectWriter(tmp_path, SITE)
    writer.add(post(6, "post", f"{SITE}/2020/中文/"), "/posts/zh/")
    assert next(writer.redirects()).old == "/2020/%E4%B8%AD%E6%96%87/"


def test_first_target_wins_and_the_conflict_is_reported(tmp_path: Path) -> None:
    writer = RedirectWriter(tmp_path, SITE)
    writer.add(post(1, "post", f"{SITE}/same/"), "/posts/a/")
    writer.add(post(2, "post", f"{SITE}/same/"), "/posts/b/")
    summary = writer.finish()
    assert summary.conflicts == [("/same/", "/posts/a/", "/posts/b/")]


def test_output_is_the_same_whatever_the_order(tmp_path: Path) -> None:
    posts = [post(i, "post", f"{SITE}/p{i}/") for i in range(1, 30)]
    texts = []
    for run, order in enumerate((posts, posts[::-1])):
        out = tmp_path / str(run)
        writer = RedirectWriter(out, SITE)
        for item in order:
            writer.add(item, f"/posts/p{item.id}/")
        writer.finish()
        texts.append([(out / name).read_bytes() for name in ("_redirects", "redirects.json")])
    assert texts[0] == texts[1]


def test_the_json_file_is_what_json_dumps_gives(tmp_path: Path) -> None:
    """Written one redirect at a time, byte for byte as dumping the whole list would be."""
    writer = RedirectWriter(tmp_path, SITE)
    writer.add(post(7, "post", f"{SITE}/a%22b/"), '/posts/"quoted" \\ café/')
    writer.add(post(8, "page", f"{SITE}/about/"), "/pages/about/")
    writer.finish()
    expected = {"redirects": [{"from": r.old, "to": r.new} for r in writer.redirects()]}
    assert len(expected["redirects"]) == 5
    text = json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert (tmp_path / "redirects.json").read_text(encoding="utf-8") == text


def test_no_redirect_gives_empty_files(tmp_path: Path) -> None:
    summary = RedirectWriter(tmp_path, SITE).finish()
    assert summary.written == 0
    assert json.loads((tmp_path / "redirects.json").read_text()) == {"redirects": []}
    assert (tmp_path / "redirects.json").read_text() == '{\n  "redirects": []\n}\n'
    assert (tmp_path / "redirects.nginx.conf").read_text().endswith("{\n}\n")


def test_nginx_keeps_the_first_target_of_a_url_with_and_without_its_slash(tmp_path: Path) -> None:
    writer = RedirectWriter(tmp_path, SITE)
    writer.add(post(1, "post", f"{SITE}/same"), "/posts/a/")
    writer.add(post(2, "post", f"{SITE}/same/"), "/posts/b/")
    writer.finish()
    lines = (tmp_path / "redirects.nginx.conf").read_text().splitlines()
    # "/same" sorts first, so its target holds for "/same/" too in nginx's map.
    assert '    "/same" "/posts/a/";' in lines
    assert '    "/same/" "/posts/a/";' in lines
