"""The fast path of loading (issue 5): whenever it takes a file, it reads what the main loader reads.

The fast path (yaml-rs, no positions) must never change a result. These tests hold it to that three ways: a
differential test over generated YAML and mutated seed policies (whatever the fast path takes, the main loader reads
as the same data, types and key order included, with nothing to report); the screen, case by case; and `check_file`
giving the same findings with the fast path and without it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_POLICY, POLICIES
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from strategies import LINE_MUTATIONS, mutate_lines, policies

from policylint import fast_loader, loader
from policylint.check import FastPathRecord, Options, check_file
from policylint.fast_loader import Mismatch, UnpositionedDocument, same_data
from policylint.findings import InputError
from policylint.loader import Limits

LIMITS = Limits()
SCALE = float(os.environ.get("POLICYLINT_FUZZ_SCALE", "1"))
OPTIONS = Options.default(today=date(2026, 11, 22))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in POLICIES]
BENCH_LIKE = """\
schema_version: "2.0"
document:
  title: Example Retail Ltd privacy policy
  language: en-GB
  effective_date: {date: "2026-01-01"}
organisation:
  name: Example Retail
  address: {lines: [1 High Street, Leeds, LS1 1AA], country: GB}
contacts:
  - id: privacy
    kind: privacy_office
    channels:
      - {type: email, value: privacy@example.co.uk}
      - {type: phone, value: "+44 113 496 0000"}
"""


@pytest.fixture(autouse=True)
def fresh_fast_path_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files with findings checked by other tests may have switched the process to the main loader first."""
    import policylint.check as check_module

    monkeypatch.setattr(check_module, "_FAST_PATH", FastPathRecord())


def fast(text: str, limits: Limits = LIMITS) -> UnpositionedDocument | None:
    doc = fast_loader.load(text.encode("utf-8", "surrogatepass"), "x.yaml", limits)
    assert doc is None or isinstance(doc, UnpositionedDocument)
    return doc


def assert_same_reading(text: str) -> bool:
    """Whether the fast path took the text; when it did, the main loader must read the same and report nothing."""
    doc = fast(text)
    if currently_in_test_context():
        event("fast path" if doc is not None else "main loader")
    if doc is None:
        return False
    try:
        main = loader.parse(text, "x.yaml", LIMITS)
    except InputError as error:
        pytest.fail(f"the fast path took a file the main loader refuses ({error.message}):\n{text}")
    assert same_data(doc.data, main.data), f"{doc.data!r}\n!=\n{main.data!r}\nfrom:\n{text}"
    assert not main.yaml_1_1_differences, text
    return True


def fuzz_settings(examples: int) -> Any:
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# Scalars as a policy writes them, and the forms on which YAML parsers and versions disagree.
_PLAIN = ["a", "id", "Example Retail", "privacy@example.com", "https://example.com/a?b=c#d", "category-1", "en-GB",
          "LS1 1AA", "Terms & Conditions", "AT&T", "50% off", "a #b", "a#b", "x:y", "-x", "?x", ":x", "é", "日本語",
          "😀",
          "yes", "no", "on", "off", "y", "n", "Yes", "NO", "~", "null", "Null", "NULL", "true", "False", "TRUE", "tRUE",
          "1", "0", "16", "-1", "+1", "-0", "012", "08", "0o17", "0x1f", "0X1F", "0b11", "1_000", "1e3", "1E+3", "1.5",
          ".5", "5.", "1.2.3", ".inf", "-.Inf", ".nan", "2026-01-01", "2026-1-1", "2026-01-01 10:00:00", "1:30",
          "99999999999999999999", "a, b", "@x", "`x", "[", "]", "{", "}", "*x", "&x y", "!x", "!!str 1", "<<", "%x",
          "|", "|x", ">", ">x", "?", "?x", "? x", ":", ":x", "x:", "x :", "-", "-x", "- x", "#x", ",", "x,y"]
_scalar = st.one_of(
    st.sampled_from(_PLAIN),
    st.sampled_from(_PLAIN).map(lambda s: "'" + s.replace("'", "''") + "'"),
    st.sampled_from(_PLAIN).map(lambda s: '"' + s.replace('"', "'") + '"'),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)
# Scalars over several lines: folded plain and quoted scalars, and block scalars with their chomping indicators.
_multi_line = st.tuples(st.sampled_from(["", "'", '"', "|\n", "|-\n", "|+\n", ">\n", ">-\n", "|2\n"]),
                        st.lists(st.sampled_from(_PLAIN), min_size=1, max_size=3),
                        st.sampled_from(["\n", "\n\n"])).map(
    lambda t: (t[0] + t[2].join(t[1]) + t[0]) if t[0] in ("", "'", '"') else t[0] + "\n".join(t[1]) + "\n")


