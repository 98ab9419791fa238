"""The core stays plain Python: importing `annotations` must not pull in textual (or the reader)."""

import subprocess
import sys


def test_importing_annotations_does_not_import_textual_or_reader():
    code = (
        "import sys, importlib, pkgutil, annotations\n"
        "for m in pkgutil.walk_packages(annotations.__path__, 'annotations.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'reader'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
