"""The `policylint` command. Exit status: 0 clean, 1 findings, 2 usage, configuration, input or internal error."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from datetime import date

import click

from policylint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("full", "concise", "json", "sarif", "github")


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _error(message: str) -> None:
    """One line on standard error; control characters from file names or keys are shown as escapes."""
    from policylint.findings import printable

    click.echo(printable(message), err=True)


def _today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # fromisoformat also takes 20261122, 2026-W01
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="policylint")
def cli() -> None:
    """Privacy policies as code: check policy YAML against the policylint schema and its rules."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--select", multiple=True, metavar="CODES",
              help="Rules to run: codes, prefixes (PL2), names, profiles (gdpr) or ALL; comma-separated.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules not to run, as for --select.")
@click.option("--law", "laws", multiple=True, metavar="LAWS",
              help="Laws that apply to the organisation (gdpr, uk_gdpr, ccpa, ...; comma-separated), whatever the "
                   "policy names: their rules run. Adds to `laws` in the configuration.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit status 1 (default: error, or the configuration's).")
@click.option("--output-format", "output_format", type=click.Choice(FORMATS), default=None,
              help="full (default on a terminal), concise (default otherwise), json, sarif or github.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: the nearest policylint.toml or pyproject.toml with "
                   "[tool.policylint]).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--today", callback=_today, default=None, metavar="YYYY-MM-DD",
              help="The date rules take as today (for reproducible results).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to check files in parallel (default: the number of CPUs; small runs use one).")
@click.option("--max-file-bytes", type=click.IntRange(min=1, max=2**40), default=None, metavar="N",
              help="Refuse files larger than N bytes unread (default: 10485760, or the configuration's).")
@click.option("-q", "--quiet", is_flag=True, help="No closing summary.")
@click.option("--since", "since", default=None, metavar="REV",
              help="Also compare each file with its version at git revision REV (renames followed): a material "
                   "change without a newer date is PL901 (error), one the policy gives no way of announcing PL902.")
@click.option("--fix", is_flag=True,
              help="Apply the fixes that are certain, in place, then report what remains: PL160 on a string (the "
                   "value is quoted, so YAML 1.1 tools read the string policylint reads).")
@click.option("--fail-drafts", is_flag=True,
              help="A draft's findings (document.status: draft) fail the check like any other's: for CI on a "
                   "branch where only published policies belong, so marking one a draft cannot wave it through.")
def check(paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], laws: tuple[str, ...],
          fail_on: str | None, output_format: str | None, config_path: str | None, isolated: bool, today: date,
          jobs: int | None, max_file_bytes: int | None, quiet: bool, since: str | None, fix: bool,
          fail_drafts: bool) -> None:
    """Check policy files, or directories of them; `-` reads standard input.

    Exit status 0 when nothing is at or above --fail-on, 1 when something is, 2 when a file cannot be checked or
    the configuration is wrong.
    """
    import dataclasses
    from pathlib import Path

    from policylint.check import Options, check_all, expand_paths, fails
    from policylint.config import ConfigError, Severity, catalogue, find_config, load_config, parse_laws, resolve
    from policylint.report import summary, write
    from policylint.rules import all_rules

    try:
        path = Path(config_path) if config_path else (None if isolated else find_config(Path.cwd()))
        if config_path and not Path(config_path).is_file():
            raise ConfigError(f"policylint: {config_path}: no such configuration file")
        config = load_config(path)
        rules = all_rules()
        cat = catalogue(rules)
        selectors = _split(select) or config.select
        selected = cat.expand_all(selectors, "policylint: --select" if select else f"{config.where('select')}: select")
        assumed = parse_laws(_split(laws), "policylint: --law")
        ignored = (cat.expand_all(_split(ignore), "policylint: --ignore")
                   | cat.expand_all(config.ignore, f"{config.where('ignore')}: ignore"))
        severities = resolve(config, cat)
        if any(p == "" for p in paths):
            raise ConfigError("policylint: an empty path was given")
        if paths.count("-") > 1:
            raise ConfigError("policylint: standard input (-) can be read only once")
        if fix and "-" in paths:
            raise ConfigError("policylint: --fix changes files in place; it cannot fix standard input")
        threshold = Severity(fail_on) if fail_on else config.fail_on
        if max_file_bytes:
            config.limits = dataclasses.replace(config.limits, max_file_bytes=max_file_bytes)
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)
    options = Options(rules=tuple(rules), enabled=frozenset(selected - ignored), today=today,
                      severities=severities, config=config, catalogue=cat, laws=assumed)
    # Profiles asked for by name or code (not by ALL): a file they cannot run on is said so, not "All checks passed".
    asked = set() if any(s.strip().upper() == "ALL" for s in selectors) else {
        cat.profiles[code] for code in options.enabled if code in cat.profiles} - {"core"}
    started = time.perf_counter()
    files = list(expand_paths(paths))
    progress = _progress(len(files)) if sys.stderr.isatty() and not quiet else None
    cpus = os.cpu_count() or 1
    # More processes than files, or far more than CPUs, only cost start-up time (and -j 100000 would fork-bomb).
    results = check_all(files, options, min(jobs or cpus, len(files), 4 * cpus), progress)
    if fix:
        results = _fix_and_check_again(results, options)
    if since is not None:
        _add_history_findings(results, since, config.limits)
    fmt = output_format or ("full" if sys.stdout.isatty() else "concise")
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    write(results, fmt, sys.stdout, rules, colour, {r.path: r.text for r in results})
    not_run = {r.path: sorted(asked - r.profiles) for r in results if r.profiles is not None and asked - r.profiles}
    for path, profiles in not_run.items():
        _error(f"{path}: the {', '.join(profiles)} checks did not run: no law they check applies to this policy "
               f"or is named in it (say which laws apply in `applicability`, `laws` in the configuration, or "
               f"--law)")
    if not quiet:
        click.echo(summary(results, time.perf_counter() - started, len(not_run), exempt_drafts=not fail_drafts),
                   err=True)
    if any(r.error for r in results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if fails(results, threshold, exempt_drafts=not fail_drafts) else EXIT_CLEAN)


