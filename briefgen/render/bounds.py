"""Templates held to a budget: loop iterations, output size, and the sizes operators make.

A project's templates come with the project, which may be someone else's clone. The sandbox
keeps them from Python's insides; this keeps them from running forever or filling memory:
every `for` loop counts its turns against one budget per render, and every call (a macro that
calls itself) against another; the output is streamed and cut at a cap; and the operators,
filters and calls that make long text from short (`*`, `**`, `%`, `~`, widths such as
`center(10**9)`) are refused past the same cap. Each refusal is a TemplateLimit, reported with
the template and its line.
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from typing import Any, cast

import jinja2
import jinja2.sandbox
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

MAX_LOOP_TURNS = 2_000_000  # every loop of one render together
# Every call of one render (macros, methods): a brief's page makes about 40, an index a few a
# brief; a macro that calls itself twice over would make 2**n.
MAX_CALLS = 200_000
# Everything the operators and filters make in one render together (characters, or items of a
# list): a page's worth many times over, but not memory's worth. Each value is also capped.
MAX_MADE = 50_000_000
MAX_ITEMS = 1_000_000  # one list or tuple a template makes
MAX_INT_BITS = 100_000  # an integer a template makes: 30,000 digits
# Text a filter that works line by line (wordwrap, urlize) is given: a page's worth.
MAX_FILTERED_CHARS = 200_000
MAX_OUTPUT_CHARS = 20_000_000  # one rendered page, far beyond any brief or index
MAX_NUMBER = 10**6  # an integer argument (a width, a count) or an exponent
# A width in a format string ("%9999999s", "{:>9999999}") is as long as the text it makes.
_WIDE_FORMAT = re.compile(r"\d{7,}|%[^a-zA-Z%]*\*")

# What takes a width or a count and makes text that long: a huge one is refused.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_WIDTH_FILTERS = frozenset(
    {"center", "indent", "wordwrap", "truncate", "batch", "slice", "filesizeformat"}
)
# What turns a value into text (a list printed whole), or works on text line by line.
_TEXT_FILTERS = frozenset({"string", "tojson", "pprint", "urlize", "list"})
_LINE_FILTERS = frozenset({"wordwrap", "urlize"})

# [loop turns, calls, made] of the render under way.
_turns: contextvars.ContextVar[list[int]] = contextvars.ContextVar("briefgen_template_turns")


class TemplateLimit(Exception):
    """A template went past one of the bounds of a render."""


def _counter() -> list[int]:
    counter = _turns.get(None)
    if counter is None:  # rendered outside render_bounded: a budget of its own
        counter = [0, 0, 0]
        _turns.set(counter)
    return counter


def _count(turns: int = 1) -> None:
    counter = _counter()
    counter[0] += turns
    if counter[0] > MAX_LOOP_TURNS:
        raise TemplateLimit(
            f"loops ran more than {MAX_LOOP_TURNS:,} turns in one render (nested loops "
            "over large ranges?)"
        )


def _call() -> None:
    counter = _counter()
    counter[1] += 1
    if counter[1] > MAX_CALLS:
        raise TemplateLimit(
            f"more than {MAX_CALLS:,} calls in one render (a macro that calls itself?)"
        )


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        _count()
        yield item


def _made(value: Any) -> Any:
    """Count what an operator or filter made against the render's budget; pass it on.

    Each value is capped (a text at MAX_OUTPUT_CHARS, a list at MAX_ITEMS), and all of them
    together at MAX_MADE: fifty lists of a million items kept in a namespace fill memory as
    surely as one of fifty million.
    """
    size = _size(value)
    if isinstance(value, str) and size > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"a value of more than {MAX_OUTPUT_CHARS:,} characters")
    if isinstance(value, list | tuple) and size > MAX_ITEMS:
        raise TemplateLimit(f"a list of more than {MAX_ITEMS:,} items")
    big = isinstance(value, int) and not isinstance(value, bool)
    if big and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit("a number too large for a template (over 30,000 digits)")
    if size:
        counter = _counter()
        counter[2] += size
        if counter[2] > MAX_MADE:
            raise TemplateLimit(
                f"made more than {MAX_MADE:,} characters or list items in one render"
            )
    return value


def _text_size(value: Any, limit: int = MAX_OUTPUT_CHARS) -> int:
    """Estimate how long a value is as text (str() of a list of texts), stopping past `limit`.

    str() of a list that holds one long text a thousand times is a thousand times as long
    as anything the template made: it is refused before it is made.
    """
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item) + 4
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            total += 20
    return total


def _as_text(value: Any) -> Any:
    """Refuse a value whose text (printed, joined with ~) would pass the output cap."""
    if not isinstance(value, str) and _text_size(value) > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"a value that prints as more than {MAX_OUTPUT_CHARS:,} characters")
    return value


class _SizedConcat(NodeTransformer):
    """Wrap every `~` in a filter that checks the size of what it made."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = cast(nodes.Concat, self.generic_visit(node))
        # Each side checked before it is turned into text, the whole after it is joined.
        node.nodes = [
            nodes.Filter(n, "_briefgen_as_text", [], [], None, None, lineno=node.lineno)
            for n in node.nodes
        ]
        return nodes.Filter(node, "_briefgen_sized", [], [], None, None, lineno=node.lineno)


