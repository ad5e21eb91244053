"""A synthetic content set in unionsite's format, the same for the same arguments: N bilingual
organizations with descriptions of about 250 words (Turkish letters included), about 2N
memberships and N agreements, and a union that publishes them.

    python bench/generate.py 2000 /tmp/site
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from unionsite import turkish

ROOT = Path(__file__).resolve().parent.parent
TURKISH_WORDS = [
    "belediye",
    "birliği",
    "işbirliği",
    "yönetim",
    "çalışma",
    "gelişme",
    "şehir",
    "ağ",
    "üye",
    "kalkınma",
    "çevre",
    "ulaşım",
    "su",
    "enerji",
    "göç",
    "iklim",
    "kültür",
    "eğitim",
    "sağlık",
    "proje",
    "dayanışma",
    "diyalog",
    "barış",
    "yerel",
    "küresel",
    "öğrenme",
    "sürdürülebilir",
    "ılımlı",
    "İstanbul",
    "İzmir",
    "Çanakkale",
    "Şanlıurfa",
    "Ağrı",
    "Iğdır",
    "Muş",
    "Düzce",
]
ENGLISH_WORDS = [
    "municipal",
    "union",
    "cooperation",
    "governance",
    "work",
    "development",
    "city",
    "network",
    "member",
    "growth",
    "environment",
    "transport",
    "water",
    "energy",
    "migration",
    "climate",
    "culture",
    "education",
    "health",
    "project",
    "solidarity",
    "dialogue",
    "peace",
    "local",
    "global",
    "learning",
    "sustainable",
    "moderate",
]
KINDS = ("union", "network", "association")
COUNTRIES = ("TR", "AZ", "KZ", "KG", "UZ", "TM", "GE", "BA", "MK", "AL", "DE", "FR", "LB", "PS", "MD")
ROLES = ("full", "observer", "associate")
TYPES = ("goodwill-agreement", "goodwill-protocol", "cooperation-protocol")


def initial_capital(words: str) -> str:
    """The first letter in capitals, the Turkish way (ı → I, i → İ), the rest as written:
    str.capitalize would also lower 'İzmir' to 'i̇zmir', with a stray combining dot."""
    return turkish.upper(words[:1]) + words[1:]


def text(rng: random.Random, words: tuple[str, ...] | list[str], count: int) -> str:
    chosen = [rng.choice(words) for _ in range(count)]
    sentences = [initial_capital(" ".join(chosen[i : i + 12])) + "." for i in range(0, count, 12)]
    return " ".join(sentences)


def organization(rng: random.Random, number: int) -> str:
    tr_name = f"{initial_capital(rng.choice(TURKISH_WORDS))} Belediyeler Birliği {number}"
    en_name = f"{initial_capital(rng.choice(ENGLISH_WORDS))} Municipalities Union {number}"
    return (
        f"name:\n  tr: {tr_name}\n  en: {en_name}\n"
        f"kinds: [{rng.choice(KINDS)}]\n"
        f"headquarters:\n  - country: {rng.choice(COUNTRIES)}\n"
        f"founded:\n  date: {rng.randint(1950, 2020)}\n"
        f"address: {{street: Örnek Sokak {number}, city: İstanbul, country: TR}}\n"
        "description:\n"
        f"  tr: >-\n    {text(rng, TURKISH_WORDS, 250)}\n"
        f"  en: >-\n    {text(rng, ENGLISH_WORDS, 250)}\n"
    )


def generate(count: int, target: Path, seed: int = 2026) -> None:
    """Write a site with `count` organizations into `target` (emptied first)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    for folder in ("templates", "locale", "assets"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "site.yaml").write_text(
        "owner: org-00000\nbase_url: https://example.org/\nlanguages: [tr, en]\n"
        "contact: {email: birlik@example.org, phone: +90 212 000 00 00}\n",
        "utf-8",
    )
    ids = [f"org-{n:05d}" for n in range(count)]
    folders = {name: target / "content" / name for name in ("organizations", "memberships", "agreements")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for number, organization_id in enumerate(ids):
        (folders["organizations"] / f"{organization_id}.yaml").write_text(organization(rng, number), "utf-8")
    for number in range(2 * count):
        member, organization_id = rng.sample(ids, 2)
        note = text(rng, TURKISH_WORDS, 20), text(rng, ENGLISH_WORDS, 20)
        (folders["memberships"] / f"m-{number:06d}.yaml").write_text(
            f"member: {member}\norganization: {organization_id}\nsince: {rng.randint(1990, 2024)}\n"
            f"role: {rng.choice(ROLES)}\nnote:\n  tr: {note[0]}\n  en: {note[1]}\n",
            "utf-8",
        )
    for number in range(count):
        first, second = rng.sample(ids, 2)
        scope = text(rng, TURKISH_WORDS, 30), text(rng, ENGLISH_WORDS, 30)
        (folders["agreements"] / f"a-{number:06d}.yaml").write_text(
            f"parties: [{first}, {second}]\ntype: {rng.choice(TYPES)}\n"
            f"signed: {rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
            f"scope:\n  tr: {scope[0]}\n  en: {scope[1]}\n",
            "utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    arguments = parser.parse_args()
    generate(arguments.count, arguments.target)


if __name__ == "__main__":
    main()