def _fix_and_check_again(results, options):  # type: ignore[no-untyped-def]
    """Apply the certain fixes (PL160 on a string: quote it) to each file in place, and check the files that
    changed again, so that what is reported is what remains."""
    from pathlib import Path

    from policylint.check import check_file
    from policylint.findings import InputError
    from policylint.fmt import quote_yaml_1_1_strings

    checked = []
    for result in results:
        targets = {(f.line, f.col) for f in result.findings if f.code == "PL160"}
        if not targets or result.error is not None:
            checked.append(result)
            continue
        refusal = _through_a_link(result.path, options.config.project)
        if refusal:
            _error(refusal)
            checked.append(result)
            continue
        try:
            text, count = quote_yaml_1_1_strings(result.text, targets, options.config.limits)
        except InputError:  # the file changed since it was checked
            checked.append(result)
            continue
        if not count:
            checked.append(result)
            continue
        _write_atomically(Path(result.path), text)
        _error(f"{result.path}: fixed {count} PL160 finding(s): quoted the values YAML 1.1 tools would misread")
        checked.append(check_file(result.path, options))
    return checked


def _through_a_link(file: str, project) -> str | None:  # type: ignore[no-untyped-def]
    """Why `file` is not rewritten, when it is a symbolic link or under one inside the project (a branch can plant
    `policies/p.yaml -> ../.git/hooks/pre-commit`); None when it can be. As `render -o` says it."""
    from policylint.project import first_link_below

    link = first_link_below(file, project)
    if not link:
        return None
    what = "is a symbolic link" if os.path.abspath(link) == os.path.abspath(file) \
        else f"is under a symbolic link ({os.path.relpath(link)})"
    return f"{file}: {what}; policylint does not write through links (replace it with a regular file or folder)"


def _add_history_findings(results, revision: str, limits) -> None:  # type: ignore[no-untyped-def]
    """The history checks for each file that was checked: its findings join the file's (exit 2 on git's errors)."""
    checked = [r for r in results if r.error is None and r.profiles is not None and r.path != "-"]
    comparisons = _compare_or_exit([r.path for r in checked], revision, False, limits, f"--since {revision}: ")
    for result, comparison in zip(checked, comparisons, strict=True):
        result.findings = sorted([*result.findings, *comparison.findings()], key=lambda f: f.sort_key)


def _compare_or_exit(files: list[str] | None, revision: str, cached: bool, limits, option: str = ""):  # type: ignore[no-untyped-def]
    """Each file beside its version at `revision`; git's errors and unreadable versions are one line and exit 2."""
    from pathlib import Path

    from policylint.history import HistoryError, VersionError, compare_with_revision

    try:
        return compare_with_revision(files, revision, cached, limits, Path.cwd())
    except HistoryError as error:
        _error(f"policylint: {option}{error}")
        sys.exit(EXIT_ERROR)
    except VersionError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)



def _config_or_exit(max_file_bytes: int | None = None):  # type: ignore[no-untyped-def]
    """The configuration found from the current folder, and its limits with --max-file-bytes applied; a
    configuration that cannot be used is one line and exit 2."""
    import dataclasses
    from pathlib import Path

    from policylint.config import ConfigError, find_config, load_config

    try:
        config = load_config(find_config(Path.cwd()))
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)
    limits = dataclasses.replace(config.limits, max_file_bytes=max_file_bytes) if max_file_bytes else config.limits
    return config, limits


def _progress(total: int):  # type: ignore[no-untyped-def]
    """A one-line counter on standard error, for runs long enough to want one."""
    if total < 200:
        return None

    def show(done: int) -> None:
        if done == total or done % 100 == 0:
            sys.stderr.write(f"\r{done}/{total} files checked" + ("\n" if done == total else ""))
            sys.stderr.flush()

    return show


