"""The robustness tests as a table: what each case checked and the figure it measured.

Runs the bad-input, hostile-file, fault, server, office-format and secrets/limits test files with pytest in a subprocess
(``-m "not corpus and not browser"``: no e5 indexing, no browser), reads the JUnit XML it
writes, and prints one Markdown row per test case that recorded a ``figure`` property (the
tests call pytest's ``record_property("figure", ...)`` with values measured in the test). A case
that failed is listed even without a figure, with the first line of its failure. The last line
gives the totals over every test in those files and the date. The table is also written to
``benchmarks/out/robustness.md`` for the README.

Run from the repository root (about two minutes on two cores)::

    .venv/bin/python -m benchmarks.robustness_table
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "robustness.md"

GROUPS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("bad inputs", [
        ("test_robustness", "test_bad_inputs_through_the_command_line", "odd encodings and broken files, CLI"),
        ("test_robustness", "test_a_50_mb_file_is_skipped_without_being_read", "a 50 MB file"),
        ("test_robustness", "test_paths_with_dot_dot_and_unknown_sources", "dot-dot paths, unknown sources"),
        ("test_robustness", "test_instructions_in_a_notice_stay_data_and_the_reply_is_still_checked",
         "instructions planted in a notice"),
        ("test_robustness", "test_delimiter_markers_in_material_are_defused", "prompt delimiters in material"),
        ("test_robustness", "test_snapshot_is_consistent_while_commits_keep_coming", "snapshot under commits"),
    ]),
    ("hostile files", [
        ("test_hostile", "test_zip_bombs_are_refused_unopened", "zip bombs (.docx, .xlsx)"),
        ("test_hostile", "test_an_image_of_a_billion_pixels_is_refused_undecoded", "a 30,000 × 30,000 px image"),
        ("test_hostile", "test_a_pdf_over_the_page_limit_is_reported_not_cut_short", "a 3,000-page PDF"),
        ("test_hostile", "test_html_nested_200000_levels_is_read_without_recursion", "HTML nested 200,000 deep"),
        ("test_hostile", "test_a_megabyte_on_one_line_is_indexed_in_linear_time", "1 MB on one line"),
        ("test_hostile", "test_a_file_over_the_memory_budget_is_skipped_and_the_worker_replaced",
         "over the worker's memory budget"),
        ("test_hostile", "test_a_file_over_the_time_budget_is_stopped_and_skipped", "over the time budget"),
        ("test_hostile", "test_ctrl_c_mid_run_returns_the_report_of_what_was_done", "Ctrl-C mid-run"),
    ]),
    ("faults", [
        ("test_faults", "test_kill_9_while_indexing_leaves_the_previous_index_usable_and_a_rerun_completes",
         "kill -9 while indexing"),
        ("test_faults", "test_a_long_running_reader_follows_another_process_reindexing_the_embedded_store",
         "long-running reader, re-index"),
        ("test_faults", "test_a_second_indexing_process_is_refused_with_a_clear_message_while_the_first_runs",
         "two indexing runs at once"),
        ("test_faults", "test_endpoint_faults_fall_back_to_extractive_with_a_visible_notice_and_no_key_anywhere",
         "model endpoint fault"),
    ]),
    ("server", [
        ("test_server", "test_cli_indexing_in_another_process_is_seen_by_running_assistants",
         "indexing seen across processes"),
        ("test_server", "test_queries_while_another_process_indexes_see_only_committed_states",
         "queries during indexing"),
        ("test_server", "test_server_outage_is_one_clear_error_and_the_same_clients_recover",
         "server outage and recovery"),
    ]),
    ("office formats", [
        ("test_ofd", "test_pipeline_reads_ofd_notices_as_their_text", "OFD files, scanned and damaged OFD"),
        ("test_convert", "test_pipeline_indexes_doc_and_wps_and_skips_bad_ones",
         ".doc, .wps, damaged, junk and password-protected"),
        ("test_convert", "test_missing_libreoffice_skips_the_file_whole", ".doc without LibreOffice"),
    ]),
    ("secrets and limits", [
        ("test_llm_openai", "test_the_key_never_leaks", "API key after a failure"),
        ("test_uploads", "test_check_upload", "upload check"),
        ("test_uploads", "test_save_uploads_keeps_files_inside_the_folder", "upload names and paths"),
        ("test_app", "test_oversize_upload_is_refused_with_a_clear_message", "oversize upload in the app"),
    ]),
]  # fmt: skip
"""Table sections in order: (module, test function, case label) per row kind."""

TEST_FILES = sorted({f"tests/{module}.py" for _, cases in GROUPS for module, _, _ in cases})


@dataclass(frozen=True)
class Case:
    """One test case from the JUnit XML."""

    module: str
    """Test module name, e.g. ``test_faults``."""
    function: str
    """Test function name without the parameter id."""
    param: str
    """Parameter id inside the brackets, or empty."""
    outcome: str
    """``passed``, ``failed``, ``error`` or ``skipped``."""
    seconds: float
    """Duration pytest reported."""
    figure: str
    """The recorded figure, or empty."""
    message: str
    """First line of the failure, error or skip message, or empty."""


def run_pytest(xml_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the test files once, writing JUnit XML (xunit1: the family that keeps properties)."""
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "-m", "not corpus and not browser", "-o", "junit_family=xunit1",
        *TEST_FILES, f"--junitxml={xml_path}",
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False)


