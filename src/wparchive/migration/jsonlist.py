"""A JSON file holding one list, {"<key>": [...]}, written one object at a time.

redirects.json and media.json grow with the export: written whole they were built in
memory first. Each object here is dumped as it comes, and the file is byte for byte what
json.dumps({key: objects}, ensure_ascii=False, indent=2, sort_keys=True) + "\n" gives.
"""

from __future__ import annotations

import json
from typing import IO, Any


class JsonListWriter:
    def __init__(self, file: IO[str], key: str) -> None:
        self._file = file
        self.count = 0
        file.write("{\n  " + json.dumps(key, ensure_ascii=False) + ": [")

    def add(self, item: dict[str, Any]) -> None:
        text = json.dumps(item, ensure_ascii=False, indent=2, sort_keys=True)
        # Two levels deeper in the whole; a JSON string holds no raw newline.
        self._file.write(("," if self.count else "") + "\n    " + text.replace("\n", "\n    "))
        self.count += 1

    def close(self) -> None:
        self._file.write("\n  ]\n}\n" if self.count else "]\n}\n")
