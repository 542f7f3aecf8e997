#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Every ```bdl block of docs/*.md and README.md is a file that `bdlc check`
passes, and every ```python block is valid Python (compiled, not run), unless
the line before it marks it as a fragment with its reason:

    <!-- bdl fragment: an experiment of the network of §6 -->

so that the documentation's examples cannot fall behind the language.

    tools/check_doc_blocks.py ROOT BDLC
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"(?:^<!-- bdl fragment: (?P<why>[^>]*?) -->\n)?^```(?P<lang>bdl|python)\n(?P<src>.*?)^```",
                   re.M | re.S)


def main(root, bdlc):
    files = sorted(glob.glob(os.path.join(root, "docs", "*.md"))) + [os.path.join(root, "README.md")]
    checked = fragments = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            text = open(path, encoding="utf-8").read()
            for m in BLOCK.finditer(text):
                line = text.count("\n", 0, m.start("src"))
                where = "%s:%d" % (os.path.relpath(path, root), line)
                if m.group("why") is not None:
                    fragments += 1
                    continue
                if m.group("lang") == "python":
                    checked += 1
                    try:
                        compile(m.group("src"), where, "exec")
                    except SyntaxError as e:
                        failed += 1
                        print("FAIL %s: not valid Python: %s" % (where, e))
                    continue
                src = os.path.join(tmp, "block.bdl")
                with open(src, "w", encoding="utf-8") as f:
                    f.write(m.group("src"))
                r = subprocess.run([bdlc, "check", src], capture_output=True, text=True)
                checked += 1
                if r.returncode != 0:
                    failed += 1
                    print("FAIL %s: bdlc check:\n%s" % (where, r.stdout + r.stderr))
    print("doc blocks: %d checked, %d marked as fragments, %d failed" % (checked, fragments, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
