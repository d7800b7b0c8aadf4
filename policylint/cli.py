"""The `policylint` command. Exit status: 0 clean, 1 findings, 2 usage, input or internal error."""

from __future__ import annotations

import sys

import click

from policylint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="policylint")
def cli() -> None:
    """Privacy policies as code: check policy YAML against the policylint schema and its rules."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no closing summary.")
def check(paths: tuple[str, ...], quiet: bool) -> None:
    """Check policy files (or directories of them; `-` reads standard input).

    Prints one line per finding as `path:line:col: CODE message`. Exit status 0 when clean, 1 when there are
    findings, 2 when a file cannot be checked.
    """
    from policylint.check import check_file, expand_paths, internal_error
    from policylint.report import summary, write_concise

    def results():  # type: ignore[no-untyped-def]
        for path in expand_paths(paths):
            try:
                yield check_file(path)
            except Exception as error:
                yield internal_error(path, error)

    files, finding_count, error_count = write_concise(results(), sys.stdout, sys.stderr)
    if not quiet:
        click.echo(summary(files, finding_count, error_count), err=True)
    if error_count:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if finding_count else EXIT_CLEAN)


@cli.command()
def schema() -> None:
    """Print the path of the installed schema (for editors and other validators)."""
    from policylint.schema import schema_path

    click.echo(str(schema_path()))


def main() -> None:
    try:
        cli.main(prog_name="policylint")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        click.echo(f"policylint: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_ERROR)