def _size(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _check_number(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise TemplateLimit(
            f"the number {value:.3g} is too large for a template (over {MAX_NUMBER:,})"
        )


def _check_format(text: object) -> None:
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise TemplateLimit("a format with a width of a million or more, or a '*' width")


class BoundedEnvironment(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """The sandbox, with every loop counted and every text-growing operation bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Every {{ value }} is checked before it is printed: a list printed whole is text too.
        kwargs.setdefault("finalize", _as_text)
        super().__init__(*args, **kwargs)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = cast(nodes.Template, _SizedConcat().visit(super()._parse(source, name, filename)))
        for loop in tree.find_all(nodes.For):
            # The loop's iterable passes through a counting filter: the budget sees every turn.
            loop.iter = nodes.Filter(
                loop.iter, "_briefgen_counted", [], [], None, None, lineno=loop.lineno
            )
        return tree

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            _check_number(right)
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
                and left.bit_length() * right > 100_000
            ):
                raise TemplateLimit(f"a power of {right} is too large for a template")
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                if not _size(seq) or not isinstance(times, int):
                    continue
                if _size(seq) * times > MAX_OUTPUT_CHARS:
                    raise TemplateLimit(
                        f"repeating a text {times:,} times passes {MAX_OUTPUT_CHARS:,} characters"
                    )
                if isinstance(seq, list | tuple) and len(seq) * times > MAX_ITEMS:
                    raise TemplateLimit(f"a list of more than {MAX_ITEMS:,} items")
            ints = isinstance(left, int) and isinstance(right, int)
            if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimit("a product too large for a template (over 30,000 digits)")
        if op == "%" and isinstance(left, str):
            _check_format(left)
            args = right if isinstance(right, tuple) else (right,)
            if len(left) + sum(_text_size(a) for a in args) > MAX_OUTPUT_CHARS:
                raise TemplateLimit(
                    f"a formatted text of more than {MAX_OUTPUT_CHARS:,} characters"
                )
        lists = isinstance(left, list | tuple) and isinstance(right, list | tuple)
        if op == "+" and lists and len(left) + len(right) > MAX_ITEMS:
            raise TemplateLimit(f"a list of more than {MAX_ITEMS:,} items")
        return _made(super().call_binop(context, op, left, right))

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        _call()  # a macro calling itself twice over runs as long as nested loops
        if isinstance(__obj, jinja2.runtime.LoopContext) and args:
            # A recursive loop's loop(items): its turns count as every loop's do.
            args = (_counted(args[0]), *args[1:])
        wrapped = getattr(__obj, "__wrapped__", __obj)
        if getattr(wrapped, "__name__", "") in _WIDTH_METHODS:
            for value in (*args, *kwargs.values()):
                _check_number(value)
        name = getattr(wrapped, "__name__", "")
        if name in ("format", "format_map"):
            _check_format(getattr(wrapped, "__self__", None))
        owner = getattr(wrapped, "__self__", None)
        if isinstance(owner, str) and name in ("replace", "join") and args:
            _check_growth(name, owner, *args)
        return super().call(__context, __obj, *args, **kwargs)


def bounded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Return the width-taking filters wrapped to refuse huge widths, and the loop counter."""
    out: dict[str, Callable[..., Any]] = {
        "_briefgen_counted": _counted,
        "_briefgen_sized": _made,  # a joined value (a ~ b): doubling must stop
        "_briefgen_as_text": _as_text,
    }
    for name, func in filters.items():
        if name in _WIDTH_FILTERS or name in _TEXT_FILTERS or name == "format":
            out[name] = _guarded(func, name)
    out["sum"] = _summed(filters["sum"])
    out["replace"] = _grown(filters["replace"], "replace")
    out["join"] = _grown(filters["join"], "join")
    return out


def _guarded(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(func)  # keeps Jinja's pass_context / pass_environment mark
    def guarded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            _check_number(value)
            # Work that grows faster than the text (wordwrap, urlize) on a page's worth only;
            # text made of a value (string, tojson, pprint) no longer than the output cap.
            if isinstance(value, str) and len(value) > MAX_FILTERED_CHARS:
                if name in _LINE_FILTERS:
                    raise TemplateLimit(f"{name} on more than {MAX_FILTERED_CHARS:,} characters")
            elif not isinstance(value, int | float | bool | type(None)):
                _as_text(value)
        if name == "format" and args:
            _check_format(args[0])
        return _made(func(*args, **kwargs))

    return guarded


def _summed(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def summed(*args: Any, **kwargs: Any) -> Any:
        # Numbers only: sum(start=[]) of lists copies the growing list at each step.
        # Jinja's do_sum(environment, iterable, attribute=None, start=0).
        start = kwargs.get("start", args[3] if len(args) > 3 else 0)
        if not isinstance(start, int | float) or isinstance(start, bool):
            raise TemplateLimit("sum adds numbers only in a template")
        if len(args) > 1 and isinstance(args[1], list | tuple):
            _count(len(args[1]))  # each item added is a turn of the budget
        return _made(func(*args, **kwargs))

    return summed


def _check_growth(name: str, text: Any, *args: Any) -> None:
    """Refuse a replace or a join whose result would pass the cap, before it is made.

    Each makes text as long as its inputs multiplied: "x"|replace("", a) is len(a) times
    longer, and range(n)|join(a) n times; chained, two such steps would fill memory.
    """
    if name == "replace" and len(args) >= 2 and isinstance(text, str):
        old, new = str(args[0]), str(args[1])
        times = len(text) + 1 if not old else text.count(old)
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            times = min(times, args[2])
        size = len(text) + times * (len(new) - len(old))
    elif name == "join":
        if isinstance(text, str):  # str.join(items): the text is the separator
            separator, items = text, args[0]
        else:  # the filter: join(items, separator)
            items, separator = text, str(args[0]) if args else ""
        items = list(items) if not isinstance(items, list | tuple) else items
        size = len(separator) * max(len(items) - 1, 0)
        if size <= MAX_OUTPUT_CHARS:
            size += sum(_size(i) if isinstance(i, str) else 20 for i in items)
    else:
        return
    if size > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"a {name} that makes more than {MAX_OUTPUT_CHARS:,} characters")


def _grown(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(func)  # keeps Jinja's pass_eval_context mark
    def grown(*args: Any, **kwargs: Any) -> Any:
        # Filters of Jinja's own: join's first argument is its eval context, replace's too.
        rest = [a for a in args if not isinstance(a, jinja2.nodes.EvalContext)]
        if rest:
            items = list(rest[0]) if name == "join" and not isinstance(rest[0], str) else rest[0]
            rest[0] = items
            named = [kwargs[k] for k in ("d", "old", "new", "count") if k in kwargs]
            _check_growth(name, *rest, *named)
            args = tuple(a for a in args if isinstance(a, jinja2.nodes.EvalContext)) + tuple(rest)
        return _made(func(*args, **kwargs))

    return grown


def render_bounded(template: jinja2.Template, context: Mapping[str, object]) -> str:
    """Render with a fresh loop budget, streaming, and stop past MAX_OUTPUT_CHARS."""
    token = _turns.set([0, 0, 0])
    try:
        parts: list[str] = []
        size = 0
        stream = cast(Generator[str, None, None], template.generate(context))
        for part in stream:
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                # Thrown in where the template stands: its traceback, and so its line, is
                # the template's own.
                stream.throw(TemplateLimit(f"the output passed {MAX_OUTPUT_CHARS:,} characters"))
            parts.append(part)
        return "".join(parts)
    finally:
        _turns.reset(token)


__all__ = ["BoundedEnvironment", "TemplateLimit", "bounded_filters", "render_bounded"]