@cli.command()
@click.argument("code_or_name", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every rule.")
@click.option("--output-format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              help="markdown: with --all, the reference docs/rules.md (every code, checks included).")
def rule(code_or_name: str | None, show_all: bool, output_format: str) -> None:
    """Explain a rule or a check (by code or name), or list every rule with --all."""
    import json

    from policylint import rule_docs
    from policylint.rules import all_rules, find_rule

    if show_all == bool(code_or_name):
        raise click.UsageError("give a rule code or name, or --all")
    if show_all and output_format == "markdown":
        click.echo(rule_docs.rules_markdown(), nl=False)
        return
    if show_all:
        chosen = all_rules()
    else:
        found = find_rule(code_or_name or "")
        if found is None:
            # A built-in check (PL0xx-PL18x) or a history check (PL9xx): explained from policylint.rule_docs.
            doc = rule_docs.find_doc(code_or_name or "")
            if doc is None:
                _error(f"policylint: no rule {code_or_name!r}")
                sys.exit(EXIT_ERROR)
            if output_format == "json":
                click.echo(json.dumps(rule_docs.as_dict(doc), indent=2, ensure_ascii=False))
            else:
                click.echo(rule_docs.help_markdown(doc) if output_format == "markdown" else rule_docs.help_text(doc),
                           nl=False)
            return
        if output_format == "markdown":
            click.echo(rule_docs.help_markdown(rule_docs.rule_doc(found)), nl=False)
            return
        chosen = [found]
    if output_format == "json":
        payload = [r.as_dict() for r in chosen]
        click.echo(json.dumps(payload if show_all else payload[0], indent=2, ensure_ascii=False))
        return
    if not show_all:
        click.echo(_rule_text(chosen[0]))
        return
    width = max(len(r.name) for r in chosen)
    for r in chosen:
        # The citation is what a reviewer checks first; "(uncertain)" sends them to `policylint rule CODE`.
        cited = (r.citation or "no law (a consistency rule)") + (" (uncertain)" if r.citation_note else "")
        click.echo(f"{r.code}  {r.name:<{width}}  {r.profile:<15}  {r.severity.value:<7}  {cited}")


def _rule_text(r) -> str:  # type: ignore[no-untyped-def]
    lines = [f"{r.code} {r.name}", "", r.summary, "",
             f"Profile: {r.profile}    Default severity: {r.severity.value}",
             f"Legal basis: {r.citation or 'none (a consistency rule)'}"]
    if r.citation_note:
        lines.append(f"Uncertain: {r.citation_note}")
    lines += ["", "Why", "", r.rationale, "", "Fails", "", _indent(r.fails), "Passes", "", _indent(r.passes)]
    from policylint.rule_docs import rule_doc

    lines.append(f"More: {rule_doc(r).help_uri}")
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE [OUT]")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "text"]), default=None,
              help="Output format (default: from OUT's suffix, else markdown).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--check", "check_only", is_flag=True,
              help="Do not write: exit 1 if OUT differs from what render would write now.")
@click.option("--rendered", "rendered_dir", type=click.Path(file_okay=False), default=None,
              help="Any number of FILEs: keep each one's renderings in this folder current (<name>.md, .html, "
                   ".txt, whichever exist; a policy with none gets <name>.md, or --format's): stale or missing ones "
                   "are written and the exit status is 1, so a pre-commit hook stops for you to stage them. With "
                   "--check nothing is written.")
@click.option("--changes-since", "changes_since", default=None, metavar="REV",
              help="Add a dated section listing the material changes since the policy's version at git revision "
                   "REV.")
@click.option("--audience", type=click.Choice(["notice", "review"]), default="notice", show_default=True,
              help="notice: the published notice, in the organisation's voice, silent on what the policy leaves "
                   "out. review: the auditor's view, where every gap is said.")
@click.option("--max-file-bytes", type=click.IntRange(min=1, max=2**40), default=None, metavar="N",
              help="Refuse policies larger than N bytes unread (default: 10485760, or the configuration's).")
def render(paths: tuple[str, ...], fmt: str | None, output: str | None, check_only: bool,
           rendered_dir: str | None, changes_since: str | None, audience: str, max_file_bytes: int | None) -> None:
    """Render a policy to the notice people read: Markdown, HTML or plain text.

    `policylint render --check FILE OUT` exits 1 when the committed rendering OUT is out of date;
    `policylint render --rendered DIR FILE...` keeps a folder of renderings current (the pre-commit hook).
    """
    from pathlib import Path

    from policylint.render import SUFFIXES

    config, limits = _config_or_exit(max_file_bytes)
    project = config.project

    if rendered_dir:
        if output or changes_since:
            raise click.UsageError("--rendered keeps a folder of renderings: it takes neither -o nor --changes-since")
        sys.exit(_keep_rendered(paths, Path(rendered_dir), fmt, check_only, limits, project, audience))
    if check_only and len(paths) != 2:
        raise click.UsageError("--check needs the rendering to compare: policylint render --check FILE OUT")
    if not check_only and len(paths) != 1:
        raise click.UsageError("render one FILE (compare with a rendering using --check FILE OUT)")
    file, target = paths[0], (paths[1] if check_only else output)
    chosen = fmt or (SUFFIXES.get(Path(target).suffix.lower(), "markdown") if target else "markdown")
    if output is not None and (output == "" or output.endswith(("/", os.sep)) or Path(output).is_dir()):
        raise click.UsageError(f"-o {output!r} is not a file name")
    if output and (_same_file(file, output) if file != "-" else _is_standard_input(output)):
        message = f"policylint: {output} is the policy itself; rendering over it would destroy it"
        _error(message)
        sys.exit(EXIT_ERROR)
    changes = _changes_since(file, changes_since, limits) if changes_since else None
    sys.exit(_render_or_check(file, target, chosen, output, check_only, limits, project, audience, changes))


def _keep_rendered(files: tuple[str, ...], folder, fmt: str | None, check_only: bool,  # type: ignore[no-untyped-def]
                   limits, project, audience: str) -> int:
    """`render --rendered DIR`: each policy's renderings in DIR are current. A stale one is rewritten and a missing
    one written (as --format, else Markdown); with --check they are only compared. Either way the exit status is 1
    when one was stale or missing: a pre-commit hook stops the commit for the author to stage what was written."""
    from pathlib import Path

    from policylint.project import first_link_below
    from policylint.render import SUFFIXES

    suffix_of = {"markdown": ".md", "html": ".html", "text": ".txt"}
    link = first_link_below(folder, project)
    if link:
        _error(f"{link}: is a symbolic link; policylint does not write renderings through links")
        return EXIT_ERROR
    if not check_only and not folder.is_dir():
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            _error(f"policylint: cannot create {folder}: {error.strerror or error}")
            return EXIT_ERROR
    statuses = []
    for file in files:
        found = [folder / f"{Path(file).stem}{suffix}" for suffix in (".md", ".html", ".txt")]
        targets = [out for out in found if out.is_file() or out.is_symlink()]
        if not targets:
            targets = [folder / f"{Path(file).stem}{suffix_of[fmt or 'markdown']}"]
        statuses += [_render_or_check(file, str(out), SUFFIXES[out.suffix], None, True, limits, project, audience,
                                      update=not check_only) for out in targets]
    return EXIT_ERROR if EXIT_ERROR in statuses else EXIT_FINDINGS if EXIT_FINDINGS in statuses else EXIT_CLEAN


def _changes_since(file: str, revision: str, limits):  # type: ignore[no-untyped-def]
    """The material changes to `file` since `revision`, for the notice's "What changed" section (exit 2 on git's
    errors or a version that is not a policy)."""

    from policylint.history import newest_date
    from policylint.render import ChangesSince

    if file == "-":
        raise click.UsageError("--changes-since needs a file in a git repository, not standard input")
    [comparison] = _compare_or_exit([file], revision, False, limits, f"--changes-since {revision}: ")
    dated = newest_date(comparison.old.data) if comparison.old is not None else None
    return ChangesSince(dated[1] if dated else "", tuple(c.words for c in comparison.changes if c.material))


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:  # either does not exist (yet)
        return False


def _is_standard_input(path: str) -> bool:
    """Whether `path` is the file standard input reads (`render - -o p.yaml < p.yaml`)."""
    try:
        return os.path.samestat(os.fstat(0), os.stat(path))
    except (OSError, ValueError):  # no standard input, or the file does not exist (yet)
        return False


def _render_or_check(file: str, target: str | None, fmt: str, output: str | None, check_only: bool,
                     limits, project, audience: str = "notice",  # type: ignore[no-untyped-def]
                     changes=None, update: bool = False) -> int:
    """Render `file` to `output` (or standard output); with `check_only`, compare with `target` instead, and with
    `update` as well, rewrite `target` when it differs (exit 1 either way when it differed)."""
    from pathlib import Path

    from policylint import loader
    from policylint.findings import InputError
    from policylint.project import first_link_below
    from policylint.render import render as render_policy
    from policylint.validate import validate

    # A committed rendering may be a link a branch planted (to .git/hooks/pre-commit, to a shell profile): it is
    # neither compared, nor offered as a place to write, nor written through.
    destination = target if check_only else output
    link = first_link_below(destination, project) if destination else None
    if link:
        what = "is a symbolic link" if os.path.abspath(link) == os.path.abspath(destination or "") \
            else f"is under a symbolic link ({os.path.relpath(link)})"
        _error(f"{destination}: {what}; policylint does not write renderings through links (replace it with a "
               "regular file or folder)")
        return EXIT_ERROR
    try:
        doc = (loader.load(Path(file), file, limits, project) if file != "-"
               else loader.load_stdin(limits))
    except InputError as error:
        shown = "<stdin>" if file == "-" else file
        _error(f"{shown}:{error.line}:{error.col}: {error.check.code} {error.message}")
        return EXIT_ERROR
    problems = validate(doc)
    if problems:
        for f in problems:
            _error(f"{f.file}:{f.line}:{f.col}: {f.code} {f.message}")
        _error(f"policylint: {doc.path} does not match the schema; fix it before rendering")
        return EXIT_ERROR
    text = render_policy(doc.data, fmt, audience, changes)
    if check_only:
        assert target is not None
        current, what = _read_rendering(Path(target), len(text.encode("utf-8")))
        if current != text:
            if update:
                _write_atomically(Path(target), text)
                _error(f"{target}: {'written' if current is None and what == 'does not exist' else 'updated'} "
                       f"from {file}; stage it (git add {target})")
                return EXIT_FINDINGS
            again = "" if audience == "notice" else f" --audience {audience}"
            _error(f"{target}: {what}; run: policylint render{again} {file} -o {target}")
            return EXIT_FINDINGS
        return EXIT_CLEAN
    if output:
        _write_atomically(Path(output), text)
    else:
        sys.stdout.write(text)
    return EXIT_CLEAN


def _read_rendering(path, expected_bytes: int) -> tuple[str | None, str]:  # type: ignore[no-untyped-def]
    """A committed rendering, read no further than the expected length (so /dev/zero or a pipe cannot stall it)."""
    if not path.exists():
        return None, "does not exist"
    if not path.is_file():
        return None, "is not a regular file"
    try:
        with path.open("rb") as handle:
            raw = handle.read(expected_bytes + 1)
        return raw.decode("utf-8"), "is out of date"
    except (OSError, UnicodeDecodeError):
        return None, "is out of date (it is unreadable or not UTF-8)"


def _write_atomically(path, text: str, replace: bool = True) -> bool:  # type: ignore[no-untyped-def]
    """Write to a temporary file beside the target, then rename it over: an error never leaves a truncated file.

    The caller has refused targets reached through a symbolic link. Anything but a regular file (a device, a pipe,
    a folder) is refused rather than replaced. The new file keeps the old one's read and write permissions, or gets
    the umask's, and never an executable bit: a notice is not a program. With `replace` off the file must not exist:
    the temporary file is linked into place, which fails (False) rather than replace one that appeared meanwhile.
    """
    import stat
    import tempfile

    try:
        try:
            info: os.stat_result | None = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file; policylint replaces only regular files")
        mode = stat.S_IMODE(info.st_mode) & 0o666 if info else None
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        _error(f"policylint: cannot write {path}: {error.strerror or error}")
        sys.exit(EXIT_ERROR)
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        os.chmod(temporary, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        (os.replace if replace else os.link)(temporary, path)
    except FileExistsError:
        return False
    except OSError as error:
        _error(f"policylint: cannot write {path}: {error.strerror or error}")
        sys.exit(EXIT_ERROR)
    finally:
        with contextlib.suppress(OSError):  # gone once renamed; the extra name once linked
            os.unlink(temporary)
    return True


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--check", "check_only", is_flag=True,
              help="Do not write: exit 1 if any FILE is still schema 1 and would be upgraded.")
def migrate(paths: tuple[str, ...], check_only: bool) -> None:
    """Upgrade schema-1 policies to schema 2 in place, keeping comments and layout.

    A file whose upgraded text would not validate against schema 2 is left as it is, with its errors (exit 2).
    A file already at schema 2 is left untouched. Exit 0 when all are upgraded or current.
    """
    from pathlib import Path

    from policylint import loader
    from policylint.config import ConfigError, find_config, load_config
    from policylint.findings import InputError
    from policylint.migrate import MigrationError, migrate_text
    from policylint.project import first_link_below
    from policylint.validate import validate

    try:
        config = load_config(find_config(Path.cwd()))
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)
    status = EXIT_CLEAN
    for file in paths:
        link = first_link_below(file, config.project)
        if link:
            _error(f"{file}: is or is under a symbolic link; policylint does not write through links")
            status = EXIT_ERROR
            continue
        try:
            raw = loader.read_file(Path(file), config.limits, config.project)
            loader.load_bytes(raw, file, config.limits)  # the checks `check` applies: encoding, size, depth, tags
            result = migrate_text(raw.decode("utf-8"))
        except InputError as error:
            _error(f"{file}:{error.line}:{error.col}: {error.check.code} {error.message}")
            status = EXIT_ERROR
            continue
        except MigrationError as error:
            _error(f"{file}:1:1: {error}")
            status = EXIT_ERROR
            continue
        if not result.changes:
            click.echo(f"{file}: already schema 2")
            continue
        try:
            problems = validate(loader.load_bytes(result.text.encode("utf-8"), file, config.limits))
        except InputError as error:  # the dump is YAML the loader reads; this would be a bug, reported as one line
            _error(f"{file}:{error.line}:{error.col}: {error.check.code} upgraded text unreadable: {error.message}")
            status = EXIT_ERROR
            continue
        if problems:
            for f in problems:
                _error(f"{f.file}:{f.line}:{f.col}: {f.code} {f.message} (in the upgraded text)")
            _error(f"policylint: {file} would not match schema 2 after the upgrade; it was left as it is")
            status = EXIT_ERROR
            continue
        if check_only:
            click.echo(f"{file}: would upgrade schema {result.from_version} to 2.0: " + "; ".join(result.changes[1:]
                       or ["schema_version only"]))
            status = max(status, EXIT_FINDINGS)
            continue
        _write_atomically(Path(file), result.text)
        click.echo(f"{file}: upgraded schema {result.from_version} to 2.0: " + "; ".join(result.changes[1:]
                   or ["schema_version only"]))
    sys.exit(status)


