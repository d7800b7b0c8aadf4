"""The catalogue of broken and hostile inputs (issue 6), shared by tests/test_hostile.py and scripts/hostile_run.py.

Each case is one file's bytes and what `policylint check` must answer: the exit status and the one line it prints
(code, position and a fragment of the message). `render` must answer the same input errors with exit 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conftest import CLEAN_POLICY, MINIMAL_POLICY

MARKER = "/tmp/policylint-hostile-pwned"  # a tag that executed code would create this file


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    exit: int  # of `policylint check --today 2026-11-22`
    expect: str  # "line:col: CODE" that must start the line (after the path), or "" when nothing may be printed
    message: str = ""  # a fragment of that line's message
    renders: bool = False  # whether `policylint render` succeeds (exit 0)
    formats: tuple[str, ...] = ()  # output formats to run besides concise, where the cost is in the output
    config: bytes = b""  # a configuration file, written beside the input and named with --config


def _policy(old: str, new: str) -> bytes:
    assert old in CLEAN_POLICY, old
    return CLEAN_POLICY.replace(old, new, 1).encode()


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def _many_purposes(count: int) -> bytes:
    items = "".join(f"  - {{id: p{i}, description: Purpose {i}, data_categories: [contact]}}\n" for i in range(count))
    return _policy("  - {id: orders, description: Process orders, data_categories: [contact]}\n", items)


MEGABYTE = 1024 * 1024


def _minimal(old: str, new: str) -> bytes:
    assert old in MINIMAL_POLICY, old
    return MINIMAL_POLICY.replace(old, new, 1).encode()


def _statements_against_items(n: int) -> bytes:
    """n statements that cookies are not used, against n cookies: every statement contradicted by every cookie."""
    statements = "".join(f"  - {{id: n{i}, claim: no_cookies}}\n" for i in range(n))
    cookies = "".join(f"    - {{id: c{i}, technology: cookies}}\n" for i in range(n))
    return _minimal("negative_statements: []", "negative_statements:\n" + statements) + (
        b"cookies:\n  technologies:\n" + cookies.encode())


def _storage_denials_against_retention(n: int) -> bytes:
    denials = "".join(f"  - {{id: n{i}, claim: no_storage_of_payment_data, data_categories: [card]}}\n"
                      for i in range(n))
    kept = "".join(f"  - {{kind: criteria, criteria: c{i}, applies_to: [card]}}\n" for i in range(n))
    return _minimal("data_categories: []", "data_categories:\n  - {id: card, label: Card}").replace(
        b"negative_statements: []", ("negative_statements:\n" + denials).encode()).replace(
        b"retention: []", ("retention:\n" + kept).encode())


def _categories_and_recipients(categories: int, recipients: int) -> bytes:
    """Like the review's 620 KB policy that rendering took 38 s over (9,000 and 6,000; that is over the node limit
    now): every recipient names one category."""
    listed = "".join(f"  - {{id: c{i}, label: Category {i}}}\n" for i in range(categories))
    sharing = "".join(f"  - {{id: r{i}, kind: service_provider, description: Recipient {i}, "
                      f"data_categories: [c{i}]}}\n" for i in range(recipients))
    return _minimal("data_categories: []", "data_categories:\n" + listed).replace(
        b"recipients: []", ("recipients:\n" + sharing).encode())


def _one_line_policy(purposes: int) -> bytes:
    """A whole policy on one line (JSON-style YAML), with a finding per purpose: each finding's line is all of it."""
    items = ", ".join(f"{{id: p{i}, description: P, data_categories: [x{i}]}}" for i in range(purposes))
    return ('{schema_version: "2.0", document: {title: T}, organisation: {name: O}, contacts: [], frameworks: [], '
            f"data_categories: [], purposes: [{items}], recipients: [], retention: [], negative_statements: []}}\n"
            ).encode()


