"""Flow templates render in a sandbox: a flow from someone else cannot run code or hang."""

from __future__ import annotations

import pytest

from cognito_bench.flows.template import MAX_TEXT, TemplateProblem, Templates, is_template


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
