"""Adding a language is adding a folder and its catalog, nothing else.

The test copies the project, adds Dutch as a folder with a catalog (its texts are the
English ones: what matters is what the code does with a new folder), and checks that the
picker, the texts, the FAQ and `content status` all know the new language without a
line of code changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", "tests", "bench")

PROBE = """
from i18n import supported_codes, texts_for
from i18n.languages import best_language, language
from faq.library import load_library
assert "nl" in supported_codes(), supported_codes()
assert language("nl").native_name == "Nederlands"
assert best_language("nl-BE") == "nl"
assert texts_for("nl").plain("I'm coming") == "I'm coming"
library = load_library(supported_codes())
answer = library.ask("how long should my baby sleep", "nl")
assert answer.hits and answer.hits[0].entry_id == "sleep-hours-baby", answer.hits[:1]
assert [w.word for w in library.words("nl")][:1] == ["afbud"]
print("ok")
"""


def test_a_new_folder_is_a_new_language(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=SKIP)
    dutch = project / "content" / "nl"
    (dutch / "LC_MESSAGES").mkdir(parents=True)
    with (ROOT / "content" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    with (dutch / "LC_MESSAGES" / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    for name in ("safeguarding.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / "en" / name, dutch / name)

    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=project, capture_output=True, text=True, check=False
    )
    assert probe.returncode == 0, probe.stderr
    status = subprocess.run(
        [sys.executable, "bot.py", "content", "status"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    line = next(row for row in status.stdout.splitlines() if row.startswith("nl "))
    assert "Nederlands" in line and "draft" in line
