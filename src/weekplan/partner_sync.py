"""`weekplan sync` with a partner: the data directory's own repository, then the
Together repository shared with the partner, each through the one sync machinery
(weekplan.sync) with its own list of files (weekplan.sync_paths).

Either may be absent: without a partner this is `weekplan.sync.sync` and nothing
more; with one, a data directory that is not a repository syncs the Together half
only.  The own repository goes first, because it may bring the settings that name
the shared remote: a second machine of the same person then fetches the shared
repository (`weekplan.partner_setup`, which merges this machine's own Together items
into it) in the same sync.

Before committing the shared repository this person's busy times are written there
(weekplan.partner_busy); nothing else of the own week is.

The two repositories are looked at side by side: the shared one's first steps (its
status, its settings, its fetch: weekplan.sync_look) start before the own one syncs,
and its sync takes their answers, or looks again where something was saved since.

Plain Python, no Textual.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from weekplan.clock import today as clock_today
from weekplan.model import PartnerSettings
from weekplan.store import Store
from weekplan.sync import sync, sync_repository
from weekplan.sync_git import SyncError
from weekplan.sync_look import Look, first_look
from weekplan.sync_report import SyncResult

LEFT_NOTE = (
    "the Together half is no longer shared (another of your machines ran 'weekplan partner --leave'); "
    "run 'weekplan partner --leave' here too, to bring back anything only this machine's together/ holds"
)


def _is_repository(root: Path) -> bool:
    return (root / ".git").exists()


def _partner(root: Path) -> PartnerSettings | None:
    return Store(root).config.partner if (root / "config.toml").exists() else None


def sync_all(
    root: Path, *, merge_unrelated: bool = False, today: date | None = None, early: Look | None = None
) -> SyncResult:
    """Sync the data directory's repository and, with a partner, the shared one.
    `early` is the data directory's first look, when the caller started it already.
    Raises SyncError (after syncing what could be)."""
    partner = _partner(root)
    sharing = partner is not None and partner.shared
    together = _early_together(root) if sharing else None
    try:
        return _sync_both(root, sharing, merge_unrelated=merge_unrelated, today=today, early=early, together=together)
    finally:
        if together is not None:
            together.abandon()  # not taken when the own sync stopped it, or changed the partner


def _sync_both(
    root: Path, sharing: bool, *, merge_unrelated: bool, today: date | None, early: Look | None, together: Look | None
) -> SyncResult:
    if not sharing or _is_repository(root):
        try:
            result = sync(root, merge_unrelated=merge_unrelated, early=early)
        except SyncError as exc:
            if not sharing:
                raise
            # The Together half still syncs; the own repository's trouble is said after.  Its
            # busy times are left as they are: this machine's own week and settings may be
            # behind the person's other machines (sharing turned off there, or a title hidden).
            try:
                shared = sync_together(
                    root, merge_unrelated=merge_unrelated, today=today, early=together, write_busy=False
                )
            except SyncError as also:
                raise SyncError(f"{exc}\nTogether, shared with your partner: {also}", refused=exc.refused) from None
            raise SyncError(
                f"{exc}\nTogether, shared with your partner, synced:\n{shared.summary}", refused=exc.refused
            ) from None
    else:
        result = SyncResult(root, own_repository=False)
    partner = _partner(root)  # the own sync may have brought the partner's remote, or taken it away
    if partner is None or not partner.shared:
        if (root / "together" / ".git").is_dir():
            result.notes.append(LEFT_NOTE)
        return result
    try:
        result.together = sync_together(root, merge_unrelated=merge_unrelated, today=today, early=together)
    except SyncError as exc:
        # What the own repository's sync did must not go unsaid.
        raise SyncError(f"{result.summary}\nTogether, shared with your partner: {exc}", refused=exc.refused) from None
    result.changed_paths.extend(p for p in result.together.changed_paths if p not in result.changed_paths)
    return result


def _early_together(root: Path) -> Look | None:
    """The shared repository's first look, with its fetch started, when it is here
    already; None when it is not (its sync sets it up), or when git stops on it (its
    sync then says why, after the own repository's)."""
    from weekplan.partner_setup import together_git  # only sharing needs it

    store = Store(root)  # only read: the shared sync opens (and tidies) the store in its turn
    if store.together_root != store.shared_dir or not (store.shared_dir / ".git").is_dir():
        return None
    try:
        found = first_look(together_git(store), early=True)
        found.start_fetch()
    except SyncError:
        return None
    return found


def sync_together(
    root: Path,
    *,
    merge_unrelated: bool = False,
    today: date | None = None,
    early: Look | None = None,
    write_busy: bool = True,
) -> SyncResult:
    """Sync the shared Together repository (fetching it first on a machine that does
    not have it yet).  `early` is its first look, taken when its git is the same.
    `merge_unrelated` merges a history with nothing in common with this one (the
    shared branch rewritten and force-pushed elsewhere), as the own sync's does.
    `write_busy` False leaves this person's busy file as it is.  Raises SyncError."""
    # Only sharing needs these: a sync without a partner never loads them.
    from weekplan.partner_setup import PartnerError, bring_in, connect, together_git

    store = Store.open(root)
    partner = store.config.partner
    arrived: list[str] = []
    if store.together_root != store.shared_dir:
        try:
            # The name came with this person's own files, chosen on another of their machines.
            arrived = connect(root, partner.remote, partner.me or None, other_machine=bool(partner.me))
        except PartnerError as exc:
            raise SyncError(str(exc)) from None
        store = Store.open(root)
    moved = bring_in(store)
    if write_busy:
        _write_busy(store, today)
    git = together_git(store)
    if early is not None and early.git != git:  # the own sync changed the partner's name or place
        early.abandon()
        early = None
    result = sync_repository(early.git if early is not None else git, merge_unrelated=merge_unrelated, early=early)
    result.actions[:0] = [*arrived, *moved]
    return result


def _write_busy(store: Store, today: date | None) -> None:
    """This person's busy times (start and end, and the titles they chose to show), into
    the shared tree before its commit."""
    from weekplan.partner_busy import write_own_busy  # as in sync_together

    write_own_busy(store, clock_today() if today is None else today)
