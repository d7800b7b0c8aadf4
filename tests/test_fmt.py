"""`policylint fmt`: keys in schema order, one layout, YAML 1.1 look-alikes quoted; never a value or a comment lost."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CLEAN_POLICY, POLICIES
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from strategies import policies
from test_fuzz import _yaml_text as yaml_from_a_grammar

from policylint.findings import InputError
from policylint.fmt import FormatError, comments, format_policy, misread_by_yaml_1_1
from policylint.loader import parse
from policylint.schema import load_schema, walk

SCHEMA = load_schema()


def data(text: str) -> str:
    """What the project's loader reads, strictly (1, 1.0 and true differ), key order aside."""
    return json.dumps(parse(text).data, sort_keys=True, ensure_ascii=False)


def comment_texts(text: str) -> Counter[str]:
    return Counter(comment for _line, comment in comments(text))


def keys_out_of_schema_order(text: str) -> list[str]:
    """Each mapping whose known keys are not in the schema's order, or whose unknown keys come before known ones."""
    wrong = []
    for path, value, node in walk(parse(text).data, SCHEMA):
        if isinstance(value, dict) and isinstance(node.get("properties"), dict):
            known = list(node["properties"])
            ranks = [known.index(k) if k in known else len(known) for k in value]
            if ranks != sorted(ranks):
                wrong.append(f"{path}: {list(value)}")
    return wrong


def assert_formatted_well(text: str) -> str:
    formatted = format_policy(text)
    assert data(formatted) == data(text)
    assert comment_texts(formatted) == comment_texts(text)
    assert keys_out_of_schema_order(formatted) == []
    assert format_policy(formatted) == formatted  # idempotent
    return formatted


# The comment reader fmt checks itself with ---------------------------------------------------------------------

def test_comments_are_found_wherever_yaml_allows_them_and_nowhere_else() -> None:
    text = ("# head\n"
            "a: 1  # after a value\n"
            "b: |  # after a block header\n"
            "  # not a comment: block text\n"
            "c: 'quoted # not a comment'\n"
            "d: plain#not-a-comment\n"
            "  # indented, between keys\n"
            "e: [1, 2]  # after a flow list\n")
    assert comments(text) == [(1, "# head"), (2, "# after a value"), (3, "# after a block header"),
                              (7, "# indented, between keys"), (8, "# after a flow list")]


# The bundled policies and generated ones ------------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_a_bundled_policy_keeps_its_data_and_comments_and_formats_once(policy: Path) -> None:
    text = policy.read_text(encoding="utf-8")
    formatted = assert_formatted_well(text)
    assert comment_texts(text)  # every bundled policy has at least its schema modeline
    assert formatted.splitlines()[0] == text.splitlines()[0]  # the opening comment stays at the top


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_the_bundled_policies_are_as_fmt_writes_them(policy: Path) -> None:
    """The examples people copy pass the project's own formatter (and its hook)."""
    text = policy.read_text(encoding="utf-8")
    assert format_policy(text) == text, f"run: policylint fmt {policy.relative_to(policy.parent.parent)}"


def _multiline_scalar_lines(text: str) -> set[int]:
    """0-based lines that belong to a scalar written over several lines: no comment may go there."""
    inside: set[int] = set()
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.ScalarEvent) and event.end_mark.line > event.start_mark.line:
            inside |= set(range(event.start_mark.line, event.end_mark.line + 1))
    return inside


@st.composite
def commented_policy_texts(draw: st.DrawFn) -> str:
    """A generated policy as PyYAML writes it (keys sorted, so mostly out of schema order; 2 or 4 spaces), with
    comments and blank lines inserted between lines and comments at the ends of lines."""
    policy = draw(policies())
    indent = draw(st.sampled_from([2, 4]))
    text = yaml.safe_dump(policy, sort_keys=draw(st.booleans()), indent=indent, width=10**9, allow_unicode=True,
                          default_flow_style=False)
    lines = text.splitlines()
    inside = _multiline_scalar_lines(text)
    free = [i for i in range(len(lines)) if i not in inside]
    before = draw(st.lists(st.sampled_from(free), max_size=8))
    after = draw(st.lists(st.sampled_from(free), max_size=8, unique=True))
    blanks = draw(st.lists(st.sampled_from(free), max_size=4))
    out = []
    for i, line in enumerate(lines):
        width = len(line) - len(line.lstrip(" "))
        out += ["" for b in blanks if b == i]
        out += [" " * width + f"# comment {n} before line {i}" for n, b in enumerate(before) if b == i]
        out.append(line + (f"  # comment at the end of line {i}" if i in after else ""))
    return "\n".join(out) + "\n"


