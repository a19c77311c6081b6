"""wparchive: WordPress exports, pages and captures to Markdown and a JSON archive."""