@cli.command("fmt")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing: exit 1 if any file would be reformatted, naming each.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Change nothing: print a unified diff of what would change; exit 1 if there is any.")
@click.option("--max-file-bytes", type=click.IntRange(min=1, max=2**40), default=None, metavar="N",
              help="Refuse files larger than N bytes unread (default: 10485760, or the configuration's).")
def fmt_command(paths: tuple[str, ...], check_only: bool, show_diff: bool, max_file_bytes: int | None) -> None:
    """Format policy files, or directories of them, in place: keys in the schema's order, one indentation, quotes
    where YAML 1.1 tools would misread a value. Comments, blank lines and every value are kept; `-` reads standard
    input and writes standard output.

    Exit status 0, or 1 with --check or --diff when a file would change, 2 for a file it cannot format safely (not
    YAML, duplicate keys, explicit tags, a symbolic link, ...), which is left as it is.
    """
    import dataclasses
    from pathlib import Path

    from policylint import loader
    from policylint.check import STDIN, expand_paths
    from policylint.config import ConfigError, find_config, load_config
    from policylint.findings import InputError
    from policylint.fmt import FormatError, format_policy

    try:
        if any(p == "" for p in paths):
            raise ConfigError("policylint: an empty path was given")
        if paths.count(STDIN) > 1:
            raise ConfigError("policylint: standard input (-) can be read only once")
        config = load_config(find_config(Path.cwd()))
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)
    limits = dataclasses.replace(config.limits, max_file_bytes=max_file_bytes) if max_file_bytes else config.limits
    writes = not (check_only or show_diff)
    status = EXIT_CLEAN
    for file in expand_paths(paths):
        shown = "<stdin>" if file == STDIN else file
        # A policy may be a link a branch planted (to .git/hooks/pre-commit, to a shell profile): never written
        # through, as `render -o` refuses to.
        refusal = _through_a_link(file, config.project) if writes and file != STDIN else None
        if refusal:
            _error(refusal)
            status = EXIT_ERROR
            continue
        try:
            raw = loader.read_stdin(limits) if file == STDIN else loader.read_file(Path(file), limits,
                                                                                  config.project)
            text = loader.load_bytes(raw, shown, limits).text  # the checks `check` applies: encoding, size, tags
            formatted = format_policy(text, limits)
        except InputError as error:
            _error(f"{shown}:{error.line}:{error.col}: {error.check.code} {error.message}")
            status = EXIT_ERROR
            continue
        except FormatError as error:
            _error(f"{shown}:{error.line}:{error.col}: {error.message}")
            status = EXIT_ERROR
            continue
        except Exception as error:  # a bug in fmt: one line, and the other files are still formatted
            _error(f"{shown}:1:1: internal error ({type(error).__name__}: {error}); please report it; the file is "
                   "left as it is")
            status = EXIT_ERROR
            continue
        if file == STDIN and writes:
            sys.stdout.write(formatted)
            continue
        if formatted.encode("utf-8") == raw:
            continue
        if show_diff:
            import difflib

            for line in difflib.unified_diff(text.splitlines(keepends=True), formatted.splitlines(keepends=True),
                                             shown, shown):
                sys.stdout.write(line if line.endswith("\n") else line + "\n")
        if check_only:
            click.echo(f"{shown}: would be formatted")
        if not writes:
            status = max(status, EXIT_FINDINGS)
            continue
        _write_atomically(Path(file), formatted)
        click.echo(f"{file}: formatted")
    sys.exit(status)