@pytest.mark.slow
# Generation only: shrinking a maximal policy takes minutes, and the failing text is in the message.
@settings(max_examples=20, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(commented_policy_texts())
def test_a_generated_policy_with_comments_and_blank_lines_keeps_them_all(text: str) -> None:
    formatted = assert_formatted_well(text)
    for n, found in comment_texts(text).items():
        assert comment_texts(formatted)[n] == found, n
    # Blank lines are kept too, but for those that open the file.
    assert formatted.splitlines().count("") == text.lstrip("\n").splitlines().count("")


@pytest.mark.slow
@settings(max_examples=10, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policies())
def test_a_generated_policy_formats_to_one_layout_whatever_its_indentation_and_key_order(
        policy: dict[str, Any]) -> None:
    texts = [yaml.safe_dump(policy, sort_keys=sort, indent=indent, width=10**9, allow_unicode=True)
             for sort, indent in ((True, 4), (False, 2), (True, 3))]
    formatted = {assert_formatted_well(text) for text in texts}
    assert len(formatted) == 1


@pytest.mark.slow
@settings(max_examples=600, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(yaml_from_a_grammar)
def test_yaml_from_a_grammar_is_formatted_well_or_refused_with_a_position(text: str) -> None:
    """Odd YAML (anchors, tags, complex keys, directives, keys such as `:`): formatted with its data and comments
    kept, once and for all, or refused as one InputError or FormatError; never another exception."""
    try:
        format_policy(text)
    except (InputError, FormatError) as error:
        assert error.line >= 1 and error.col >= 1 and "\n" not in error.message
        return
    assert_formatted_well_but_for_order(text)


def assert_formatted_well_but_for_order(text: str) -> None:
    formatted = format_policy(text)
    assert data(formatted) == data(text)
    assert comment_texts(formatted) == comment_texts(text)
    assert format_policy(formatted) == formatted


# What fmt changes -----------------------------------------------------------------------------------------------

SHUFFLED = """\
# The policy's own opening comment.
organisation:
  name: Example Ltd
document:
  last_updated: {date: "2026-06-01"}
  effective_date: {date: "2026-01-01"}  # after the date
  # The title comes first in the schema.
  title: Example privacy policy
schema_version: "2.0"
contacts:
  - kind: privacy_office
    # The id is first in the schema.
    id: privacy
    channels: [{value: privacy@example.com, type: email}]
frameworks: []
data_categories:
  - {label: Contact details, id: contact}
purposes:
  - {id: orders, description: Process orders, data_categories: [contact]}
recipients: []
retention:
  - {kind: period, period: P6Y}
negative_statements:
  - {id: no-adm, claim: no_automated_decision_making}
rights:
  contacts: [privacy]
  statements:
    - right: access
changes:
  notification:
    - method: post_on_site
children:
  statements:
    - {kind: not_directed, age: 13}
x-internal: kept after the known keys
"""


def test_keys_go_in_schema_order_and_take_their_comments_with_them() -> None:
    formatted = assert_formatted_well(SHUFFLED)
    lines = formatted.splitlines()
    assert lines[:3] == ["# The policy's own opening comment.", 'schema_version: "2.0"', "document:"]
    assert lines[3:7] == ["  # The title comes first in the schema.", "  title: Example privacy policy",
                          '  effective_date: {date: "2026-01-01"}  # after the date',
                          '  last_updated: {date: "2026-06-01"}']
    at = lines.index("contacts:")
    assert lines[at + 1:at + 5] == ["  # The id is first in the schema.", "  - id: privacy", "    kind: privacy_office",
                                    "    channels: [{type: email, value: privacy@example.com}]"]
    assert "  - {id: contact, label: Contact details}" in lines
    assert lines[-1] == "x-internal: kept after the known keys"


SECTIONS = """\
# yaml-language-server: $schema=../schema/privacy-policy.schema.json
schema_version: "2.0"

organisation:
  name: Example Ltd
  # Deeper than the next key: about the organisation.

# About the document.
document:
  title: Example privacy policy
  effective_date: {date: "2026-01-01"}
  last_updated: {date: "2026-06-01"}

contacts:
  - id: privacy
    kind: privacy_office
    channels: [{type: email, value: privacy@example.com}]
frameworks: []
"""


def test_a_comment_goes_with_the_key_below_it_unless_it_is_indented_under_the_entry_above() -> None:
    formatted = assert_formatted_well(SECTIONS)
    assert formatted.startswith('''\
# yaml-language-server: $schema=../schema/privacy-policy.schema.json
schema_version: "2.0"

# About the document.
document:
  title: Example privacy policy
  effective_date: {date: "2026-01-01"}
  last_updated: {date: "2026-06-01"}

organisation:
  name: Example Ltd
  # Deeper than the next key: about the organisation.

contacts:
''')


def test_blank_lines_between_entries_stay_where_they_were() -> None:
    text = "schema_version: '2.0'\norganisation:\n  name: A\n\ndocument:\n  title: T\ncontacts: []\n"
    assert format_policy(text) == 'schema_version: "2.0"\ndocument:\n  title: T\n\norganisation:\n  name: A\n' \
        "contacts: []\n"


def test_the_house_layout_replaces_other_indentation() -> None:
    four = "schema_version: '2.0'\ndocument:\n    title: T\n    evidence:\n    -   one\n    -   two\n"
    assert format_policy(four) == 'schema_version: "2.0"\ndocument:\n  title: T\n  evidence:\n    - one\n    - two\n'


@pytest.mark.parametrize("word", ["yes", "YES", "No", "on", "Off", "y", "N", "tRUE", "nULL", "1_000", "12:30",
                                  "0b101", "2026-01-01", "2026-01-01 10:00:00", "0x_1F", "1.5_0"])
def test_a_plain_string_yaml_1_1_would_misread_is_quoted(word: str) -> None:
    text = CLEAN_POLICY.replace("name: Example Ltd", f"name: {word}")
    assert parse(text).data["organisation"]["name"] == word  # a string to policylint
    assert parse(text).yaml_1_1_differences or word in ("tRUE", "nULL", "0x_1F", "1.5_0")
    formatted = assert_formatted_well(text)
    assert f'  name: "{word}"\n' in formatted
    assert parse(formatted).yaml_1_1_differences == []
    assert yaml.safe_load(formatted)["organisation"]["name"] == word  # and now to PyYAML as well


def test_numbers_and_ordinary_strings_are_left_unquoted() -> None:
    text = CLEAN_POLICY.replace("age: 13", "age: 013").replace("name: Example Ltd", "name: Yesterday Ltd")
    formatted = assert_formatted_well(text)
    assert "age: 013}" in formatted and "name: Yesterday Ltd\n" in formatted
    assert not misread_by_yaml_1_1("Yesterday Ltd") and misread_by_yaml_1_1("Off")


def test_quotes_are_double_unless_the_string_holds_a_double_quote() -> None:
    text = CLEAN_POLICY.replace("name: Example Ltd", "name: 'Example Ltd'").replace(
        "label: Contact details", 'label: "Contact \\"details\\""')
    formatted = assert_formatted_well(text)
    assert '  name: "Example Ltd"\n' in formatted
    assert "label: 'Contact \"details\"'" in formatted


def test_long_lines_and_block_scalars_are_kept_verbatim() -> None:
    quote = "word " * 400 + "end"
    text = CLEAN_POLICY.replace("  title: Example privacy policy\n",
                                f"  note: |+\n    kept\n      indented\n\n  evidence: {quote}\n"
                                "  title: Example privacy policy\n")
    formatted = assert_formatted_well(text)
    assert f"  evidence: {quote}\n" in formatted
    assert "  note: |+\n    kept\n      indented\n\n" in formatted


# What fmt refuses -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("schema_version: '2.0'\ndocument: [1\n", r"^3:1: PL001 YAML syntax error"),
    ("schema_version: '2.0'\nschema_version: '2.0'\n", r"^2:1: PL002 duplicate key 'schema_version'"),
    ("schema_version: '2.0'\ndocument: !!python/object:os.system {}\n", r"^2:11: PL003 tag"),
    (CLEAN_POLICY.replace("name: Example Ltd", "name: !!str 12"), r"^7:9: fmt does not format explicit tags \(!!str\)"),
    ("- schema_version\n", r"^1:1: PL011 the document is a list"),
    (CLEAN_POLICY.replace("  contacts: [privacy]\n", "  contacts: [privacy,  # why\n    privacy]\n"),
     r"^23:\d+: fmt cannot keep this comment in place"),
    (CLEAN_POLICY.replace('schema_version: "2.0"\n', 'schema_version: "2.0"\norganisation: {name: &n Example}\n')
     .replace("organisation:\n  name: Example Ltd\n", "").replace("  title: Example privacy policy\n", "  title: *n\n"),
     r"^4:10: fmt cannot put the keys in schema order: the alias \*n would come before its anchor &n"),
    ("schema_version: '2.0'\ndocument: [&a ]\n", r"^1:1: fmt cannot format this document safely \(the result would "
     r"hold an explicit tag"),
], ids=["syntax", "duplicate-key", "python-tag", "core-tag", "a-list", "comment-in-a-flow-list", "alias-moved",
        "anchored-empty-value"])
