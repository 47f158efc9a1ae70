"""Flow files: what reads, and every malformed file as one line with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cognito_bench.flows.flowfile import (
    MAX_FILE_BYTES,
    FlowError,
    load_data,
    load_flow,
    parse_flow,
    schema,
)
from cognito_bench.flows.schema import make_schema

EXAMPLE = """\
name: sign up to S3
vars:
  username: "qa-{{ run.id }}"
  password: "{{ env.QA_PASSWORD | default('Qa-Passw0rd!1') }}"
steps:
  - sign_up: {username: "{{ username }}", password: "{{ password }}", email: "{{ username }}@example.com"}
  - confirm_sign_up: {username: "{{ username }}", code: "{{ outbox.last_code(username) }}"}
  - sign_in_srp: {username: "{{ username }}", password: "{{ password }}"}
    expect: {ok: true, "tokens.id.claims.email": "{{ username }}@example.com", max_ms: 3000}
  - sign_in_password: {username: "{{ username }}", password: "Wrong-Passw0rd!1"}
    expect: {error: NotAuthorizedException}
"""


def test_the_issue_example_reads() -> None:
    flow = parse_flow(EXAMPLE, "example.yaml")
    assert flow.name == "sign up to S3"
    assert list(flow.vars) == ["username", "password"]
    assert [s.name for s in flow.steps] == [
        "sign_up",
        "confirm_sign_up",
        "sign_in_srp",
        "sign_in_password",
    ]
    assert [s.line for s in flow.steps] == [6, 7, 8, 10]
    assert flow.steps[2].expect == {
        "ok": True,
        "tokens.id.claims.email": "{{ username }}@example.com",
        "max_ms": 3000,
    }
    assert flow.steps[0].title == "1 sign_up"


def test_the_shipped_schema_is_made_from_the_steps() -> None:
    assert schema() == make_schema()


BAD = [
    ("yaml", "name: x\nsteps: [\n", 3, "YAML:"),
    ("empty", "", 0, "the file is empty"),
    ("not a mapping", "- a\n- b\n", 1, "a flow is a mapping"),
    ("two documents", "name: x\n---\nname: y\n", 2, "one flow per file"),
    ("unknown key", "name: x\nstesp: []\n", 2, "unknown key 'stesp' (did you mean 'steps'?)"),
    ("no name", "steps:\n  - get_user: {}\n", 1, "a flow needs a name"),
    ("no steps", "name: x\n", 1, "a flow needs a list of steps"),
    (
        "unknown step",
        "name: x\nsteps:\n  - sign_in_srpp: {}\n",
        3,
        "unknown step 'sign_in_srpp' (did you mean 'sign_in_srp'?)",
    ),
    (
        "two steps in one",
        "name: x\nsteps:\n  - get_user: {}\n    revoke: {}\n",
        3,
        "a step names exactly one step (found 'get_user', 'revoke')",
    ),
    (
        "unknown input",
        "name: x\nsteps:\n  - sign_up:\n      username: a\n      pasword: b\n",
        5,
        "sign_up has no input 'pasword' (did you mean 'password'?)",
    ),
    (
        "missing input",
        "name: x\nsteps:\n  - sign_in_srp: {username: a}\n",
        3,
        "sign_in_srp needs 'password'",
    ),
    (
        "inputs not a mapping",
        "name: x\nsteps:\n  - sign_in_srp: [a, b]\n",
        3,
        "the inputs of sign_in_srp must be a mapping",
    ),
    (
        "bad expectation",
        "name: x\nsteps:\n  - get_user: {}\n    expect: {ok: yes please}\n",
        4,
        "ok must be true or false",
    ),
    (
        "bad jmespath",
        "name: x\nsteps:\n  - get_user: {}\n    expect:\n      'response.[': 1\n",
        5,
        "not a JMESPath expression",
    ),
    (
        "ok and error",
        "name: x\nsteps:\n  - get_user: {}\n    expect: {ok: true, error: X}\n",
        4,
        "cannot expect ok: true and an error",
    ),
    ("duplicate key", "name: x\nname: y\nsteps: []\n", 2, "'name' is given twice"),
    (
        "alias",
        "name: x\nvars: {a: &a hello, b: *a}\nsteps:\n  - get_user: {}\n",
        2,
        "anchors and aliases",
    ),
    (
        "python tag",
        "name: !!python/object:os.system x\nsteps:\n  - get_user: {}\n",
        1,
        "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not supported",
    ),
    (
        "template loop",
        "name: x\nsteps:\n  - get_user: {}\n    title: '{% for i in x %}{% endfor %}'\n",
        0,
        "",
    ),
    (
        "template syntax",
        "name: x\nsteps:\n  - sign_up: {username: '{{ a', password: b}\n",
        3,
        "template syntax",
    ),
    (
        "template statement",
        "name: x\nsteps:\n  - sign_up: {username: '{% set a = 1 %}', password: b}\n",
        3,
        "'assign' is not allowed in a flow template",
    ),
    (
        "bad var name",
        "name: x\nvars: {'my var': 1}\nsteps:\n  - get_user: {}\n",
        2,
        "'my var' is not a name",
    ),
    (
        "nested var",
        "name: x\nvars: {a: [1]}\nsteps:\n  - get_user: {}\n",
        2,
        "must be text, a number or bool",
    ),
    (
        "unknown target field",
        "name: x\ntarget: {bukcet: b}\nsteps:\n  - get_user: {}\n",
        2,
        "the target has no field 'bukcet' (did you mean 'bucket'?)",
    ),
    (
        "target endpoint",
        "name: x\ntarget: {endpoint_url: 'https://evil.example'}\nsteps:\n  - get_user: {}\n",
        2,
        "a flow cannot set endpoint_url: where calls go is the run's choice",
    ),
    (
        "deep",
        "name: x\nsteps:\n  - get_user: {}\nvars: " + "[" * 80 + "]" * 80 + "\n",
        4,
        "nested deeper than 64",
    ),
    (
        "deep past the YAML composer's recursion",
        "name: x\nsteps:\n  - get_user: {}\nvars: " + "[" * 600 + "\n",
        4,
        "nested deeper than 64",
    ),
    (
        "deep mappings past the YAML composer's recursion",
        "name: x\nvars:\n  v: " + "{a: " * 600 + "\nsteps: []\n",
        3,
        "nested deeper than 64",
    ),
]


@pytest.mark.parametrize(("text", "line", "cause"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_malformed_flow_is_one_line_with_its_line(text: str, line: int, cause: str) -> None:
    if cause == "":
        parse_flow(text, "f.yaml")  # a template in a title is not rendered: not checked
        return
    with pytest.raises(FlowError) as caught:
        parse_flow(text, "f.yaml")
    message = str(caught.value)
    assert "\n" not in message
    assert cause in message, message
    assert caught.value.line == line, message
    assert message.startswith(f"f.yaml:{line}: " if line else "f.yaml: ")


def test_a_billion_laughs_is_refused_before_it_expands() -> None:
    lines = ["name: x", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    lines.append("steps:\n  - get_user: {}")
    with pytest.raises(FlowError, match="anchors and aliases"):
        parse_flow("\n".join(lines))


def test_files_too_big_not_utf8_or_missing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 10))
    with pytest.raises(FlowError, match="larger than"):
        load_flow(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: caf\xe9\nsteps: []\n")
    with pytest.raises(FlowError, match=r"latin.yaml:1: not UTF-8"):
        load_flow(latin)
    with pytest.raises(FlowError, match="cannot read the file"):
        load_flow(tmp_path / "missing.yaml")


def test_data_files(tmp_path: Path) -> None:
    data = tmp_path / "users.csv"
    data.write_text("username,password\nalice,A-Passw0rd!\n\nbob,B-Passw0rd!\n")
    assert load_data(data) == [
        {"username": "alice", "password": "A-Passw0rd!"},
        {"username": "bob", "password": "B-Passw0rd!"},
    ]
    for text, cause in [
        ("", "header row"),
        ("user name\nx\n", "not a variable name"),
        ("a,b\n1,2,3\n", "3 cells for 2 columns"),
        ("a,b\n", "no rows"),
    ]:
        data.write_text(text)
        with pytest.raises(FlowError, match=cause):
            load_data(data)
