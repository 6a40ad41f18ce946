"""A widget's Rich style and its component styles, with the walk up the DOM done once.

Textual works each of them out (DOMNode.rich_style, Widget.get_component_rich_style) by
folding the CSS of every node from the App down: about 60 µs a style at the planner's
depth, and the week grid needs a dozen styles for its first frame.  The widget and all
its components share the path down to the widget, so this folds that path once and adds
each component's own rules on top.  The arithmetic is DOMNode.rich_style's (Textual 8.2);
tests/app/test_component_styles.py checks every style against Textual's own answer.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.css.styles import StylesBase
from textual.widget import Widget


class _Fold:
    """The state DOMNode.rich_style carries from node to node."""

    __slots__ = ("background", "color", "opacity", "style")

    def __init__(self) -> None:
        self.background = Color(0, 0, 0, 0)
        self.color = Color(255, 255, 255, 0)
        self.style = Style()
        self.opacity = 1.0

    def copy(self) -> _Fold:
        fold = _Fold()
        fold.background, fold.color, fold.style, fold.opacity = self.background, self.color, self.style, self.opacity
        return fold

    def add(self, styles: StylesBase) -> None:
        has_rule = styles.has_rule
        self.opacity *= styles.opacity
        if has_rule("background"):
            tinted = styles.background.tint(styles.background_tint)
            text_background = self.background + tinted
            self.background += tinted.multiply_alpha(self.opacity)
        else:
            text_background = self.background
        if has_rule("color"):
            self.color = styles.color
        self.style += styles.text_style
        if has_rule("auto_color") and styles.auto_color:
            self.color = text_background.get_contrast_text(self.color.a)

    def rich_style(self) -> Style:
        background, color = self.background, self.color
        return self.style + Style.from_color(
            (background + color).rich_color if (background.a or color.a) else None,
            background.rich_color if background.a else None,
        )


class ComponentStyles:
    """The styles of one widget as its CSS stands now: make a new one when it changes."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._fold = _Fold()
        for node in reversed(widget.ancestors_with_self):
            self._fold.add(node.styles)

    @property
    def base(self) -> Style:
        """The widget's own style: `widget.rich_style`."""
        return self._fold.rich_style()

    def component(self, name: str) -> Style:
        """`widget.get_component_rich_style(name)`."""
        component_styles = self._widget.get_component_styles(name)
        assert component_styles.node is not None
        fold = self._fold.copy()
        fold.add(component_styles.node.styles)
        style = fold.rich_style()
        text_opacity = component_styles.text_opacity
        if text_opacity < 1 and style.bgcolor is not None:
            style += Style.from_color(
                (Color.from_rich_color(style.bgcolor) + component_styles.color.multiply_alpha(text_opacity)).rich_color
            )
        return style