def _node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    flow_seq = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    flow_map = st.lists(st.tuples(_scalar, children), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
    block_map = st.lists(st.tuples(_scalar, children, st.sampled_from(["", " # note"])), min_size=1,
                         max_size=4).map(lambda pairs: "\n" + "\n".join(
                             f"{k}:{c} {v}".replace("\n", "\n  ") for k, v, c in pairs))
    block_seq = st.lists(children, min_size=1, max_size=4).map(
        lambda items: "\n" + "\n".join(f"- {v}".replace("\n", "\n  ") for v in items))
    compact = children.map(lambda v: "\n- - " + v.replace("\n", "\n    "))
    return st.one_of(flow_seq, flow_map, block_map, block_seq, compact)


_document = st.recursive(st.one_of(_scalar, _multi_line), _node, max_leaves=14).map(lambda body: f"root: {body}\n")


@pytest.mark.slow
@fuzz_settings(1500)
@given(_document)
def test_what_the_fast_path_takes_the_main_loader_reads_alike(text: str) -> None:
    assert_same_reading(text)


@fuzz_settings(300)
@given(st.sampled_from(range(len(SEED_TEXTS))), st.lists(st.tuples(
    st.sampled_from(LINE_MUTATIONS), st.integers(min_value=0),
    st.sampled_from(["yes", "012", " 2026-01-01", "'", '"', ":", "- ", "#", " ", "\n", "[", "{", "x: 1", "é"])),
    min_size=1, max_size=4))
def test_on_mutated_seed_policies_the_two_readings_agree(seed: int, mutations: list[Any]) -> None:
    assert_same_reading("".join(mutate_lines(SEED_TEXTS[seed].splitlines(keepends=True), mutations)))


def test_the_fast_path_takes_plain_policies() -> None:
    """Without this, a screen that refused everything would pass every other test here."""
    assert assert_same_reading(BENCH_LIKE)
    assert assert_same_reading("root: {a: [yes-and-no, 'yes', \"012\", '2026-01-01', 16, -3, true, null, ~]}\n")
    # Two of the bundled policies have none of what the screen refuses (the others share quotes through anchors).
    assert sum(assert_same_reading(text) for text in SEED_TEXTS) >= 2


@pytest.mark.parametrize("text", [
    "a:\tb\n", "a: b\r\n", "a: \"x\\ty\"\n", "a: b\x85c\n", "a: b\u2028c\n", "\ufeffa: b\n", "a: b\x7f\n",
    "a: &x b\nc: *x\n", "- &x b\n", "a: [*x]\n", "a: !!str b\n", "a: ! b\n", "<<: {a: 1}\n",
    "%YAML 1.2\n---\na: b\n", "---\na: b\n", "a: b\n---\nc: d\n", "a: b\n...\n",
    "a: b  # policylint: disable=PL201\n",
    "a: yes\n", "a: [no]\n", "a: {b: on}\n", "a: 2026-01-01\n", "a: 2026-01-01 10:00:00\n", "a: 012\n",
    "a: 1:30\n", "a: 1_000\n", "a: 0x1f\n", "a: 0b11\n", "a: .inf\n", "a: 1.5\n", "a: '1'\nb: 1\n",
    "a: '2026-01-01'\nb: 2026-01-01\n", "a: 16\nb: 0o20\n", "a: 16\nb: +16\n",
    "- " * 3000 + "x\n", "a: " + "[" * 300 + "]" * 300 + "\n",
    # Found by an adversarial review: each was read differently by the two loaders.
    "a: |\n  x", "a: |\n  x\n  ", "a: {b\n  : c}\n", "a: {b c\n  d: e}\n", "a: {'b\n  c': d}\n",
    "z: b c\na: {b\n  c: d}\n", "a: {\"b\" # c\n  : d}\n", "a: _1\n", "a: [-_1, +_2]\n", "a: " + "1" * 4301 + "\n",
    "a: " + "[" * 64 + "]" * 64 + "\n", "".join(" " * i + "k:\n" for i in range(65)) + " " * 65 + "k: v\n", "? |\n",
    "a: { #\n  ?x}\n", "a: { #\n  >}\n", "a: { # c\n  ?0}\n", "b: [aa:?]\n", "b: {aa:?}\n",
    "a: \"" + "1" * 100_000 + "\"\n",
    "", "# only a comment\n", "- a\n", "just a string\n", "a: b\na: c\n", "a: [\n", "1: a\n", "[a]: b\n",
])
def test_the_screen_leaves_these_to_the_main_loader(text: str) -> None:
    assert fast(text) is None


@pytest.mark.parametrize("text", [
    "a: Terms & Conditions\n", "a: AT&T\n", "a: Hello!\n", "a: 5 * 3\n", "a: '2026-01-01'\n",
    "a: \"yes\"\n", "a: [1, 2, 3]\n", "a: 16\nb: '+16'\n", "a: {b: c}\n", "a: |\n  line\n  line\n",
    "a: it is 50% off\n", "a: Why? Because\n", "a: " + "[" * 63 + "]" * 63 + "\n",
])
def test_the_screen_lets_these_through(text: str) -> None:
    assert assert_same_reading(text)


def test_the_node_limit_sends_large_documents_the_slow_way() -> None:
    text = "a: [" + ", ".join(["x"] * 200) + "]\n"
    assert fast(text) is not None
    assert fast(text, Limits(max_nodes=300)) is None


def test_positions_come_from_the_main_loader_when_first_asked_for() -> None:
    doc = fast(BENCH_LIKE)
    assert doc is not None
    assert "positions" not in vars(doc)  # nothing parsed yet
    main = loader.parse(BENCH_LIKE, "x.yaml")
    assert doc.position(("contacts", 0, "channels", 1)) == main.position(("contacts", 0, "channels", 1)) == (14, 9)
    assert doc.key_positions == main.key_positions
    assert doc.text_spans == main.text_spans == []


def test_a_reading_the_main_loader_does_not_share_raises_mismatch() -> None:
    doc = UnpositionedDocument("x.yaml", "a: 1\n", {"a": "1"}, LIMITS)
    with pytest.raises(Mismatch):
        doc.position(("a",))
    refused = UnpositionedDocument("x.yaml", "a: [\n", {"a": []}, LIMITS)
    with pytest.raises(Mismatch):
        refused.position(("a",))


def test_same_data_tells_types_and_key_order_apart() -> None:
    assert same_data({"a": [1, "x", None]}, {"a": [1, "x", None]})
    assert not same_data({"a": 1}, {"a": True})
    assert not same_data({"a": 1}, {"a": 1.0})
    assert not same_data({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same_data({1: "a"}, {"1": "a"})


def _without_fast_path(monkeypatch: pytest.MonkeyPatch, path: str) -> Any:
    with monkeypatch.context() as patched:
        patched.setattr(fast_loader, "yaml_rs", None)
        return check_file(path, OPTIONS)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_check_gives_the_same_findings_with_and_without_the_fast_path(
        monkeypatch: pytest.MonkeyPatch, policy: Path) -> None:
    with_fast, without = check_file(str(policy), OPTIONS), _without_fast_path(monkeypatch, str(policy))
    assert with_fast.findings and with_fast == without


def test_a_clean_policy_is_checked_without_the_main_loader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "clean.yaml"
    path.write_text(CLEAN_POLICY, encoding="utf-8")
    calls = []
    monkeypatch.setattr(loader, "parse", lambda *args, **kw: calls.append(args) or pytest.fail("main loader ran"))
    result = check_file(str(path), OPTIONS)
    assert result.error is None and result.findings == [] and calls == []


def test_a_finding_in_a_fast_read_file_has_the_main_loaders_position(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(BENCH_LIKE, encoding="utf-8")
    assert fast(BENCH_LIKE) is not None
    result = check_file(str(path), OPTIONS)
    assert result.findings
    main = loader.parse(BENCH_LIKE, "p.yaml")
    for finding in result.findings:
        if finding.json_path and finding.line != 1:
            assert (finding.line, finding.col) in (main.position(finding.json_path),
                                                   main.key_positions.get(finding.json_path))


def _dump(data: dict[str, Any], style: int) -> str:
    import yaml

    if style == 0:  # block style, as people write policies
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)
    if style == 1:  # flow collections inside block ones
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=60)
    return yaml.safe_dump(data, allow_unicode=False, sort_keys=False, default_style='"')  # everything quoted


@pytest.mark.slow
@settings(max_examples=max(1, int(150 * SCALE)), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(policies(), st.integers(0, 2))
def test_generated_policies_get_the_same_result_with_and_without_the_fast_path(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: dict[str, Any], style: int) -> None:
    path = tmp_path / "generated.yaml"
    text = _dump(data, style)
    path.write_text(text, encoding="utf-8")
    if currently_in_test_context():
        event("fast path" if fast(text) is not None else "main loader")
    assert check_file(str(path), OPTIONS) == _without_fast_path(monkeypatch, str(path))


def test_after_a_run_of_files_with_findings_the_main_loader_reads_first() -> None:
    record = FastPathRecord()
    assert all(record.worth_trying() for _ in range(40))  # nothing recorded yet
    for _ in range(FastPathRecord.WINDOW):
        record.record(read_twice=True)
    tries = [record.worth_trying() for _ in range(FastPathRecord.WINDOW * 2)]
    assert tries.count(True) == 2  # every WINDOW-th file still tries
    record.record(read_twice=True)
    assert not record.worth_trying()
    record.record(read_twice=False)  # a clean file: the fast path pays again
    assert all(record.worth_trying() for _ in range(5))


def test_a_mixed_run_keeps_the_fast_path() -> None:
    record = FastPathRecord()
    for i in range(100):
        assert record.worth_trying()
        record.record(read_twice=i % 2 == 0)


def test_files_with_findings_get_the_same_result_whichever_loader_reads_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import policylint.check as check_module

    policy = str(next(p for p in POLICIES if p.stem == "international-light-technologies"))  # the fast path takes it
    expected = _without_fast_path(monkeypatch, policy)
    results = [check_file(policy, OPTIONS) for _ in range(3 * FastPathRecord.WINDOW)]
    assert check_module._FAST_PATH.skipped > 0  # the main loader did read first
    assert all(result == expected for result in results)
