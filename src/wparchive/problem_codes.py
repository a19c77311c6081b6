"""What every problem code means and what the user can do about it: the one list that the
`convert --help` epilog prints and the README's table follows (tests/test_problem_codes.py
checks that every code the source records is here and in the README)."""

from __future__ import annotations

# Exit codes of `wparchive convert` (cli.py). `verify` exits 1 when the output is not faithful.
EXIT_CODES: dict[int, tuple[str, str]] = {
    0: ("done", "nothing; any problems are listed on stderr and in archive.json"),
    1: (
        "failed: an input could not be read, or the output not written",
        "the message names the file and says what to do",
    ),
    2: ("usage error: an unknown option or a missing argument", "see `wparchive convert --help`"),
    3: (
        "done, with problems recorded, and --strict was given",
        "read the warnings (or archive.json's problems) and mend the input, or drop --strict",
    ),
}

NOTHING = "nothing; the repair is recorded so you can check it"
REEXPORT = "export the site again (Tools > Export in WordPress) and convert that file"

# code: (what happened, what you can do)
PROBLEM_CODES: dict[str, tuple[str, str]] = {
    # XML of a WordPress export (readers/wxr.py, readers/xmlsafe.py)
    "xml-error": (
        "the XML breaks at this line; the item it was in is lost, reading went on at the next",
        "mend the named line in a text editor, or " + REEXPORT,
    ),
    "xml-items-lost": ("items the XML breaks inside were not read (listed)", REEXPORT),
    "bad-encoding": ("bytes invalid in the declared encoding, read as Windows-1252", NOTHING),
    "control-chars": ("control characters XML and HTML forbid were removed", NOTHING),
    "bare-ampersand": ("a bare '&' was escaped", NOTHING),
    "html-entity": ("an HTML entity such as &nbsp; was replaced by its character", NOTHING),
    "unknown-entity": ("an unknown entity was kept as text", "check the text if it matters"),
    "cdata-nested": ("']]>' inside a CDATA section was kept as text", NOTHING),
    "stray-cdata-end": ("a stray ']]>' was escaped", NOTHING),
    "stray-lt": ("a stray '<' was escaped", NOTHING),
    "undeclared-prefix": ("a namespace prefix used but never declared was declared", NOTHING),
    "bad-namespace-uri": ("a namespace URI that is not a URI was percent-encoded", NOTHING),
    "xml-namespace": ("another namespace error; the element was kept", NOTHING),
    "doctype-ignored": (
        "the file declares a DOCTYPE; no DTD or external entity was loaded",
        "check where the file comes from: WordPress never writes one",
    ),
    "xinclude-ignored": (
        "XInclude elements were kept as plain elements; nothing was loaded",
        "check where the file comes from: WordPress never writes them",
    ),
    "wxr-version": ("no or an unknown wp:wxr_version; read as WXR anyway", NOTHING),
    "duplicate-element": ("a field given twice; the second is kept as an extra element", NOTHING),
    "foreign-namespace": ("a field in another namespace was read as WordPress's", NOTHING),
    "missing-field": (
        "a field WordPress always writes is missing; WordPress's default is used",
        "check the item; " + REEXPORT,
    ),
    "bad-date": ("a date that cannot be read; kept as written, without a value", "fix the date"),
    "bad-serialized-meta": (
        "a PHP-serialized meta value that cannot be read; kept as text",
        "nothing, unless a plugin needs the value",
    ),
    "meta-repaired": ("a PHP-serialized meta value with wrong lengths was repaired", NOTHING),
    # Several inputs (readers/registry.py)
    "duplicate-post": (
        "an item id read twice: an identical copy is skipped, a different item is kept too",
        "check that the inputs are parts of one export, not two exports of a site",
    ),
    "sites-differ": ("the inputs come from different sites and were merged", "convert each alone"),
    # Parents (hierarchy.py, threads.py)
    "term-parent-cycle": (
        "the parents of these terms form a loop (or a term is its own parent)",
        "give one of them another parent, or none, in WordPress, then export again",
    ),
    "post-parent-cycle": (
        "the parents (wp:post_parent) of these items form a loop",
        "set one of these pages' parent to another page, or none, then export again",
    ),
    "comment-orphan": (
        "a comment replies to one that is not shown; it is shown at the top level",
        "nothing: the comment it answers is unapproved, deleted or not exported",
    ),
    "comment-cycle": ("a comment's parents form a loop; it is shown at the top level", NOTHING),
    # Saved pages and text captures (readers/html_page.py, readers/text_capture.py)
    "several-posts": ("the page shows several posts; the first was read", "save each post's page"),
    "post-id-derived": ("the page shows no post id; one is derived from its URL", NOTHING),
    "no-post-date": ("no publication date shown", "add the date to the Markdown if you know it"),
    "no-offset": ("a date without a UTC offset; UTC is assumed", "check the dates"),
    "no-body-container": (
        "no post body container found; the whole post container is used",
        "check the Markdown for leftover page furniture",
    ),
    "comments-missing": (
        "the page says it has more comments than it shows",
        "save the page with all comments expanded",
    ),
    "comment-pages": (
        "the comments go on on further pages, which this file does not hold",
        "save those pages too and convert them with this one",
    ),
    "comment-offset-assumed": ("comment dates without a UTC offset; UTC is assumed", NOTHING),
    "comment-no-date": ("comments without a date", NOTHING),
    "comment-depth": ("the nesting of comments disagrees with their classes", NOTHING),
    "html-too-deep": (
        "the page nests its markup more than 2048 levels deep; the rest was not read",
        "save the page again; check the Markdown",
    ),
    # Content (content/)
    "unknown-shortcode": (
        "a shortcode wparchive does not convert is kept as written",
        "nothing, or edit the Markdown",
    ),
    "gallery-unresolved": (
        "a [gallery] names attachments the export does not hold",
        "export with attachments (All content), or add the images",
    ),
    "playlist-unresolved": ("a playlist names no attachment of the export", "add the media"),
    "footnotes-missing": ("a footnotes block without its footnotes meta", REEXPORT),
    "footnotes-unreadable": ("the footnotes meta is not JSON", "check the footnotes"),
    "missing-featured-image": (
        "the featured image is an attachment the export does not hold",
        "export with attachments (All content)",
    ),
    # Migration (migrate.py, migration/)
    "redirect-conflict": (
        "an old URL belongs to two posts; it redirects to the first",
        "check the redirect map",
    ),
    "media-download-failed": (
        "a file could not be downloaded with --download-media",
        "run again later (downloaded files are kept), or copy the file by hand",
    ),
    # The output folder (output_state.py)
    "kept-existing-file": (
        "a file changed since wparchive wrote it, or not written by it, was kept as it is",
        "move your changes elsewhere, or run with --force to overwrite it",
    ),
    "kept-stale-file": (
        "a file of an item no longer written, changed since wparchive wrote it, was kept",
        "delete it, or run with --force to remove it",
    ),
    "unreadable-manifest": (
        ".wparchive/manifest.json cannot be read; every existing file counts as yours",
        "nothing if the output is as wparchive wrote it; else run with --force",
    ),
}
