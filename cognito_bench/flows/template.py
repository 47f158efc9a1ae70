"""Flow values as Jinja2 templates, rendered in Jinja2's sandbox: a flow from someone else
must not run code.

Beyond :class:`jinja2.sandbox.ImmutableSandboxedEnvironment` (no attribute starting with
``_``, no changing of lists or dicts), a flow template may only hold expressions and ``if``:
loops, macros, ``set``, includes and imports are refused when the file is read, so rendering
costs no more than the expression it holds. Multiplying a string or list past
:data:`MAX_TEXT` characters, raising to a large power and formatting text (``format``,
``%``, padding methods) are refused too, and only a short list of filters and the bench's
own globals exist. Undefined names are errors (a typo in a
variable name must not turn into an empty password), except through ``default``.

Sizes are checked before a value is built, not after: a power whose result would pass
:data:`MAX_BITS`, a ``replace``, ``join`` or ``+`` whose text would pass :data:`MAX_TEXT`
(``('x'*99999) | replace('x', 'y'*99999)`` would be 10 GB) are refused at once, and the
output is counted as it is made.

Two kinds of failure (the runner treats them apart):

* :class:`TemplateProblem`: the template is at fault (syntax, an undefined name, ``1/0``,
  ``'a' + 1``, a helper called with wrong arguments). Bad input: the flow file must change.
* :class:`HelperFailed`: a helper (a method marked with :func:`helper`) failed at run time
  (the outbox has no code yet): the flow's run failed, not its file.
"""

from __future__ import annotations

import base64
import functools
import inspect
import json
import re
import secrets
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = [
    "MAX_BITS",
    "MAX_TEXT",
    "HelperFailed",
    "TemplateProblem",
    "Templates",
    "helper",
    "is_template",
    "new_run_id",
]

#: The longest text a template may build (characters), and the most items a list may hold.
MAX_TEXT = 100_000
#: The largest whole number ``**`` and ``*`` may build (bits): estimated as the base's
#: bits times the exponent before computing (left to right, ``10**64**64`` is
#: ``(10**64)**64``, which grows past any memory in a few steps).
MAX_BITS = 4096
#: The largest exponent ``**`` may take.
_MAX_POWER = 64

_MARKERS = ("{{", "{%", "{#")

#: Statements a flow template may hold: text, ``{{ expression }}`` and ``{% if %}``.
_ALLOWED_STATEMENTS = (nodes.Template, nodes.Output, nodes.If)
#: Padding and formatting methods that could build a huge string from a small template.
_UNSAFE_METHODS = frozenset(
    {"format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs", "translate"}
)


class TemplateProblem(Exception):
    """A template that cannot be used: bad syntax, a statement not allowed, an undefined
    name, an unsafe operation. The message is one plain line."""


class HelperFailed(TemplateProblem):
    """A helper a template called failed at run time (the outbox has no code yet, no TOTP
    secret in the session): the step cannot run, but the flow file is not at fault."""