@cli.command()
@click.option("--write", "folder", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Copy the schema into DIR (as privacy-policy.schema.json) and print the modeline for policies.")
@click.option("--policies", "policy_folder", type=click.Path(file_okay=False), default="policies", show_default=True,
              metavar="DIR", help="With --write: the folder of the policies the printed modeline is for.")
@click.option("--docs", is_flag=True, help="Print the schema reference (docs/schema.md) instead, as Markdown.")
def schema(folder: str | None, policy_folder: str, docs: bool) -> None:
    """Print the path of the installed schema, copy it into your repository for editors, or print its reference.

    An editor's YAML language server finds the schema through a policy's first line, a modeline with a relative
    path (it works in every clone, offline): `policylint schema --write schema` writes schema/privacy-policy.schema.json
    and prints the line for policies in policies/. Run it again after upgrading policylint: an earlier copy of the
    policylint schema is replaced, any other file is left alone (exit 2).
    """
    from pathlib import Path

    from policylint.project import first_link_below, project_root
    from policylint.schema import SCHEMA_FILE, copy_status, modeline, schema_path

    if docs:
        from policylint.schema_docs import schema_markdown

        click.echo(schema_markdown(), nl=False)
        return
    if folder is None:
        click.echo(str(schema_path()))
        return
    target = Path(folder) / SCHEMA_FILE
    link = first_link_below(target, project_root(Path.cwd()))
    if link:
        _error(f"{link}: is a symbolic link; policylint does not write through links")
        sys.exit(EXIT_ERROR)
    status = copy_status(target)
    if status == "refuse":
        _error(f"{target}: exists and is not a copy of the policylint schema; not replaced")
        sys.exit(EXIT_ERROR)
    if status != "current":
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            _error(f"policylint: cannot create {folder}: {error.strerror or error}")
            sys.exit(EXIT_ERROR)
        _write_atomically(target, schema_path().read_text(encoding="utf-8"))
    said = {"create": "wrote", "update": "updated", "current": "up to date:"}[status]
    click.echo(f"{said} {target}")
    click.echo(f"First line of each policy in {policy_folder}/ (hover, completion and checks in editors):")
    click.echo(modeline(target, Path(policy_folder)))


@cli.command()
@click.option("--organisation", "--organization", "organisation", default=None, metavar="NAME",
              help="The organisation whose policy this is (asked for when not given, on a terminal).")
@click.option("--law", "laws", multiple=True, metavar="LAWS",
              help="Laws that apply to the organisation (gdpr, uk_gdpr, ccpa, caloppa, coppa, ...; comma-separated). "
                   "Written to policylint.toml, so their rules run.")
@click.option("--service", type=click.Choice(["website", "online-shop", "app", "saas"]), default=None,
              help="The kind of service, for the examples in the starter policy's comments (default: website).")
@click.option("--directory", "directory", type=click.Path(file_okay=False), default=".", show_default=True,
              help="The repository to write into.")
@click.option("--hooks-repo", default=None, metavar="URL",
              help="The policylint repository .pre-commit-config.yaml names (default: policylint's own; a mirror "
                   "or a local clone otherwise).")
@click.option("--hooks-rev", default=None, metavar="REV",
              help="The tag or commit of --hooks-repo to use (default: this version's tag, v" + __version__ + ").")
def init(organisation: str | None, laws: tuple[str, ...], service: str | None, directory: str,
         hooks_repo: str | None, hooks_rev: str | None) -> None:
    """Start a repository of privacy policies: a starter policy, the schema for editors, a policylint.toml and a
    .pre-commit-config.yaml.

    The starter policy is valid and says nothing the author has not: it is a draft, whose findings (`policylint
    check`) are the list of what is left to write, and which fails no check or commit until it is published. No
    file that exists is overwritten: init says which it left alone.
    """
    from pathlib import Path

    from policylint import starter
    from policylint.config import ConfigError, parse_laws
    from policylint.loader import parse
    from policylint.project import first_link_below, project_root, slug
    from policylint.render import render as render_policy
    from policylint.schema import SCHEMA_FILE, copy_status, modeline, schema_path

    interactive = _on_a_terminal()
    if organisation is None:
        if not interactive:
            raise click.UsageError("--organisation NAME is needed when init does not run on a terminal")
        organisation = click.prompt("Organisation (as the policy names it)")
    organisation = organisation.strip()
    if not organisation or not organisation.isprintable():
        raise click.BadParameter("give the organisation's name", param_hint="--organisation")
    if not laws and interactive:
        laws = (click.prompt("Laws that apply (comma-separated: gdpr, uk_gdpr, ccpa, caloppa, coppa...; "
                             "empty for none)", default="", show_default=False),)
    try:
        applicable = parse_laws(_split(laws), "--law")
    except ConfigError as error:
        raise click.BadParameter(str(error).removeprefix("--law: "), param_hint="--law") from None
    if service is None:
        service = click.prompt("Kind of service", type=click.Choice(list(starter.SERVICES)),
                               default="website") if interactive else "website"
    root = Path(directory)
    name = slug(organisation)
    policy = root / starter.POLICY_FOLDER / f"{name}.yaml"
    schema_copy = root / starter.SCHEMA_FOLDER / SCHEMA_FILE
    policy_text = starter.starter_policy(organisation, applicable, service,
                                         modeline(schema_copy, policy.parent), date.today())
    files = [
        (policy, policy_text),
        (root / starter.RENDERED_FOLDER / f"{name}.md", render_policy(parse(policy_text).data, "markdown")),
        (root / "policylint.toml", starter.config_text(applicable)),
        (root / ".pre-commit-config.yaml",
         starter.precommit_text(hooks_repo or starter.HOOKS_REPO, hooks_rev or f"v{__version__}")),
    ]
    project = project_root(root)
    for target in [schema_copy, *(path for path, _ in files)]:
        link = first_link_below(target, project)
        if link:
            _error(f"{link}: is a symbolic link; policylint init does not write through links")
            sys.exit(EXIT_ERROR)
    status = copy_status(schema_copy)
    if status == "create":
        files.insert(1, (schema_copy, schema_path().read_text(encoding="utf-8")))
    else:
        what = "is this version's schema" if status == "current" else "exists; left as it is"
        click.echo(f"  {schema_copy}: {what}" + (" (policylint schema --write updates a policylint schema)"
                                                  if status == "update" else ""))
    for path, text in files:
        if _create_new(path, text):
            click.echo(f"  {path}: written")
    shown = policy if root == Path(".") else policy.relative_to(root)
    click.echo(f"""
Next, in {root}:
  policylint check {shown}     what is left to write (a draft's findings fail nothing)
  pip install pre-commit && pre-commit install   run the hooks on every commit
  git add . && git commit -m "Start the privacy policy"
When the policy is published, delete `status: draft` from it: from then on an error stops a commit.""")


def _on_a_terminal() -> bool:
    """Whether a person is there to answer questions: init asks only then, and otherwise needs its flags."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _create_new(path, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Write a file that must not exist yet (a file that appears meanwhile is not replaced either); False, and
    said, when it exists. Exit 2 when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _error(f"policylint: cannot write {path}: {error.strerror or error}")
        sys.exit(EXIT_ERROR)
    if os.path.lexists(path) or not _write_atomically(path, text, replace=False):
        click.echo(f"  {path}: exists; left as it is")
        return False
    return True


def main() -> None:
    if sys.stdout is None or sys.stderr is None:  # started with a standard stream closed
        sys.exit(EXIT_ERROR)
    try:
        cli.main(prog_name="policylint")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as error:  # writing the report failed: a full disk, a closed pipe
        with contextlib.suppress(OSError):
            _error(f"policylint: cannot write the output: {error.strerror or error}")
        sys.exit(EXIT_ERROR)
    except Exception as error:
        _error(f"policylint: internal error: {type(error).__name__}: {error}")
        sys.exit(EXIT_ERROR)


@cli.command("diff")
@click.argument("paths", nargs=-1, metavar="OLD NEW | FILE...")
@click.option("--git", "revision", default=None, metavar="REV",
              help="Compare each FILE with its version at git revision REV, renames followed (without FILE: every "
                   "policy changed since REV).")
@click.option("--cached", is_flag=True, help="With --git: the staged version of each file, not the working tree's.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text, markdown (for a pull-request comment) or json.")
@click.option("--material-only", is_flag=True, help="Only the material changes.")
@click.option("--check", "run_checks", is_flag=True,
              help="Also run the history checks (PL901, PL902) and exit 1 when one reports an error.")
@click.option("--max-file-bytes", type=click.IntRange(min=1, max=2**40), default=None, metavar="N",
              help="Refuse versions larger than N bytes (default: 10485760, or the configuration's).")
def diff_command(paths: tuple[str, ...], revision: str | None, cached: bool, fmt: str, material_only: bool,
                 run_checks: bool, max_file_bytes: int | None) -> None:
    """What changed between two versions of a policy, in the notice's words, each change material or minor.

    `policylint diff OLD NEW` compares two files; `policylint diff --git HEAD [FILE...]` compares files with a
    revision. Exit status 0, or 1 with --check when a history check reports an error, 2 for input it cannot read.
    """

    from policylint.history import VersionError, compare_files

    config, limits = _config_or_exit(max_file_bytes)
    if revision is not None:
        comparisons = _compare_or_exit(list(paths) or None, revision, cached, limits)
    else:
        if cached:
            raise click.UsageError("--cached goes with --git")
        if len(paths) != 2:
            raise click.UsageError("give two files (OLD NEW), or --git REV [FILE...]")
        try:
            comparisons = [compare_files(paths[0], paths[1], limits, config.project)]
        except VersionError as error:
            _error(str(error))
            sys.exit(EXIT_ERROR)
    from policylint.diff_report import write_diff

    found = [(c, c.findings() if run_checks else []) for c in comparisons]
    sys.stdout.write(write_diff(found, fmt, material_only))
    errors = any(f.severity.value == "error" for _, fs in found for f in fs)
    sys.exit(EXIT_FINDINGS if errors else EXIT_CLEAN)


@cli.command("export")
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["dpv", "fideslang"]), required=True,
              help="dpv: JSON-LD in W3C DPV 2.3 terms. fideslang: a Fides system manifest (YAML).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--max-file-bytes", type=click.IntRange(min=1, max=2**40), default=None, metavar="N",
              help="Refuse policies larger than N bytes unread (default: 10485760, or the configuration's).")
def export_command(file: str, fmt: str, output: str | None, max_file_bytes: int | None) -> None:
    """Export a policy for other privacy tools: W3C DPV (JSON-LD) or Fides (fideslang YAML); `-` reads standard
    input. docs/export.md gives the mapping, and what has no term in each.

    Exit status 0, or 2 when the policy cannot be read or does not match the schema.
    """
    from pathlib import Path

    from policylint import loader
    from policylint.export import export
    from policylint.findings import InputError
    from policylint.project import first_link_below
    from policylint.validate import validate

    config, limits = _config_or_exit(max_file_bytes)
    if output is not None and (output == "" or output.endswith(("/", os.sep)) or Path(output).is_dir()):
        raise click.UsageError(f"-o {output!r} is not a file name")
    if output and (_same_file(file, output) if file != "-" else _is_standard_input(output)):
        _error(f"policylint: {output} is the policy itself; exporting over it would destroy it")
        sys.exit(EXIT_ERROR)
    link = first_link_below(Path(output), config.project) if output else None
    if link:  # as for renderings: a planted link must not send the export over another file
        _error(f"{output}: is or is under a symbolic link; policylint does not write through links")
        sys.exit(EXIT_ERROR)
    try:
        doc = loader.load(Path(file), file, limits, config.project) if file != "-" else loader.load_stdin(limits)
    except InputError as error:
        _error(f"{'<stdin>' if file == '-' else file}:{error.line}:{error.col}: {error.check.code} {error.message}")
        sys.exit(EXIT_ERROR)
    problems = validate(doc)
    if problems:
        for f in problems:
            _error(f"{f.file}:{f.line}:{f.col}: {f.code} {f.message}")
        _error(f"policylint: {doc.path} does not match the schema; fix it before exporting")
        sys.exit(EXIT_ERROR)
    text = export(doc.data, fmt)
    if output:
        _write_atomically(Path(output), text)
    else:
        sys.stdout.write(text)
