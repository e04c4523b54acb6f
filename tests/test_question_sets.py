"""The own question sets (tests/data/questions) are well formed and grounded in the shared corpus."""

from __future__ import annotations

import json

import pytest

from core.config import PROJECT_ROOT
from core.normalize import compact

SETS = sorted((PROJECT_ROOT / "tests" / "data" / "questions").glob("set_*.jsonl"))
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
KINDS = {"fact", "detail", "locate", "compare", "unanswerable"}
FIELDS = {"id", "kind", "class", "question", "answer", "answer_keys", "source_file", "unit", "evidence"}


def _rows() -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in SETS
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_rows_are_well_formed() -> None:
    rows = _rows()
    assert len(rows) >= 500
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == FIELDS, r["id"]
        assert r["kind"] in KINDS, r["id"]
        if r["kind"] == "unanswerable":
            assert r["answer_keys"] == [] and r["evidence"] == [], r["id"]
        else:
            assert r["answer_keys"] and all(isinstance(k, list) and k for k in r["answer_keys"]), r["id"]


@pytest.mark.corpus
def test_evidence_is_in_its_notice_file() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    texts = {p.name: compact(p.read_text(encoding="utf-8")) for p in CORPUS.iterdir() if p.is_file()}
    missing = []
    for r in _rows():
        files = r["source_file"] if isinstance(r["source_file"], list) else [r["source_file"]]
        pool = [texts[str(f)] for f in files if str(f) in texts]
        for e in r["evidence"]:  # type: ignore[union-attr]
            if pool and not any(compact(str(e)) in t for t in pool):
                missing.append((r["id"], e))
    assert len(missing) <= len(_rows()) // 50, missing[:10]