def read_cases(xml_path: Path) -> list[Case]:
    """Every ``testcase`` of the JUnit XML, in run order."""
    cases = []
    for element in ET.parse(xml_path).getroot().iter("testcase"):
        name = element.get("name", "")
        function, _, param = name.partition("[")
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            found = element.find(tag)
            if found is not None:
                outcome = "failed" if tag == "failure" else tag
                text = found.get("message") or found.text or ""
                message = text.strip().splitlines()[0] if text.strip() else ""
                break
        figures = [p.get("value", "") for p in element.iter("property") if p.get("name") == "figure"]
        cases.append(
            Case(
                module=element.get("classname", "").rpartition(".")[2],
                function=function,
                param=param.removesuffix("]"),
                outcome=outcome,
                seconds=float(element.get("time", "0")),
                figure="; ".join(figures),
                message=message,
            )
        )
    return cases


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell.

    >>> cell("a | b\\nc")
    'a \\\\| b c'
    """
    return " ".join(text.split()).replace("|", "\\|")


def row(case: Case, label: str) -> str:
    """One table row for ``case``."""
    name = f"{label} ({case.param})" if case.param else label
    result = f"{case.outcome}, {case.seconds:.1f} s"
    figure = case.figure or "—"
    if case.outcome in ("failed", "error"):
        figure = f"{case.figure + '; ' if case.figure else ''}**{case.outcome}:** {case.message}"
    return f"| {cell(name)} | `{case.module}.py::{case.function}` | {result} | {cell(figure)} |"


def table(cases: list[Case], today: datetime.date) -> str:
    """The Markdown table, grouped as ``GROUPS``, and the totals line."""
    shown = [c for c in cases if c.figure or c.outcome in ("failed", "error")]
    lines = ["| case | test | result | figure |", "| --- | --- | --- | --- |"]
    placed: set[int] = set()
    for group, kinds in GROUPS:
        rows = []
        for module, function, label in kinds:
            for i, case in enumerate(shown):
                if case.module == module and case.function == function:
                    rows.append(row(case, label))
                    placed.add(i)
        if rows:
            lines += [f"| **{group}** | | | |", *rows]
    others = [row(c, c.function) for i, c in enumerate(shown) if i not in placed]
    if others:
        lines += ["| **other** | | | |", *others]
    counts = {o: sum(1 for c in cases if c.outcome == o) for o in ("passed", "failed", "error", "skipped")}
    total = ", ".join(f"{n} {o}" for o, n in counts.items() if n or o in ("passed", "failed"))
    seconds = sum(c.seconds for c in cases)
    totals = (
        f"Totals over {len(cases)} tests in {len(TEST_FILES)} files: {total}; {len(shown)} rows above; "
        f"{seconds:.0f} s of test time; run on {today.isoformat()}."
    )
    lines += ["", totals]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the tests, print the table and write it to ``benchmarks/out/robustness.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the Markdown table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        xml_path = Path(tmp) / "robustness.xml"
        done = run_pytest(xml_path)
        if not xml_path.exists():
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
            print(f"pytest wrote no JUnit XML (exit {done.returncode})", file=sys.stderr)
            return 2
        cases = read_cases(xml_path)
    text = table(cases, datetime.date.today())
    print(text, end="")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"(written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out})")
    if done.returncode not in (0, 1):  # 1 is "some tests failed", shown in the table
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
