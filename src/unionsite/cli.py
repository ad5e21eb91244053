"""The command line: `unionsite build|check`; an error becomes its message and exit 1, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import BuildReport, build
from .errors import UnionsiteError


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        report = build(
            Path(arguments.site).resolve(),
            owner=arguments.owner,
            output=getattr(arguments, "output", None),
            strict=arguments.strict,
            write=arguments.command == "build",
        )
    except (UnionsiteError, OSError) as error:
        print(error if isinstance(error, UnionsiteError) else f"error: {error}", file=sys.stderr)
        if arguments.command == "build":
            print("nothing was written: the last good site is unchanged", file=sys.stderr)
        return 1
    _print_summary(report, arguments.command)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unionsite", description="Static sites for municipal unions.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the site into the output folder")
    check_command = commands.add_parser("check", help="check all content without writing anything")
    for command in (build_command, check_command):
        command.add_argument("--site", default=".", help="the folder with site.yaml (default: here)")
        command.add_argument("--owner", help="publish the site of this organization id instead")
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_command.add_argument("--output", help="output folder, relative to the site (default: build)")
    return parser


def _print_summary(report: BuildReport, command: str) -> None:
    if report.warnings.problems:
        print(report.warnings.format(report.texts), file=sys.stderr)
    seconds = sum(duration for _, duration in report.timings)
    records = sum(
        len(group)
        for group in (
            report.records.organizations,
            report.records.memberships,
            report.records.agreements,
            report.records.sources,
            report.records.pages,
        )
    )
    if command == "build":
        output = report.config.output_dir
        print(f"built {report.files} pages from {records} records in {seconds:.2f} s → {output}/")
    else:
        print(f"checked {records} records: no errors")