def helper(method: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``method`` as a template helper: its own failure is :class:`HelperFailed`.

    Arguments that do not fit its signature are the template's fault
    (:class:`TemplateProblem`), as is any error of the template's own expressions.
    """
    signature = inspect.signature(method)

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise TemplateProblem(f"TypeError: {method.__name__}(): {exc}") from None
        try:
            return method(*args, **kwargs)
        except TemplateProblem:
            raise
        except Exception as exc:
            raise HelperFailed(str(exc) or type(exc).__name__) from None

    return call


def _too_long(size: int) -> None:
    if size > MAX_TEXT:
        raise SecurityError(f"a text or list longer than {MAX_TEXT:,} items")


def _size(value: Any, limit: int = MAX_TEXT) -> int:
    """How many characters or items ``value`` holds, nested lists counted in full (a list
    of one 99,999-item list repeated is 10 billion items once joined or printed); stops
    counting past ``limit``."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple | dict):
        total = len(value)
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            if total > limit:
                break
            if isinstance(item, list | tuple | dict | str):
                total += _size(item, limit - total)
        return total
    return 1


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(exponent, int | float) and abs(exponent) > _MAX_POWER:
        raise SecurityError(f"an exponent above {_MAX_POWER}")
    whole = isinstance(base, int) and isinstance(exponent, int) and exponent > 0
    if whole and abs(base).bit_length() * exponent > MAX_BITS:
        raise SecurityError(f"a number larger than {MAX_BITS:,} bits")


def _safe_replace(text: str, old: Any, new: Any, count: Any = None) -> str:
    """``str.replace`` that refuses first when its result would pass :data:`MAX_TEXT`."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = text.count(old)
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        _too_long(len(text) + times * (len(new) - len(old)))
    return text.replace(old, new) if count is None else text.replace(old, new, count)


def _safe_join(separator: str, items: Iterable[Any]) -> str:
    """``str.join`` that refuses first when its result would pass :data:`MAX_TEXT`."""
    parts = list(items)
    _too_long(len(separator) * max(len(parts) - 1, 0))
    total = len(separator) * max(len(parts) - 1, 0)
    for part in parts:
        total += _size(part, MAX_TEXT - total) if isinstance(part, str) else 1
        _too_long(total)
    return separator.join(parts)


def is_template(value: Any) -> bool:
    """True when ``value`` is text with Jinja2 markers in it."""
    return isinstance(value, str) and any(marker in value for marker in _MARKERS)


def new_run_id() -> str:
    """A short id for one run: lowercase, so it fits Cognito usernames and e-mail addresses."""
    return f"{time.strftime('%m%d%H%M', time.gmtime())}{secrets.token_hex(3)}"


class _Env(ImmutableSandboxedEnvironment):
    """The sandbox with the size limits above."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def wrap_str_format(self, value: Any) -> None:
        # The sandbox hands out a checked str.format; its width and padding can still build
        # a huge string ('{:>999999999}'.format(1)), so format is simply not there.
        return None

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%":
            if isinstance(left, str):
                raise SecurityError("'%' formatting of text (join text with ~ instead)")
            return left % right
        if operator == "**":
            _check_power(left, right)
            return left**right
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int):
                    _too_long(_size(seq) * times)
            whole = isinstance(left, int) and isinstance(right, int)
            if whole and abs(left).bit_length() + abs(right).bit_length() > MAX_BITS:
                raise SecurityError(f"a number larger than {MAX_BITS:,} bits")
            return left * right
        if operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                _too_long(_size(left) + _size(right))
            return left + right
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # str.replace and str.join build their text in C before anything can count it.
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and not kwargs:
            name = getattr(__obj, "__name__", "")
            if name == "replace" and len(args) in (2, 3):
                return _safe_replace(owner, *args)
            if name == "join" and len(args) == 1:
                return _safe_join(owner, args[0])
        return super().call(__context, __obj, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in _UNSAFE_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def _b64encode(value: Any) -> str:
    return base64.b64encode(str(value).encode("utf-8")).decode("ascii")


def _tojson(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


#: The filters a flow may use (Jinja2's own, minus the ones that pad, wrap or format).
_FILTERS = (
    "default",
    "d",
    "lower",
    "upper",
    "title",
    "capitalize",
    "trim",
    "replace",
    "length",
    "count",
    "join",
    "first",
    "last",
    "string",
    "int",
    "float",
    "abs",
    "round",
    "list",
    "sort",
    "unique",
    "min",
    "max",
    "sum",
    "select",
    "reject",
    "selectattr",
    "rejectattr",
    "map",
    "attribute",
    "items",
    "dictsort",
    "truncate",
    "urlencode",
    "escape",
    "e",
)


def _replace_filter(value: Any, old: Any, new: Any, count: Any = None) -> str:
    return _safe_replace(str(value), str(old), str(new), count)


@jinja2.pass_environment
def _join_filter(
    env: jinja2.Environment, value: Iterable[Any], d: Any = "", attribute: Any = None
) -> str:
    items: Iterable[Any] = value
    if attribute is not None:  # looked up as the sandbox looks attributes up
        items = map(make_attrgetter(env, attribute), value)
    return _safe_join(str(d), (str(item) for item in _bounded(items)))


def _bounded(items: Iterable[Any]) -> Iterable[Any]:
    """``items``, refused as soon as their text would pass :data:`MAX_TEXT`."""
    total = 0
    for item in items:
        total += _size(item) if isinstance(item, str | list | tuple | dict) else 1
        _too_long(total)
        yield item


def environment() -> jinja2.Environment:
    """The sandboxed environment every flow template renders in."""
    env = _Env(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters = {name: env.filters[name] for name in _FILTERS if name in env.filters}
    env.filters["replace"] = _replace_filter
    env.filters["join"] = _join_filter
    env.filters["b64encode"] = _b64encode
    env.filters["tojson"] = _tojson
    env.filters["urlquote"] = lambda v: urllib.parse.quote(str(v), safe="")
    env.globals = {"now": lambda: int(time.time())}
    tests = ("defined", "undefined", "none", "string", "number", "eq", "ne", "in")
    env.tests = {name: env.tests[name] for name in tests if name in env.tests}
    return env


_NAME_IN_ERROR = re.compile(r"'([^']+)' is undefined")


class Templates:
    """Checks and renders a flow's templates against one context.

    Args:
        context: the names a template sees (``vars``, ``env``, ``run``, ``target``,
            ``outbox``, ``steps``, ``last`` and the flow's variables at top level). Kept,
            not copied: the runner adds to it as variables render and steps end.
    """

    def __init__(self, context: dict[str, Any] | None = None) -> None:
        self.context: dict[str, Any] = context if context is not None else {}

    def check(self, source: str) -> None:
        """Refuse ``source`` when its syntax is bad or it holds a statement not allowed.

        Raises:
            TemplateProblem: with the cause in one line.
        """
        self._compile(source)

    def _compile(self, source: str) -> jinja2.Template:
        return _compiled(source)

    def render(self, value: Any) -> Any:
        """``value`` with every template in it rendered (text; other values unchanged).

        Lists and mappings are rendered item by item.

        Raises:
            TemplateProblem: an undefined name, an unsafe operation, a failing helper.
        """
        if isinstance(value, str):
            return self.render_text(value) if is_template(value) else value
        if isinstance(value, Mapping):
            return {k: self.render(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.render(v) for v in value]
        return value

    def render_text(self, source: str) -> str:
        """One template rendered to text (see :meth:`render`)."""
        template = self._compile(source)
        parts: list[str] = []
        size = 0
        try:
            # Counted piece by piece: "{{ a }}{{ a }}..." must not be joined first.
            for part in template.generate(self.context):
                size += len(part)
                if size > MAX_TEXT:
                    raise TemplateProblem(f"a template rendered more than {MAX_TEXT:,} characters")
                parts.append(part)
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(_undefined(str(exc.message or exc))) from None
        except SecurityError as exc:
            raise TemplateProblem(f"not allowed in a flow template: {exc}") from None
        except TemplateProblem:  # HelperFailed too: a helper's own failure
            raise
        except RecursionError:
            raise TemplateProblem("the template is nested too deep") from None
        except Exception as exc:  # the template's own expression: 1/0, 'a' + 1, ...
            raise TemplateProblem(_cause(exc)) from None
        return "".join(parts)


_ENV: list[jinja2.Environment] = []


@functools.lru_cache(maxsize=4096)
def _compiled(source: str) -> jinja2.Template:
    """``source`` checked and compiled, once per process (compiling is ~1 ms a template; a
    flow run, or a load test's user, renders the same few hundred times)."""
    if not _ENV:
        _ENV.append(environment())
    env = _ENV[0]
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax: {exc.message}") from None
    for node in tree.find_all(nodes.Stmt):
        if not isinstance(node, _ALLOWED_STATEMENTS):
            kind = type(node).__name__.lower()
            raise TemplateProblem(
                f"'{kind}' is not allowed in a flow template (only expressions and if)"
            )
    try:
        template = env.from_string(tree)
    except jinja2.TemplateAssertionError as exc:  # an unknown filter or test
        message = str(exc.message or exc)
        if message.startswith("No filter named"):
            allowed = ", ".join(sorted(env.filters))
            message = f"no filter named {message.split()[-1].rstrip('.')} (allowed: {allowed})"
        raise TemplateProblem(message[0].lower() + message[1:]) from None
    # "a ~ b ~ c" compiles to a call of the module's str_join, which joins before anything
    # can count; this template's own namespace gets one that counts first.
    template.root_render_func.__globals__["str_join"] = _str_join
    return template


def _str_join(seq: Iterable[Any]) -> str:
    return _safe_join("", [str(item) for item in _bounded(seq)])


def _cause(exc: Exception) -> str:
    """``ZeroDivisionError: division by zero``, in one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _undefined(message: str) -> str:
    match = _NAME_IN_ERROR.search(message)
    if match:
        return f"{match.group(1)!r} is undefined (a typo, or a variable the flow does not set)"
    return message
