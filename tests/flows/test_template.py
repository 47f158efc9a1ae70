"""Flow templates render in a sandbox: a flow from someone else cannot run code or hang."""

from __future__ import annotations

import pytest

from cognito_bench.flows.template import (
    MAX_BITS,
    MAX_TEXT,
    HelperFailed,
    TemplateProblem,
    Templates,
    helper,
    is_template,
)


def _render(source: str, **context: object) -> str:
    return Templates(dict(context)).render_text(source)


def test_variables_env_default_and_filters() -> None:
    assert _render("qa-{{ run.id }}", run={"id": "abc"}) == "qa-abc"
    assert _render("{{ env.MISSING | default('x') }}", env={}) == "x"
    assert _render("{{ env.HOME }}", env={"HOME": "/h"}) == "/h"
    assert _render("{{ name | upper }}@{{ 'EXAMPLE.com' | lower }}", name="al") == "AL@example.com"
    assert _render("{% if a %}yes{% else %}no{% endif %}", a=False) == "no"
    assert _render("{{ steps[0].response.UserSub }}", steps=[{"response": {"UserSub": "s"}}]) == "s"
    assert Templates({"a": "1"}).render({"k": ["{{ a }}", 2]}) == {"k": ["1", 2]}
    assert is_template("{{ a }}") and not is_template("plain")


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("{{ usrname }}", "'usrname' is undefined"),
        ("{{ ''.__class__.__mro__ }}", "not allowed"),
        ("{{ cycler.__init__.__globals__ }}", "not allowed"),
        ("{{ lipsum }}", "is undefined"),
        ("{{ range(10) }}", "is undefined"),
        ("{% for i in x %}{% endfor %}", "'for' is not allowed"),
        ("{% macro m() %}{% endmacro %}", "'macro' is not allowed"),
        ("{% include 'x' %}", "'include' is not allowed"),
        ("{% import 'x' as y %}", "'import' is not allowed"),
        ("{% set a = 1 %}", "'assign' is not allowed"),
        ("{{ 'x' * 1000000000 }}", "longer than"),
        ("{{ [1] * 1000000000 }}", "longer than"),
        ("{{ 10 ** 100000000 }}", "an exponent above"),
        ("{{ '{:>999999999}'.format(1) }}", "not allowed"),
        ("{{ 'a'.center(999999999) }}", "not allowed"),
        ("{{ '%999999999d' % 1 }}", "'%' formatting of text"),
        ("{{ 'x' | indent(999999999) }}", "no filter named 'indent'"),
        ("{{ 'x' | wordwrap(5) }}", "no filter named 'wordwrap'"),
        ("{{ 'x' | format(1) }}", "no filter named 'format'"),
        ("{{ x.pop() }}", "not allowed"),
        ("{{ a", "template syntax"),
    ],
)
def test_what_a_template_may_not_do(source: str, cause: str) -> None:
    with pytest.raises(TemplateProblem) as caught:
        _render(source, x=[1], a=1)
    assert cause in str(caught.value)
    assert "\n" not in str(caught.value)


def test_output_is_capped() -> None:
    big = "y" * (MAX_TEXT // 2 + 1)
    with pytest.raises(TemplateProblem, match="more than"):
        _render("{{ a }}{{ a }}", a=big)


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
        ("{{ 'a' + 1 }}", "TypeError: "),
        ("{{ 1 | join }}", "TypeError: "),
        ("{{ helper.broken(1, 2) }}", "TypeError: "),  # a helper called with wrong arguments
    ],
)
def test_an_error_of_the_template_itself_is_a_template_problem(source: str, cause: str) -> None:
    with pytest.raises(TemplateProblem) as caught:
        _render(source, helper=_Helper())
    assert type(caught.value) is TemplateProblem
    assert cause in str(caught.value) and "\n" not in str(caught.value)


class _Helper:
    @helper
    def broken(self, name: str) -> str:
        raise ValueError(f"the outbox has no code for {name!r}")


def test_a_helpers_own_failure_is_helper_failed() -> None:
    with pytest.raises(HelperFailed, match="the outbox has no code for 'ann'"):
        _render("{{ h.broken('ann') }}", h=_Helper())


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("{{ 10**64**64**64**64**64 }}", "a number larger than"),
        ("{{ (10**64)**64**64 }}", "a number larger than"),
        ("{{ (2 ** 60) ** 60 * 1 }}", ""),
        ("{{ ('x'*99999) | replace('x', 'y'*99999) }}", "longer than"),
        ("{{ ('x'*99999).replace('x', 'y'*99999) }}", "longer than"),
        ("{{ ([1]*99999) | join('x'*99999) }}", "longer than"),
        ("{{ ('x'*99999).join(([1]*99999)|map('string')) }}", "longer than"),
        ("{{ ('x'*99999).join('y'*99999) }}", "longer than"),
        ("{{ ('x'*60000) + ('y'*60000) }}", "longer than"),
        ("{{ ('x'*60000) ~ ('y'*60000) ~ 'z' }}", "longer than"),
        ("{{ ([[1]*99999]*99999) | length }}", "longer than"),
        ("{{ 'x'.ljust(999999999) }}", "not allowed"),
        ("{{ [1] | join(attribute='__class__') }}", "not allowed"),
    ],
)
def test_hostile_templates_end_with_an_error(source: str, cause: str) -> None:
    # Each one would take minutes or gigabytes if built; it must end with the error instead
    # (pytest's timeout fails a test that hangs).
    if not cause:
        assert len(_render(source)) > 1000
        return
    with pytest.raises(TemplateProblem) as caught:
        _render(source)
    assert cause in str(caught.value), str(caught.value)


def test_the_size_caps_are_module_constants() -> None:
    assert MAX_BITS >= 4096 and MAX_TEXT == 100_000
    assert _render("{{ ('ab' * 10) | replace('a', 'xy') }}") == "xyb" * 10
    assert _render("{{ [1, 2] | join('-') }}") == "1-2"
    assert _render("{{ [{'a': 1}, {'a': 2}] | join(',', attribute='a') }}") == "1,2"
    assert _render("{{ '-'.join(['a', 'b']) }}") == "a-b"
    assert _render("{{ 'a-b'.replace('-', '+') }}") == "a+b"
    assert _render("{{ 2 ** 10 }}") == "1024"
    assert _render("{{ 'a' ~ 1 ~ none }}") == "a1None"
