"""errors: the editor-facing format of problems and their report."""

from __future__ import annotations

from unionsite.errors import ContentError, ErrorReport, Severity, SourceRef, did_you_mean

TEXTS = {"a.yaml": "name: X\n\tkinds: []\n", "b.yaml": "since: 2008\n"}


def test_a_problem_shows_its_place_then_the_line_with_a_caret() -> None:
    problem = ContentError(SourceRef("a.yaml", 2, 2), "something is wrong")
    assert problem.format(TEXTS) == "a.yaml:2:2: something is wrong\n     kinds: []\n     ^"


def test_warnings_say_so_and_positions_without_a_line_show_none() -> None:
    warning = ContentError(SourceRef("--owner", 0, 0), "careful", Severity.WARNING)
    assert warning.format(TEXTS) == "--owner: warning: careful"


def test_the_report_sorts_by_place_and_counts() -> None:
    report = ErrorReport.of(
        [
            ContentError(SourceRef("b.yaml", 1, 8), "second"),
            ContentError(SourceRef("a.yaml", 1, 7), "first"),
            ContentError(SourceRef("a.yaml", 1, 1), "a warning", Severity.WARNING),
        ]
    )
    assert [p.message for p in report.problems] == ["a warning", "first", "second"]
    assert report.format(TEXTS).splitlines()[-1] == "2 errors, 1 warning"


def test_did_you_mean_names_only_close_spellings() -> None:
    assert did_you_mean("alfayha", ["al-fayhaa", "nalas"]) == " (did you mean 'al-fayhaa'?)"
    assert did_you_mean("xyz", ["al-fayhaa", "nalas"]) == ""


def test_control_characters_in_a_message_or_line_are_shown_one_visible_character_each() -> None:
    problem = ContentError(SourceRef("x.yaml", 2, 11), "unknown source 'mbb-\ruluslararasi'")
    text = "name: X\nsources: [mbb-\x1b[31m]\n"
    assert problem.format({"x.yaml": text}) == (
        "x.yaml:2:11: unknown source 'mbb-\u240duluslararasi'\n    sources: [mbb-\u241b[31m]\n              ^"
    )
