from benchmarks.run import kept_sections


def test_a_full_run_keeps_the_import_benchmark_section_it_does_not_measure(tmp_path):
    old = tmp_path / "results.md"
    block = "<!-- import-benchmark:begin -->\n## Import\nrows\n<!-- import-benchmark:end -->"
    old.write_text(f"# Old\nstale\n{block}\nstale tail\n", encoding="utf-8")
    assert kept_sections("# New\n", old) == f"# New\n\n{block}\n"
    assert kept_sections(f"# New\n{block}\n", old) == f"# New\n{block}\n"  # written by this run: not twice
    assert kept_sections("# New\n", tmp_path / "absent.md") == "# New\n"
