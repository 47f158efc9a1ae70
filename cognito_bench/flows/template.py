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
"""

from __future__ import annotations

import base64
import functools
import json
import re
import secrets
import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["MAX_TEXT", "HelperFailed", "TemplateProblem", "Templates", "is_template", "new_run_id"]

#: The longest text a template may build (characters).
MAX_TEXT = 100_000
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


def is_template(value: Any) -> bool:
    """True when ``value`` is text with Jinja2 markers in it."""
    return isinstance(value, str) and any(marker in value for marker in _MARKERS)


def new_run_id() -> str:
    """A short id for one run: lowercase, so it fits Cognito usernames and e-mail addresses."""
    return f"{time.strftime('%m%d%H%M', time.gmtime())}{secrets.token_hex(3)}"


class _Env(ImmutableSandboxedEnvironment):
    """The sandbox with the size limits above."""

    intercepted_binops = frozenset({"*", "**", "%"})

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
            if isinstance(right, int | float) and abs(right) > _MAX_POWER:
                raise SecurityError(f"an exponent above {_MAX_POWER}")
            return left**right
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_TEXT:
                    raise SecurityError(f"a text or list longer than {MAX_TEXT:,} items")
            return left * right
        return super().call_binop(context, operator, left, right)

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


def environment() -> jinja2.Environment:
    """The sandboxed environment every flow template renders in."""
    env = _Env(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters = {name: env.filters[name] for name in _FILTERS if name in env.filters}
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
        try:
            text = template.render(self.context)
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(_undefined(str(exc.message or exc))) from None
        except SecurityError as exc:
            raise TemplateProblem(f"not allowed in a flow template: {exc}") from None
        except TemplateProblem:
            raise
        except Exception as exc:  # a helper's own error (the outbox unreachable, ...)
            raise HelperFailed(str(exc) or type(exc).__name__) from None
        if len(text) > MAX_TEXT:
            raise TemplateProblem(f"a template rendered more than {MAX_TEXT:,} characters")
        return text


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
        return env.from_string(tree)
    except jinja2.TemplateAssertionError as exc:  # an unknown filter or test
        message = str(exc.message or exc)
        if message.startswith("No filter named"):
            allowed = ", ".join(sorted(env.filters))
            message = f"no filter named {message.split()[-1].rstrip('.')} (allowed: {allowed})"
        raise TemplateProblem(message[0].lower() + message[1:]) from None


def _undefined(message: str) -> str:
    match = _NAME_IN_ERROR.search(message)
    if match:
        return f"{match.group(1)!r} is undefined (a typo, or a variable the flow does not set)"
    return message