def _evidence_probes(count: int) -> bytes:
    """The review's oracle: a quote for every four hex digits, against a secret beside the policies' folder."""
    probes = "".join(f'      - "{i:04x}"\n' for i in range(count))
    return (f'source: {{path: ../secret.env, sha256: "{"0" * 64}"}}\n'.encode()
            + _minimal("negative_statements: []", "negative_statements:\n  - id: a\n    claim: no_sale\n"
                       "    evidence:\n" + probes))

CASES: tuple[Case, ...] = (
    # Not YAML.
    Case("syntax-error", b"a: [1, 2\n", 2, "2:1: PL001", "YAML syntax error"),
    Case("tab-indentation", b"a:\n\tb: 1\n", 2, "2:1: PL001", "a tab where YAML allows only spaces"),
    Case("unclosed-quote", b"a: 'unclosed\n", 2, "2:1: PL001", "found unexpected end of stream"),
    Case("unclosed-bracket", b"a: {b: 1\n", 2, "2:1: PL001", "expected ',' or '}'"),
    Case("several-documents", b"---\na: 1\n---\nb: 2\n", 2, "3:1: PL007", "more than one YAML document"),
    Case("empty", b"", 2, "1:1: PL007", "holds no YAML document"),
    Case("comments-only", b"# nothing yet\n# still nothing\n", 2, "1:1: PL007", "empty or only comments"),
    Case("top-level-list", b"- schema_version: '1.0'\n", 2, "1:1: PL011", "the document is a list"),
    Case("top-level-scalar", b"just some words\n", 2, "1:1: PL011", "a single value ('just some words')"),
    Case("duplicate-key", b"a: 1\nb:\n  c: 1\n  c: 2\n", 2, "4:3: PL002", "first defined on line 3"),
    # YAML 1.1 ambiguities: read as YAML 1.2 and reported, never converted.
    Case("yaml11-yes-as-a-string", _policy("name: Example Ltd", "name: yes"), 0, "7:9: PL160",
         "unquoted yes is the string 'yes' in YAML 1.2", renders=True),
    Case("yaml11-yes-for-a-boolean", _policy("recipients: []", "recipients:\n  - {id: r, kind: service_provider, "
                                             "description: Hosting, own_purposes: on}"), 1, "18:73: PL103",
         "expected a boolean (true or false), got a string ('on')"),
    Case("yaml11-unquoted-date", _policy('effective_date: {date: "2026-01-01"}', "effective_date: {date: 2026-01-01}"),
         0, "4:26: PL160", "but a date in YAML 1.1", renders=True),
    Case("yaml11-leading-zero", _policy("privacy@example.com}", "privacy@example.com}, {type: phone, value: 0113}"),
         1, "11:80: PL103", "expected a string, got an integer (113)"),
    # Tags: refused, never constructed.
    Case("python-object-apply", f"a: !!python/object/apply:os.system ['touch {MARKER}']\n".encode(), 2,
         "1:4: PL003", "tag !!python/object/apply:os.system is not allowed"),
    Case("custom-tag", b"a: !vault secret\n", 2, "1:4: PL003", "tag !vault is not allowed"),
    # Bombs.
    Case("billion-laughs", _billion_laughs(), 2, "5:", "aliases expand to more than 10000 nodes"),
    Case("merge-key-bomb", b"a: &a {x: 1}\nb: &b {<<: [*a, *a]}\nc: {<<: [*b, *b]}\n", 2, "2:8: PL004",
         "merge keys (<<) are not part of YAML 1.2"),
    Case("recursive-alias", b"a: &x [1, *x]\n", 2, "1:11: PL005", "refers to a node that contains it"),
    # Size.
    Case("fifty-megabytes", b"a: " + b"x" * (50 * MEGABYTE) + b"\n", 2, "1:1: PL010",
         "larger than the limit of 10,485,760 bytes"),
    Case("four-megabyte-line", _policy("Example privacy policy", "x" * (4 * MEGABYTE)), 0, "", renders=True),
    Case("nesting-10000-deep", b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", 2, "1:", "nests deeper than 64"),
    Case("mapping-nesting-10000-deep", b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n", 2, "1:",
         "nests deeper than 64"),
    Case("block-nesting-10000-deep", b"- " * 10_000 + b"x\n", 2, "1:", "nests deeper than 64"),
    Case("four-million-values", b"a: [" + b"1," * 4_000_000 + b"1]\n", 2, "1:199999: PL010",
         "more than 100,000 keys and values"),
    Case("half-a-million-keys", b"".join(b"k%d: 1\n" % i for i in range(500_000)), 2, "50000:9: PL010",
         "more than 100,000 keys and values"),
    # Encoding.
    Case("latin-1", "a: café\n".encode("latin-1"), 2, "1:7: PL006", "not UTF-8 (byte 0xe9)"),
    Case("utf-16-bom", "a: 1\n".encode("utf-16"), 2, "1:1: PL006", "UTF-16"),
    Case("nul-bytes", b"a: 1\nb: \x00\n", 2, "2:1: PL006", "NUL bytes"),
    Case("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "3:1: PL006", "binary, not YAML"),
    # Valid YAML that breaks assumptions.
    Case("non-string-key", b"1: a\n", 2, "1:1: PL004", "a key must be a string, not a number"),
    Case("null-key", b"~: a\n", 2, "1:1: PL004", "not null"),
    Case("nan", b"a: .nan\n", 2, "1:4: PL004", "not a number JSON can hold"),
    Case("infinity", b"a: -.inf\n", 2, "1:4: PL004", "not a number JSON can hold"),
    Case("impossible-date", _policy("2026-06-01", "2026-02-30"), 1, "5:18: PL207", "2026-02-30 is not a date",
         renders=True),
    Case("colliding-ids", _policy("  - {id: contact, label: Contact details}\n",
                                  "  - {id: contact, label: Contact details}\n  - {id: contact, label: Email}\n"),
         1, "15:6: PL213", "id 'contact' is already used (see line 14)", renders=True),
    Case("self-reference", _policy("data_categories: [contact]}", "data_categories: [orders]}"), 1, "16:65: PL212",
         "'orders' is not declared in data categories", renders=True),
    Case("ten-thousand-purposes", _many_purposes(10_000), 0, "", renders=True),
    # Found by an adversarial review.
    Case("year-zero", _policy("2026-06-01", "0000-05"), 1, "5:18: PL207", "0000-05 is not a date", renders=True),
    Case("year-9999", _policy("2026-06-01", "9999-12"), 1, "5:18: PL208", "9999-12 is after today", renders=True),
    Case("endless-duration", _policy("  statements:\n", "  response_times: [{period: P" + "9" * 5000 + "Y, commitment: "
                                     "within}]\n  statements:\n"), 0, "", renders=True),
    Case("explicit-bool-yes", _policy("recipients: []", "recipients:\n  - {id: r, kind: service_provider, "
                                      "description: Hosting, own_purposes: !!bool yes}"), 2, "18:73: PL004",
         "'yes' is not a valid !!bool in YAML 1.2"),
    Case("explicit-int-with-spaces", b'a: !!int " 12 "\n', 2, "1:4: PL004", "' 12 ' is not a valid !!int"),
    Case("five-thousand-digits", b"a: " + b"9" * 5000 + b"\n", 2, "1:4: PL004", "5,000 digits is too long"),
    Case("control-character", b"a: 1\nb: caf\xc3\xa9 \x1b[2J\n", 2, "2:9: PL001",
         "the control character U+001B is not allowed"),
    Case("newline-in-a-key", _policy("  name: Example Ltd\n", '  name: Example Ltd\n  "a\\nb\\e[2J": x\n'), 1,
         "8:3: PL101", "$.organisation['a\\x0ab\\x1b[2J']: unknown key"),
    Case("aliases-of-a-long-string", _policy("  - {id: contact, label: Contact details}\n",
                                             "  - {id: contact, label: &big " + "x" * 4 * MEGABYTE + "}\n"
                                             + "".join(f"  - {{id: c{i}, label: *big}}\n" for i in range(2000))),
         2, "15:21: PL005", "aliases expand to more than 10000 nodes"),
    Case("aliases-that-nest-too-deep", b"".join(
        b"x%d: &a%d " % (i, i) + b"[" * 40 + (b"*a%d" % (i - 1) if i else b"1") + b"]" * 40 + b"\n"
        for i in range(4)), 2, "2:49: PL009", "nests deeper than 64 levels (through an alias)"),
    Case("twenty-thousand-suppressions", _policy("organisation:\n", "organisation:\n" + "  # policylint: ignore[PL103] "
                                                 "reason: x\n" * 20_000), 0, "7:3: PL180", "suppresses nothing",
         renders=True),
    Case("source-is-dev-zero", _policy("schema_version", 'source: {path: /dev/zero, sha256: "' + "0" * 64
                                       + '"}\nschema_version'), 1, "1:16: PL150",
         "source.path must be a relative path", renders=True),
    # Found by a second review.
    Case("aliases-of-a-long-key", _policy("  - {id: contact, label: Contact details}\n",
                                          "  - {id: contact, label: Contact details, extra: &m {? " + "k" * MEGABYTE
                                          + " : 1}}\n" + "".join(f"  - {{id: c{i}, label: L, extra: *m}}\n"
                                                                 for i in range(900))),
         2, "16:", "aliases expand to more than 10000 nodes"),
    Case("a-key-that-reads-like-a-suppression", _policy("  - {id: orders,", '  - {"x # policylint: ignore[PL101,PL212] '
                                                        'reason: r": 1, id: orders,'), 1, "16:6: PL101",
         "unknown key 'x # policylint: ignore[PL101,PL212] reason: r'"),
    Case("an-escaped-suppression-in-a-string", _policy("name: Example Ltd", r'name: "Example # policylint: '
                                                       r'ignore[PL1\x30\x33] reason: r"'), 0, "", renders=True),
    Case("suppressions-times-findings", _policy(
        "  - {id: orders, description: Process orders, data_categories: [contact]}\n",
        "".join(f"  - {{id: p{i}, description: P, data_categories: [x{i}]}}\n" for i in range(2000))).replace(
        b"organisation:\n", b"# policylint: ignore[PL212] reason: x\n" * 20_000 + b"organisation:\n", 1),
        1, "6:1: PL180", "suppression of PL212 suppresses nothing here", renders=True),
    # From the security review of main (shared/research/security-review.md), by its finding numbers.
    Case("review-2a-suppression-without-a-closing-bracket",
         CLEAN_POLICY.encode() + b"#" + b" #policylint:ignore[" * 20_000 + b"\n", 0, "", renders=True),
    Case("review-2b-suppression-reason-of-spaces",
         CLEAN_POLICY.encode() + b"# policylint: ignore[PL201] reason: x" + b" " * 400_000 + b"y\n", 0,
         "32:1: PL180", "suppression of PL201 suppresses nothing here", renders=True),
    Case("review-2c-suppressions-beside-strings",
         b"x:\n" + b'  - "policylint:"  # policylint: ignore[PL101] reason: r\n' * 50_000, 1, "1:1: PL101",
         "unknown key 'x'"),
    Case("review-3-statements-times-contradicting-items", _statements_against_items(2000), 1, "13:5: PL218",
         "is contradicted by the cookies described: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11 and 1988 more",
         renders=True,
         formats=("json", "sarif", "full")),
    Case("review-3-storage-denials-times-retention", _storage_denials_against_retention(2000), 1, "2015:5: PL223",
         "retention[8] (criteria) and more", renders=True, formats=("json", "sarif", "full")),
    Case("review-4-evidence-probes-outside-the-repository", _evidence_probes(65_536), 1, "1:16: PL150",
         "which is in no git repository", renders=True),
    Case("review-5-markdown-attribute-list", _policy("title: Example privacy policy", "title: 'Example "
                                                     '{: tabindex="1" autofocus="autofocus" onfocus="x()" }\''),
         0, "", renders=True),
    Case("review-6-render-thousands-of-references", _categories_and_recipients(5000, 4000), 1, "1:1: PL232",
         "grants no right of access", renders=True),
    Case("review-7-one-line-policy-full-output", _one_line_policy(8000), 1, "1:1: PL232", "grants no right of access",
         renders=True, formats=("full",)),
    Case("review-12-configuration-nested-too-deep", CLEAN_POLICY.encode(), 2, "", "nest deeper than the TOML reader",
         config=b"select = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
    Case("review-13-embedded-link-and-bidi-controls", _minimal(
        "negative_statements: []", 'negative_statements: []\n"[Sign in again](https://evil.example/login)": 1\n'
        '"abc\u202edef": 2'), 1, "13:1: PL101", "unknown key '[Sign in again](https://evil.example/login)'",
         formats=("sarif", "full", "github")),
    Case("thirty-thousand-schema-errors", _policy("frameworks: []", "frameworks: [" + ", ".join(["x"] * 30_000) + "]"),
         1, "1:1: PL100", "more than 1,000 schema errors; the first 1,000 found are shown"),
)


@dataclass(frozen=True)
class Run:
    exit: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


# Run policylint from a small Python process that reports its child's peak memory. Measuring from the test process
# itself would not do: Linux carries a process's peak RSS across fork and exec, so a child of a 130 MiB pytest
# would report at least 130 MiB.
_MEASURE = """
import os, sys
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "policylint", *sys.argv[2:]], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) & 255)
"""


def run_isolated(args: list[str], cwd: str, timeout: float = 60.0, stdin: bytes = b"") -> Run:
    """Run `python -m policylint ARGS` in its own process: exit status, output, wall time and peak memory."""
    import os
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-S", "-c", _MEASURE, str(peak_file), *args], cwd=cwd,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            out, err = process.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
        seconds = time.monotonic() - started
        peak_kib = int(peak_file.read_text()) if peak_file.exists() else 0  # ru_maxrss is in KiB on Linux
        return Run(process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds,
                   peak_kib / 1024)


# What any one run may cost (issue 11): scripts/hostile_run.py flags a run over either; the test, which shares a
# 2-core machine with the rest of the suite, asserts the memory bound and a hang bound only.
MEMORY_LIMIT_MIB = 500
SECONDS_LIMIT = 5.0
# Made by write_catalogue besides the cases' files.
EXTRA_PATHS = ("symlink-loop.yaml", "missing.yaml", "link-out-of-the-folder.yaml")


def write_catalogue(folder: Path) -> None:
    for case in CASES:
        (folder / f"{case.name}.yaml").write_bytes(case.content)
        if case.config:
            (folder / f"{case.name}.toml").write_bytes(case.config)
    (folder / "symlink-loop.yaml").symlink_to(folder / "symlink-loop.yaml")
    (folder / "link-out-of-the-folder.yaml").symlink_to("/etc/passwd")  # review finding 8


def run_catalogue(folder: Path, names: set[str] | None = None, timeout: float = 60.0) -> Iterator[tuple[str, str, Run]]:
    """(input, command, run) for `check` (in each of the case's formats) and `render` of every input written by
    write_catalogue."""
    from conftest import TODAY

    for case in [*CASES, *(Case(extra.removesuffix(".yaml"), b"", 2, "") for extra in EXTRA_PATHS)]:
        if names and case.name not in names:
            continue
        name = f"{case.name}.yaml"
        config = ["--config", f"{case.name}.toml"] if case.config else []
        runs = [["check", "--today", TODAY, *config, name]]
        runs += [["check", "--today", TODAY, "--output-format", fmt, *config, name] for fmt in case.formats]
        runs += [["render", name]]
        for args in runs:
            command = args[0] + (f" {args[args.index('--output-format') + 1]}" if "--output-format" in args else "")
            yield case.name, command, run_isolated(args, str(folder), timeout)


def problem(run: Run) -> str:
    """What is wrong with how policylint answered, or "" when the answer is acceptable."""
    if run.exit not in (0, 1, 2):
        return f"exit status {run.exit}"
    if "Traceback" in run.stdout + run.stderr:
        return "traceback"
    if run.peak_mib >= MEMORY_LIMIT_MIB:
        return f"{run.peak_mib:.0f} MiB of memory"
    return ""
