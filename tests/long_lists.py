"""A fixture site whose lists run over several pages: 120 organizations, each a member of the
Gamma network and party to an agreement with Alpha. Their Turkish and English names sort in
different orders, as real names do, so that page N of a list holds other entries in each
language."""

from __future__ import annotations

from .conftest import FIXTURE_CONTENT

COUNT = 120
# Turkish names start with letters Turkish sorts apart (Ç after C, İ after I, Ş after S, Ü
# after U); the English ones with other words altogether.
TURKISH_WORDS = ("Çamlı", "Cami", "İnce", "Irmak", "Şahin", "Sarı", "Ünlü", "Uzun")
ENGLISH_WORDS = ("Pine", "Mosque", "Slim", "River", "Falcon", "Yellow", "Famous", "Long")


def long_lists(count: int = COUNT, settings: str = "") -> dict[str, str | bytes]:
    """The base fixture content with `count` more organizations, memberships and agreements;
    `settings` is added to site.yaml (a `page_size`, say)."""
    files: dict[str, str | bytes] = {
        **FIXTURE_CONTENT,
        "site.yaml": f"{FIXTURE_CONTENT['site.yaml']}{settings}",
    }
    for n in range(1, count + 1):
        turkish = f"{TURKISH_WORDS[n % len(TURKISH_WORDS)]} Belediyesi {n:03d}"
        english = f"{ENGLISH_WORDS[(n * 3) % len(ENGLISH_WORDS)]} Municipality {n:03d}"
        files[f"content/organizations/city-{n:03d}.yaml"] = (
            f"name:\n  tr: {turkish}\n  en: {english}\nkinds: [public-body]\n"
        )
        files[f"content/memberships/city-{n:03d}-gamma.yaml"] = (
            f"member: city-{n:03d}\norganization: gamma\nsince: {1990 + n % 30}\n"
        )
        files[f"content/agreements/alpha-city-{n:03d}.yaml"] = (
            f"parties: [alpha, city-{n:03d}]\ntype: cooperation-protocol\n"
            f"signed: {1990 + n % 30}-0{1 + n % 9}-1{n % 10}\n"
            f"scope:\n  tr: İşbirliği {n}.\n  en: Cooperation {n}.\n"
        )
    return files
