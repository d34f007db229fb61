#!/bin/sh
# Seeds for the fuzz targets: the sample portfolio and the test fixtures as
# `#> PATH` inputs, every fourth yaml-test-suite case, and random bytes.
# Run from fuzz/: sh seed.sh
set -e
python3 - <<'PY'
import os, glob, random
os.makedirs("seeds/files", exist_ok=True)
os.makedirs("seeds/programs", exist_ok=True)
def pack(base, files):
    return "".join(f"#> {os.path.relpath(f, base)}\n" + open(f).read() for f in files)
progs = "../programs"
for d in sorted(os.listdir(progs)):
    p = os.path.join(progs, d)
    files = sorted(glob.glob(p + "/**/*.y*ml", recursive=True)) if os.path.isdir(p) else [p]
    open(f"seeds/files/sample-{d}", "w").write(pack(progs, files))
for fx in ["minimal", "mistakes"]:
    base = f"../tests/fixtures/{fx}/programs"
    open(f"seeds/files/fixture-{fx}", "w").write(pack(base, sorted(glob.glob(base + "/**/*.y*ml", recursive=True))))
for f in sorted(glob.glob("../tests/fixtures/yaml-test-suite/**/in.yaml", recursive=True))[::4]:
    name = os.path.relpath(os.path.dirname(f), "../tests/fixtures/yaml-test-suite").replace("/", "-")
    open(f"seeds/files/suite-{name}", "wb").write(open(f, "rb").read())
random.seed(1)
for i in range(8):
    open(f"seeds/programs/r{i}", "wb").write(bytes(random.randrange(256) for _ in range(200)))
PY
