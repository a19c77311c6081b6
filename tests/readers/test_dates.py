"""WordPress date pairs: zero dates, -0001, offsets from local - GMT, the running site offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wparchive.readers.dates import OffsetTracker, aware, make_timestamp, rounded_offset, zone

PDT = timezone(timedelta(hours=-7))


@pytest.mark.parametrize(
    ("local", "gmt", "expected"),
    [
        # The seed post: 21:12:40 local is 04:12:40 UTC the next day.
        (
            "2010-06-22 21:12:40",
            "2010-06-23 04:12:40",
            datetime(2010, 6, 22, 21, 12, 40, tzinfo=PDT),
        ),
        ("0000-00-00 00:00:00", "0000-00-00 00:00:00", None),
        ("-0001-11-30 00:00:00", "-0001-11-30 00:00:00", None),
        ("", "", None),
        # GMT only: UTC when no offset was learned yet.
        (
            "0000-00-00 00:00:00",
            "2012-01-05 14:30:46",
            datetime(2012, 1, 5, 14, 30, 46, tzinfo=UTC),
        ),
    ],
)
def test_timestamp_values(local: str, gmt: str, expected: datetime | None) -> None:
    stamp, error = make_timestamp(local, gmt, OffsetTracker())
    assert stamp.value == expected
    if expected is not None:
        assert stamp.value is not None and stamp.value.utcoffset() == expected.utcoffset()
    assert (stamp.local_raw, stamp.gmt_raw) == (local, gmt)
    assert error == ""


def test_value_is_the_same_instant_as_gmt() -> None:
    stamp, _ = make_timestamp("2010-06-22 21:12:40", "2010-06-23 04:12:40", OffsetTracker())
    assert stamp.value is not None
    assert stamp.value.astimezone(UTC) == datetime(2010, 6, 23, 4, 12, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local", "gmt", "seconds"),
    [
        ("2020-01-01 05:45:00", "2020-01-01 00:00:00", 5 * 3600 + 45 * 60),  # Nepal
        ("2020-01-01 00:00:01", "2020-01-01 00:00:00", 0),  # a second apart: rounding
        ("2020-01-01 00:00:00", "2020-01-02 12:00:00", None),  # 36 h: not an offset
    ],
)
def test_rounded_offset(local: str, gmt: str, seconds: int | None) -> None:
    assert rounded_offset(datetime.fromisoformat(local), datetime.fromisoformat(gmt)) == seconds


def test_local_only_dates_use_the_most_common_offset_seen_so_far() -> None:
    tracker = OffsetTracker()
    for day in (1, 2, 3):
        make_timestamp(f"2020-01-0{day} 10:00:00", f"2020-01-0{day} 18:00:00", tracker)
    make_timestamp("2020-07-01 10:00:00", "2020-07-01 17:00:00", tracker)  # summer time
    draft, _ = make_timestamp("2021-03-04 09:00:00", "0000-00-00 00:00:00", tracker)
    assert tracker.utc_offset == timedelta(hours=-8)
    assert draft.value == datetime(2021, 3, 4, 9, tzinfo=timezone(timedelta(hours=-8)))


def test_garbage_is_kept_raw_and_reported() -> None:
    stamp, error = make_timestamp("yesterday", "", OffsetTracker())
    assert stamp.value is None and stamp.local_raw == "yesterday"
    assert "yesterday" in error


@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.integers(min_value=-14 * 4, max_value=14 * 4),
)
def test_aware_is_replace_with_tzinfo(naive: datetime, quarters: int) -> None:
    tz = zone(quarters * 15 * 60)
    expected = naive.replace(tzinfo=tz)
    built = aware(naive, tz)
    # The pickled state: every field, fold included, and the very same zone object.
    assert built.__reduce__() == expected.__reduce__()
    assert built.tzinfo is tz
