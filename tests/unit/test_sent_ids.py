"""The ids an export has sent out, kept as hashes past the newest: an id is in it
once added, whether still as text or only as its hash, and no other is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from weekplan.sent_ids import SentIds

ids = st.text(min_size=1, max_size=12)


@given(added=st.lists(ids, max_size=60), others=st.lists(ids, max_size=20), batch=st.integers(1, 8))
def test_an_id_is_sent_once_added_and_no_other_is(added: list[str], others: list[str], batch: int) -> None:
    sent = SentIds(batch)  # small batches: most ids live as hashes only
    for ident in added:
        sent.add(ident)
    for ident in added:
        assert ident in sent
    for ident in others:
        assert (ident in sent) == (ident in added)
        assert sent.isdisjoint([ident]) == (ident not in added)
    assert sent.isdisjoint(others) == (not set(others) & set(added))
