"""Errors read well to a user and survive the trip back from a worker process."""

from __future__ import annotations

import pickle

from wparchive.errors import InputError, OutputError, output_error


def test_input_error_pickles_with_its_path_and_reason() -> None:
    error = InputError("site.xml", "the file is empty; export it again")
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, InputError)
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))


def test_output_error_names_the_path_the_reason_and_the_cure() -> None:
    error = output_error("out/archive.json", "write the archive", PermissionError(13, "Denied"))
    assert isinstance(error, OutputError)
    assert str(error).startswith("out/archive.json: cannot write the archive (Denied); ")
    assert "choose another with -o" in str(error)
    assert str(pickle.loads(pickle.dumps(error))) == str(error)