def test_what_fmt_cannot_format_is_one_line_exit_2_and_the_file_is_unchanged(run_cli, tmp_path: Path, text: str,
                                                                            message: str) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(text, encoding="utf-8")
    for options in ([], ["--check"], ["--diff"]):
        result = run_cli("fmt", *options, str(policy))
        assert result.exit_code == 2
        [line] = result.stderr.splitlines()
        assert re.match(message, line.removeprefix(f"{policy}:")), line
        assert result.stdout == ""
        assert policy.read_text(encoding="utf-8") == text


def test_a_file_over_the_size_limit_is_refused_unread(run_cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(SHUFFLED, encoding="utf-8")
    result = run_cli("fmt", "--max-file-bytes", "100", str(policy))
    assert result.exit_code == 2
    assert result.stderr == f"{policy}:1:1: PL010 the file is larger than the limit of 100 bytes; a policy is " \
        "rarely over 1 MB (raise the limit with --max-file-bytes or max-file-bytes in the configuration)\n"
    assert policy.read_text(encoding="utf-8") == SHUFFLED


def test_format_policy_raises_rather_than_writing_a_changed_value() -> None:
    with pytest.raises(FormatError, match="explicit tags"):
        format_policy("schema_version: !!str 2.0\n")


def test_a_symbolic_link_is_not_written_through(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "real.yaml"
    target.write_text(SHUFFLED, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(target)
    result = run_cli("fmt", "link.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("link.yaml: is a symbolic link; policylint does not write through links (replace it "
                             "with a regular file or folder)\n")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "p.yaml").write_text(SHUFFLED, encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    under = run_cli("fmt", "linked/p.yaml")
    assert under.exit_code == 2
    assert under.stderr.startswith("linked/p.yaml: is under a symbolic link (linked); policylint does not write")
    assert (tmp_path / "real" / "p.yaml").read_text(encoding="utf-8") == SHUFFLED
    assert target.read_text(encoding="utf-8") == SHUFFLED and (tmp_path / "link.yaml").is_symlink()


# The command ------------------------------------------------------------------------------------------------------

def test_check_exits_1_on_an_unformatted_file_and_0_once_it_is_formatted(run_cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(SHUFFLED, encoding="utf-8")
    before = run_cli("fmt", "--check", str(policy))
    assert (before.exit_code, before.stdout) == (1, f"{policy}: would be formatted\n")
    assert policy.read_text(encoding="utf-8") == SHUFFLED
    formatted = run_cli("fmt", str(policy))
    assert (formatted.exit_code, formatted.stdout) == (0, f"{policy}: formatted\n")
    assert policy.read_text(encoding="utf-8") == format_policy(SHUFFLED)
    after = run_cli("fmt", "--check", str(policy))
    assert (after.exit_code, after.stdout, after.stderr) == (0, "", "")
    again = run_cli("fmt", str(policy))
    assert (again.exit_code, again.stdout) == (0, "")  # nothing to do, nothing said


def test_diff_prints_a_unified_diff_and_changes_nothing(run_cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    text = CLEAN_POLICY.replace("name: Example Ltd", "name: yes")
    policy.write_text(text, encoding="utf-8")
    result = run_cli("fmt", "--diff", str(policy))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [f"--- {policy}", f"+++ {policy}"]
    assert "\n-  name: yes\n+  name: \"yes\"\n" in result.stdout
    assert policy.read_text(encoding="utf-8") == text
    clean = tmp_path / "clean.yaml"
    clean.write_text(format_policy(text), encoding="utf-8")
    assert (run_cli("fmt", "--diff", str(clean)).exit_code, run_cli("fmt", "--diff", str(clean)).stdout) == (0, "")


def test_standard_input_is_formatted_to_standard_output(run_cli) -> None:
    result = run_cli("fmt", "-", input=SHUFFLED)
    assert (result.exit_code, result.stdout) == (0, format_policy(SHUFFLED))
    checked = run_cli("fmt", "--check", "-", input=SHUFFLED)
    assert (checked.exit_code, checked.stdout) == (1, "<stdin>: would be formatted\n")


def test_a_folder_is_walked_for_policies_only_and_a_named_file_is_always_formatted(run_cli, tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    policy = tmp_path / "policies" / "p.yaml"
    policy.write_text(SHUFFLED, encoding="utf-8")
    other = tmp_path / "policies" / "workflow.yml"
    other.write_text("on:  push\njobs:  {}\n", encoding="utf-8")
    result = run_cli("fmt", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, f"{policy}: formatted\n")
    assert other.read_text(encoding="utf-8") == "on:  push\njobs:  {}\n"
    named = run_cli("fmt", str(other))
    assert (named.exit_code, other.read_text(encoding="utf-8")) == (0, '"on": push\njobs: {}\n')


def test_one_bad_file_does_not_stop_the_others(run_cli, tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.yaml", tmp_path / "good.yaml"
    bad.write_text("schema_version: '2.0'\nschema_version: '2.0'\n", encoding="utf-8")
    good.write_text(SHUFFLED, encoding="utf-8")
    result = run_cli("fmt", str(bad), str(good))
    assert result.exit_code == 2
    assert result.stdout == f"{good}: formatted\n"
    assert good.read_text(encoding="utf-8") == format_policy(SHUFFLED)


def test_permissions_are_kept(run_cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(SHUFFLED, encoding="utf-8")
    policy.chmod(0o640)
    assert run_cli("fmt", str(policy)).exit_code == 0
    assert policy.stat().st_mode & 0o777 == 0o640
    assert not [name for name in os.listdir(tmp_path) if name != "p.yaml"]  # no temporary file left behind


# check --fix ------------------------------------------------------------------------------------------------------

def test_check_fix_quotes_the_strings_yaml_1_1_misreads_and_nothing_else(run_cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    text = CLEAN_POLICY.replace("name: Example Ltd", "name: yes  # the company is called Yes").replace(
        "label: Contact details", "label: 2026-01-01").replace("age: 13", "age: 013") + "profiling:\n  used: on\n"

    policy.write_text(text, encoding="utf-8")
    result = run_cli("check", "--isolated", "--today", "2026-11-22", "--output-format", "concise", "--fix",
                     str(policy))
    assert result.exit_code == 1  # what remains: the number, and the word where a boolean belongs
    assert f"{policy}: fixed 2 PL160 finding(s)" in result.stderr
    remaining = [line.split(" ")[:2] for line in result.stdout.splitlines()]
    assert remaining == [[f"{policy}:31:33:", "PL160"], [f"{policy}:33:9:", "PL103"], [f"{policy}:33:9:", "PL160"]]
    fixed = policy.read_text(encoding="utf-8")
    assert fixed == text.replace("name: yes", 'name: "yes"').replace("label: 2026-01-01", 'label: "2026-01-01"')
    assert data(fixed) == data(text)
    again = run_cli("check", "--isolated", "--today", "2026-11-22", "--fix", str(policy))
    assert "fixed" not in again.stderr and policy.read_text(encoding="utf-8") == fixed


def test_check_fix_leaves_suppressed_findings_standard_input_and_links_alone(run_cli, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    suppressed = CLEAN_POLICY.replace(
        "name: Example Ltd", "name: yes  # policylint: ignore[PL160] reason: read by YAML 1.2 tools only")
    Path("s.yaml").write_text(suppressed, encoding="utf-8")
    assert run_cli("check", "--isolated", "--today", "2026-11-22", "--fix", "s.yaml").exit_code == 0
    assert Path("s.yaml").read_text(encoding="utf-8") == suppressed
    stdin = run_cli("check", "--isolated", "--fix", "-", input=suppressed)
    assert stdin.exit_code == 2 and "cannot fix standard input" in stdin.stderr
    real = CLEAN_POLICY.replace("name: Example Ltd", "name: yes")
    Path("real.yaml").write_text(real, encoding="utf-8")
    Path("link.yaml").symlink_to("real.yaml")
    linked = run_cli("check", "--isolated", "--today", "2026-11-22", "--fix", "link.yaml")
    assert "link.yaml: is a symbolic link; policylint does not write through links" in linked.stderr
    assert Path("real.yaml").read_text(encoding="utf-8") == real


def test_a_yaml_1_1_word_where_the_schema_wants_a_boolean_is_left_for_check_to_explain() -> None:
    text = CLEAN_POLICY + "profiling:\n  used: yes\n"
    formatted = assert_formatted_well(text)
    assert "\n  used: yes\n" in formatted  # quoting would hide the advice to write true
    assert any("write true or false" in message for _path, _at, message in parse(formatted).yaml_1_1_differences)


def test_comments_and_directives_above_an_explicit_document_start_are_kept() -> None:
    text = "# yaml-language-server: $schema=x.json\n\n%YAML 1.2\n---  # the policy\n" + SHUFFLED
    formatted = assert_formatted_well(text)
    assert formatted == "# yaml-language-server: $schema=x.json\n\n%YAML 1.2\n---  # the policy\n" + format_policy(
        SHUFFLED)
