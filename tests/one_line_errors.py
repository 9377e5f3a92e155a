"""Calling the command line in-process and checking that bad input gives exactly one
``error:`` line and exit code 2 (shared by the hostile-input tests)."""

import run


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = run.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *words: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert len(lines[0]) < 400
    return lines[0]
