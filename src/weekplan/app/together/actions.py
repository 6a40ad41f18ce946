"""The planner's Together actions: the weekly review, suggest, the idea backlog, goals,
the novelty warning before a date from an idea is saved, and privacy in messages.

A mixin of PlannerApp, kept here so the Together half lives in one package; every
edit still goes through the app's `apply` (or `apply_quietly`) and its undo history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from weekplan.app.form_saving import saving
from weekplan.display_text import one_line, quoted, visible
from weekplan.history import Change, Step
from weekplan.model import Config, Goal, Idea, SpecialDate
from weekplan.people import added_by_me, my_name, taken_prep
from weekplan.privacy import PRIVATE
from weekplan.record import replace
from weekplan.store import ReadOnlyError
from weekplan.together import goals_in_force, revise_goal
from weekplan.weeks import IsoWeek, view_start, view_week

if TYPE_CHECKING:
    from weekplan.history import History
    from weekplan.store import Store

PRIVATE_EDIT = "Privacy is on: P shows titles again before a date can be planned or edited"
PRIVATE_SEARCH = "Privacy is on: search results would show titles; P first"


class TogetherActions:
    """Mixed into PlannerApp (before App, so `notify` here comes first)."""

    store: Store
    config: Config
    today: date
    first_day: date
    privacy: bool
    history: History

    # -- privacy ------------------------------------------------------------------------

    def private_texts(self) -> list[str]:
        """Every title, place, note and memory of a date or idea, longest first (so a
        title that contains another is hidden whole).  Items only the undo history still
        knows count too: "Deleted “…”" quotes one that is no longer stored.  Every
        year's, not the shown week's: a message may quote a date of any year (the
        review rates and remembers dates of weeks long past, undo names what it undid)."""
        items: list[Any] = [*self.store.dates().items.values(), *self.store.ideas().items.values()]
        items.extend(self.history.items())
        texts: set[str] = set()
        for item in items:
            if isinstance(item, SpecialDate):
                texts.update((item.title, item.place, item.notes, item.memory, item.prep))
                texts.update(memory for _, memory in item.memories)
            elif isinstance(item, Idea):
                texts.update((item.title, item.notes))
        return sorted((t for t in texts if len(t.strip()) > 1), key=len, reverse=True)

    def scrub(self, text: str) -> str:
        """The text with private words hidden, while privacy is on."""
        if not self.privacy or not text:
            return text
        for private in self.private_texts():
            # As written, or as shown: messages quote titles with their controls made visible.
            for form in {private, visible(private), one_line(private), one_line(private, limit=None)}:
                text = text.replace(form, PRIVATE)
        return text

    def notify(self, message: str, **kwargs: Any) -> None:
        # Messages quote titles ("Deleted “…”", "Undone: plan “…”"): none may slip past privacy.
        if self.privacy:
            message = self.scrub(message)
            if "title" in kwargs:
                kwargs["title"] = self.scrub(kwargs["title"])
        super().notify(message, **kwargs)  # type: ignore[misc]

    def refuse_while_private(self, message: str = PRIVATE_EDIT) -> bool:
        """True (and says why) when privacy is on: forms that show dates as typed wait."""
        if self.privacy:
            self.notify(message, markup=False)
            return True
        return False

    # -- saving -------------------------------------------------------------------------

    def apply_quietly(self, edit: Step) -> bool:
        """Save an edit made inside a dialog (review, idea backlog) through the undo
        history; the view refreshes, the cursor stays where it is."""
        app: Any = self
        try:
            self.history.do(self.store, edit)  # type: ignore[arg-type]
        except (ReadOnlyError, OSError, LookupError) as exc:
            app._refuse(exc)
            ok = False
        else:
            ok = True
            app._say_what_came_back()
        # Views that cache what they show rebuild when this count moves.
        app.data_version = getattr(app, "data_version", 0) + 1
        app.refresh_view()
        return ok

    def plan_date(
        self,
        before: SpecialDate | None,
        after: SpecialDate | None,
        verb: str,
        back: Callable[[SpecialDate], None] | None = None,
    ) -> None:
        """Save a planned or edited date, asking first when its idea was done lately.
        Going back calls `back` with the date as it was typed (default: the date form
        again, filled in)."""
        from .novelty_screen import NoveltyWarningScreen, dates_near, warning_for

        app: Any = self
        if after is None or after == before:
            return
        if before is None:
            after = added_by_me(after, self.config)
        change = Change(f"{verb} {quoted(after.title)}", before, after)
        warning = warning_for(before, after, dates_near(self.store, after, self.config), self.config, self.today)
        if warning is None:
            app.apply(change)
            return
        idea = self.store.ideas().items.get(after.idea)
        go_back = back or (lambda typed: self.reopen_date_form(before, typed, verb))

        def answered(plan_anyway: bool | None) -> None:
            if plan_anyway:
                app.apply(change)
            else:
                go_back(after)

        screen = NoveltyWarningScreen(warning, idea.title if idea else after.title, privacy=self.privacy)
        app.push_screen(screen, answered)

    def reopen_date_form(self, before: SpecialDate | None, typed: SpecialDate, verb: str) -> None:
        """The date form again, with everything as it was typed."""
        from weekplan.app.screens.date_form import DateForm

        app: Any = self
        ideas = list(self.store.ideas().items.values())
        form = DateForm(self.config, ideas, day=typed.date, start=typed.start, special=typed)
        if before is None:
            form.TITLE_TEXT = "Plan a special date"
        app.push_screen(form, lambda result: self.plan_date(before, result, verb))

    # -- the weekly review ----------------------------------------------------------------

    def action_review(self, first_day: date | None = None) -> None:
        """The weekly review; of the week from `first_day` (the overview's `r`), or the one
        it picks by itself."""
        app: Any = self
        app.push_screen(self.review_dialog(first_day))

    def review_dialog(self, first_day: date | None = None) -> Any:
        """The weekly review as `r` opens it now (kept: see weekplan.app.kept_dialogs)."""
        from .review_screen import ReviewScreen

        app: Any = self
        args = (self.store, self.config, self.today)
        kwargs = {"save": self.apply_quietly, "privacy": self.privacy, "first_day": first_day}
        return app.kept_dialogs.get(
            "review", ReviewScreen, lambda: ReviewScreen(*args, **kwargs), lambda kept: kept.reopen(*args, **kwargs)
        )

    # -- suggest ----------------------------------------------------------------------------

    def action_suggest(self, tags: tuple[str, ...] = ()) -> None:
        app: Any = self
        dialog = self.suggest_dialog(tags)
        app.push_screen(dialog, lambda planned: self.plan_date(None, planned, "plan", back=self._suggest_again))

    def suggest_dialog(self, tags: tuple[str, ...] = ()) -> Any:
        """Suggest as `S` opens it now (kept: see weekplan.app.kept_dialogs)."""
        from .suggest_screen import SuggestScreen

        app: Any = self
        args = (self.store, self.config, self.today, self.first_day)
        kwargs = {"privacy": self.privacy, "tags": tags}
        return app.kept_dialogs.get(
            "suggest", SuggestScreen, lambda: SuggestScreen(*args, **kwargs), lambda kept: kept.reopen(*args, **kwargs)
        )

    def _suggest_again(self, _typed: SpecialDate) -> None:
        self.action_suggest()

    # -- ideas ---------------------------------------------------------------------------------

    def action_ideas(self) -> None:
        from .ideas_screen import IdeasScreen

        app: Any = self
        screen = IdeasScreen(self.store, self.config, self.today, save=self.apply_quietly, privacy=self.privacy)
        app.push_screen(screen, self._plan_from_idea)

    def _plan_from_idea(self, idea: Idea | None) -> None:
        if idea is not None:
            app: Any = self
            app.action_add_date(idea=idea)

    def action_add_idea(self) -> None:
        from .idea_form import IdeaForm

        app: Any = self

        def added(idea: Idea | None) -> None:
            if idea is not None:
                app.apply(Change(f"add idea {quoted(idea.title)}", None, added_by_me(idea, self.config)))

        app.push_screen(*saving(app, IdeaForm(privacy=self.privacy), added))

    def edit_idea(self, idea: Idea) -> None:
        from .idea_form import IdeaForm

        app: Any = self

        def edited(new: Idea | None) -> None:
            if new is not None and new != idea:
                app.apply(Change(f"edit idea {quoted(new.title)}", idea, new))

        app.push_screen(*saving(app, IdeaForm(idea, privacy=self.privacy), edited))

    # -- goals -----------------------------------------------------------------------------------

    def this_week(self) -> IsoWeek:
        """The week goal changes apply from: today's."""
        app: Any = self
        return view_week(view_start(app.today, self.config.first_weekday))

    def action_goals(self) -> None:
        from .goals_form import GoalsForm, goal_edit

        app: Any = self
        stored = dict(self.store.goals().items)
        week = self.this_week()
        goals = {g.category: g for g in goals_in_force(stored.values(), week)}

        def chosen(result: dict[str, Goal | None] | None) -> None:
            edit = None if result is None else goal_edit(self.config, goals, result, stored=stored, week=week)
            if edit is not None and app.apply(edit):
                self.notify(f"Goals saved ({edit.label}); u takes it back", markup=False)

        app.push_screen(*saving(app, GoalsForm(self.config, goals.values()), chosen))

    # -- the panel's keys ------------------------------------------------------------------------

    def _panel_item(self) -> Any:
        app: Any = self
        return app.panel.selected_item

    def action_edit_panel_item(self) -> None:
        app: Any = self
        item = self._panel_item()
        if isinstance(item, Idea):
            self.edit_idea(item)
        elif isinstance(item, SpecialDate):
            app.edit(item)
        elif isinstance(item, Goal):
            self.action_goals()
        else:
            app.bell()

    def action_toggle_prep_done(self) -> None:
        """Tick off (or untick) the preparation of the date under the panel's cursor."""
        app: Any = self
        item = self._panel_item()
        if not isinstance(item, SpecialDate) or not item.prep.strip():
            self.notify("Only a date with something to prepare can be ticked off here", markup=False)
            return
        done = not item.prep_done
        title = quoted(item.title)  # notify hides it while privacy is on
        if app.apply(Change(f"mark the preparation for {title}", item, replace(item, prep_done=done))):
            said = "ready" if done else "not ready yet"
            self.notify(f"Preparation for {title}: {said}; u undoes it", markup=False)

    def action_take_prep(self) -> None:
        """Take on the preparation of the date under the panel's cursor, or give it back."""
        app: Any = self
        me = my_name(self.config)
        item = self._panel_item()
        if not me:
            return
        if not isinstance(item, SpecialDate) or not item.prep.strip():
            self.notify("Only a date with something to prepare can be taken on here", markup=False)
            return
        title = quoted(item.title)  # notify hides it while privacy is on
        after = taken_prep(item, me)
        if after.prep_by:
            instead = f" instead of {one_line(item.prep_by)}" if item.prep_by else ""
            verb, said = "take on", f"You prepare {title}{instead}; o gives it back"
        else:
            verb, said = "give back", f"The preparation for {title} is nobody's again; u undoes it"
        if app.apply(Change(f"{verb} the preparation for {title}", item, after)):
            self.notify(said, markup=False)

    def action_delete_panel_item(self) -> None:
        app: Any = self
        item = self._panel_item()
        if isinstance(item, Idea):
            edit: Step = Change(f"delete idea {quoted(item.title)}", item, None)
            said = f"Deleted the idea {quoted(item.title)}; u brings it back"
        elif isinstance(item, SpecialDate):
            edit = Change(f"delete {quoted(item.title)}", item, None)
            said = f"Deleted {quoted(item.title)}; u brings it back"
        elif isinstance(item, Goal):
            category = self.config.category(item.category)
            name = category.name if category else item.category
            kept = self.store.goals().items.get(item.category, item)
            edit = Change(f"drop the {name} goal", kept, revise_goal(kept, None, self.this_week()))
            said = f"Dropped the {name} goal; u brings it back"
        else:
            app.bell()
            return
        if app.apply(edit):
            self.notify(said, markup=False)
