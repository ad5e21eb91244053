"""config: site.yaml into a SiteConfig, with its errors at their lines."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest

from unionsite.cli import main
from unionsite.config import load_config, today
from unionsite.errors import ContentErrors, SourceRef, UnionsiteError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_settings_and_defaults(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, "owner: mbb\nbase_url: https://example.org/birlik/\nlanguages: [tr, en]\n")
    )
    assert (config.owner, config.default_language, config.output_dir) == ("mbb", "tr", "build")
    assert config.base_path == "/birlik/"
    assert config.locale("en") == "en_GB"
    assert config.owner_at == SourceRef("site.yaml", 1, 8)


def test_command_line_choices_win(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, "owner: mbb\nbase_url: https://example.org/\nlanguages: [tr, en]\n"),
        owner="tdbb",
        output_dir="out",
    )
    assert (config.owner, config.output_dir, str(config.owner_at)) == ("tdbb", "out", "--owner")


def test_every_problem_of_site_yaml_is_listed(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        load_config(write(tmp_path, "base_url: https://example.org/\nlanguage: [tr]\n"))
    assert str(caught.value) == (
        "site.yaml:1:1: missing required setting 'languages'\n    base_url: https://example.org/\n    ^\n"
        "site.yaml:1:1: missing required setting 'owner'\n    base_url: https://example.org/\n    ^\n"
        "site.yaml:2:1: unknown setting 'language'\n    language: [tr]\n    ^\n"
        "3 errors, 0 warnings"
    )


def test_a_default_language_outside_the_languages_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        load_config(
            write(
                tmp_path,
                "owner: a\nbase_url: https://example.org/\nlanguages: [tr, en]\ndefault_language: de\n",
            )
        )
    assert str(caught.value).splitlines()[0] == "site.yaml:4:19: 'de' is not one of the languages"


def test_no_site_yaml(tmp_path: Path) -> None:
    with pytest.raises(UnionsiteError, match=r"^site\.yaml not found in "):
        load_config(tmp_path)


def test_a_feed_needs_at_least_one_entry(tmp_path: Path) -> None:
    assert (
        load_config(
            write(tmp_path, "owner: mbb\nbase_url: https://example.org/\nlanguages: [tr]\n")
        ).feed_entries
        == 50
    )
    with pytest.raises(ContentErrors) as caught:
        load_config(
            write(tmp_path, "owner: mbb\nbase_url: https://example.org/\nlanguages: [tr]\nfeed_entries: 0\n")
        )
    assert str(caught.value) == (
        "site.yaml:4:15: setting 'feed_entries' must be 1 or more\n"
        "    feed_entries: 0\n                  ^\n1 error, 0 warnings"
    )


FULL = "must be a full web address starting with https:// or http://"
BAD_ADDRESSES = {
    "no-scheme": (
        "base_url: example.org/",
        "2:11",
        f"setting 'base_url' {FULL}, such as 'https://www.birlik.example/'; got 'example.org/'",
    ),
    "script-base": (
        "base_url: javascript:alert(1)",
        "2:11",
        f"setting 'base_url' {FULL}, such as 'https://www.birlik.example/'; got 'javascript:alert(1)'",
    ),
    "no-slash": (
        "base_url: https://example.org/birlik",
        "2:11",
        "setting 'base_url' must end in '/', as in 'https://example.org/birlik/': "
        "pages are addressed below it",
    ),
    "script-form": (
        "contact: {form: 'javascript:alert(1)'}",
        "4:17",
        f"setting 'contact.form' {FULL}, such as 'https://…'; got 'javascript:alert(1)'",
    ),
    "script-information-request": (
        "information_request: javascript:alert(1)",
        "4:22",
        f"setting 'information_request' {FULL}, such as 'https://…'; got 'javascript:alert(1)'",
    ),
    "data-licence": (
        "licence: 'data:text/html,<script>alert(1)</script>'",
        "4:10",
        f"setting 'licence' {FULL}, such as 'https://…'; got 'data:text/html,<script>alert(1)</script>'",
    ),
    "relative-licence": (
        "licence: /licence/",
        "4:10",
        f"setting 'licence' {FULL}, such as 'https://…'; got '/licence/'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ADDRESSES))
def test_an_address_setting_must_be_a_full_web_address(case: str, tmp_path: Path) -> None:
    setting, place, message = BAD_ADDRESSES[case]
    lines = ["owner: a", "base_url: https://example.org/", "languages: [tr, en]"]
    if setting.startswith("base_url"):
        lines[1] = setting
    else:
        lines.append(setting)
    with pytest.raises(ContentErrors) as caught:
        load_config(write(tmp_path, "\n".join(lines) + "\n"))
    assert str(caught.value).splitlines()[0] == f"site.yaml:{place}: {message}"
    assert str(caught.value).endswith("1 error, 0 warnings")


def test_today_is_source_date_epoch_in_istanbul(tmp_path: Path) -> None:
    # 21:30 UTC on 31 December 2025 is already 1 January 2026 in Istanbul
    assert today(tmp_path, {"SOURCE_DATE_EPOCH": "1767216600"}) == datetime.date(2026, 1, 1)
    with pytest.raises(
        UnionsiteError, match="SOURCE_DATE_EPOCH must be a whole number of seconds, got 'dün'"
    ):
        today(tmp_path, {"SOURCE_DATE_EPOCH": "dün"})


def test_today_is_the_commit_time_of_head_without_source_date_epoch(tmp_path: Path) -> None:
    def git(*arguments: str) -> None:
        environment = {**os.environ, "GIT_COMMITTER_DATE": "2024-03-05T12:00:00+03:00"}
        subprocess.run(
            ["git", "-C", str(tmp_path), *arguments], check=True, capture_output=True, env=environment
        )

    git("init", "-q")
    (tmp_path / "site.yaml").write_text("owner: a\n", encoding="utf-8")
    git("add", "site.yaml")
    git("-c", "user.name=Editör", "-c", "user.email=editor@birlik.example", "commit", "-q", "-m", "Kayıt")
    assert today(tmp_path, {}) == datetime.date(2024, 3, 5)


def test_a_bad_address_in_site_yaml_fails_the_build_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "owner: a\nbase_url: example.org\nlanguages: [tr, en]\n")
    assert main(["build", "--site", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"site.yaml:2:11: setting 'base_url' {FULL}, such as 'https://www.birlik.example/'; "
        "got 'example.org'\n"
        "    base_url: example.org\n"
        "              ^\n"
        "1 error, 0 warnings\n"
        "nothing was written: the last good site is unchanged\n"
    )


def test_page_sizes_are_one_number_or_one_a_list(tmp_path: Path) -> None:
    settings = "owner: mbb\nbase_url: https://example.org/\nlanguages: [tr]\n"
    assert load_config(write(tmp_path, settings)).page_size("memberships") == 50
    assert load_config(write(tmp_path, settings + "page_size: 20\n")).page_size("memberships") == 20
    config = load_config(write(tmp_path, settings + "page_size: {default: 30, memberships: 10}\n"))
    assert (config.page_size("memberships"), config.page_size("agreements")) == (10, 30)
    assert config.page_size_at == (("memberships", SourceRef("site.yaml", 4, 26)),)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("page_size: 0", "4:12: setting 'page_size' must be a whole number, 1 or more"),
        ("page_size: true", "4:12: setting 'page_size' must be a whole number or a mapping"),
        ("page_size: 2.5", "4:12: setting 'page_size' must be a whole number or a mapping"),
        ("feed_entries: true", "4:15: setting 'feed_entries' must be a whole number"),
        ("search: 1", "4:9: setting 'search' must be true or false"),
        (
            "page_size: {memberships: ten}",
            "4:26: setting 'page_size.memberships' must be a whole number, 1 or more",
        ),
        ("page_size: {default: -1}", "4:22: setting 'page_size.default' must be a whole number, 1 or more"),
    ],
)
def test_a_number_setting_must_be_a_whole_number_from_one(tmp_path: Path, setting: str, message: str) -> None:
    settings = f"owner: mbb\nbase_url: https://example.org/\nlanguages: [tr]\n{setting}\n"
    with pytest.raises(ContentErrors) as caught:
        load_config(write(tmp_path, settings))
    assert str(caught.value).splitlines()[0] == f"site.yaml:{message}"


def test_image_settings_have_defaults_and_widths_are_kept_in_order(tmp_path: Path) -> None:
    settings = "owner: mbb\nbase_url: https://example.org/\nlanguages: [tr]\n"
    config = load_config(write(tmp_path, settings))
    assert (config.image_widths, config.image_max_megapixels, config.image_quality) == (
        (480, 960, 1440),
        50,
        80,
    )
    config = load_config(write(tmp_path, settings + "images: {widths: [800, 400, 800], quality: 70}\n"))
    assert (config.image_widths, config.image_max_megapixels, config.image_quality) == ((400, 800), 50, 70)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("images: 800", "4:9: setting 'images' must be a mapping"),
        (
            "images: {widths: 800}",
            "4:18: setting 'images.widths' must be a list of whole numbers from 16 to 8192, the widths in "
            "pixels a page may show an image at",
        ),
        (
            "images: {widths: [480, 10000]}",
            "4:18: setting 'images.widths' must be a list of whole numbers from 16 to 8192, the widths in "
            "pixels a page may show an image at",
        ),
        ("images: {quality: 0}", "4:19: setting 'images.quality' must be a whole number from 1 to 100"),
        (
            "images: {max_megapixels: 500}",
            "4:26: setting 'images.max_megapixels' must be a whole number from 1 to 89",
        ),
        (
            "images: {max_megapixels: true}",
            "4:26: setting 'images.max_megapixels' must be a whole number from 1 to 89",
        ),
        (
            "images: {sizes: [480]}",
            "4:10: unknown setting 'images.sizes' (known: widths, max_megapixels, quality)",
        ),
    ],
)
def test_image_settings_are_refused_at_their_place(tmp_path: Path, setting: str, message: str) -> None:
    settings = f"owner: mbb\nbase_url: https://example.org/\nlanguages: [tr]\n{setting}\n"
    with pytest.raises(ContentErrors) as caught:
        load_config(write(tmp_path, settings))
    assert str(caught.value).splitlines()[0] == f"site.yaml:{message}"


def test_another_settings_file_is_read_and_its_mistakes_located_in_it(tmp_path: Path) -> None:
    """An example site's settings (--config) sit in a folder of the site, its content too."""
    (tmp_path / "examples").mkdir()
    settings = tmp_path / "examples" / "site.yaml"
    settings.write_text(
        "owner: a\nbase_url: https://example.org/\nlanguages: [tr, en]\ncontent_dir: examples/content\n"
        "fictional: true\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path, config_file="examples/site.yaml", drafts=True)
    assert (config.file, config.content_dir, config.fictional, config.drafts) == (
        "examples/site.yaml",
        "examples/content",
        True,
        True,
    )
    assert config.owner_at == SourceRef("examples/site.yaml", 1, 8)
    settings.write_text("owner: a\nbase_url: https://example.org/\nlanguages: [tr]\nfictional: yes please\n")
    with pytest.raises(ContentErrors) as caught:
        load_config(tmp_path, config_file="examples/site.yaml")
    assert str(caught.value).splitlines()[0] == (
        "examples/site.yaml:4:12: setting 'fictional' must be true or false"
    )


@pytest.mark.parametrize("name", ["../site.yaml", "/etc/site.yaml", "examples/../../site.yaml"])
def test_a_settings_file_outside_the_site_is_refused(tmp_path: Path, name: str) -> None:
    write(tmp_path, "owner: a\nbase_url: https://example.org/\nlanguages: [tr]\n")
    with pytest.raises(UnionsiteError) as caught:
        load_config(tmp_path, config_file=name)
    assert str(caught.value) == f"--config must name a file inside the site's folder, got '{name}'"
