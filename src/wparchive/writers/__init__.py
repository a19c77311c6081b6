"""Writers turn the model into files: Markdown per post (markdown, paths) and archive.json."""
