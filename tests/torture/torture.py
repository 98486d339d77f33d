#!/usr/bin/python3
"""torture.py - every allocation failure ends in a clean exit (curl's idea).

usage: torture.py SHIM.so MUJAZ [--sample K] DOC...

For each DOC: counts the heap allocations of one render, then fails
allocation N alone for every N (or every K-th and the first and last 200
with --sample K).  Each run must end with exit 6 (out of memory), a
message, the old output intact and no temporary file, or with exit 0 and a
PDF byte-identical to the reference render.  Anything else (a crash, an
abort, another exit status, exit 0 with other bytes) is reported.  One test
per DOC; the last line is the runner's "N passed, N failed".
TORTURE_LIST=FILE writes every failing N there (doc, N, why, message)."""
import concurrent.futures
import os
import signal
import subprocess
import sys
import tempfile


def run_one(shim, mujaz, doc, ref, n, tmp):
    d = tempfile.mkdtemp(dir=tmp)
    out = os.path.join(d, "out.pdf")
    with open(out, "wb") as f:
        f.write(b"OLD OUTPUT\n")
    env = dict(os.environ, LD_PRELOAD=shim, MZ_FAIL_AT=str(n), SOURCE_DATE_EPOCH="1")
    try:
        r = subprocess.run([mujaz, doc, "-o", out], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
    except subprocess.TimeoutExpired:
        for x in os.listdir(d):
            os.unlink(os.path.join(d, x))
        os.rmdir(d)
        return n, "hang (60 s)", 
    got = open(out, "rb").read()
    left = [x for x in os.listdir(d) if x != "out.pdf"]
    err = r.stderr.decode("utf-8", "replace").strip().splitlines()
    msg = err[-1] if err else ""
    for x in os.listdir(d):
        os.unlink(os.path.join(d, x))
    os.rmdir(d)
    rc = r.returncode
    if rc < 0:
        return n, "signal %s" % signal.Signals(-rc).name, msg
    if left:
        return n, "left %s" % left, msg
    if rc == 0:
        return n, None if got == ref else "exit 0 with other bytes", msg
    if rc == 6:
        if got != b"OLD OUTPUT\n":
            return n, "exit 6 but the old output changed", msg
        return n, None if msg else "exit 6 without a message", msg
    return n, "exit %d" % rc, msg


def torture(shim, mujaz, doc, sample, tmp, listing):
    ref_path = os.path.join(tmp, "ref.pdf")
    count_path = os.path.join(tmp, "count")
    env = dict(os.environ, LD_PRELOAD=shim, MZ_COUNT_FILE=count_path, SOURCE_DATE_EPOCH="1")
    subprocess.run([mujaz, doc, "-o", ref_path], env=env, check=True)
    total = int(open(count_path).read())
    ref = open(ref_path, "rb").read()
    ns = [n for n in range(1, total + 1) if sample == 1 or n % sample == 0 or n <= 200 or n > total - 200]
    bad = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for n, why, msg in ex.map(lambda n: run_one(shim, mujaz, doc, ref, n, tmp), ns):
            if why:
                bad.setdefault(why, []).append((n, msg))
    print("# %s: %d allocations, %d runs (failing allocation N alone)" % (doc, total, len(ns)))
    for why, lst in sorted(bad.items(), key=lambda kv: -len(kv[1])):
        print("#   %s: %d runs (N = %s; %s)" % (why, len(lst), ", ".join(str(n) for n, _ in lst[:8]),
                                              lst[0][1][:200]))
        listing.extend("%s\t%d\t%s\t%s\n" % (doc, n, why, msg) for n, msg in lst)
    nbad = sum(len(v) for v in bad.values())
    if nbad:
        print("FAIL torture %s: %d of %d runs did not end cleanly" % (doc, nbad, len(ns)))
    else:
        print("PASS torture %s: all %d allocation failures end cleanly" % (doc, len(ns)))
    return not nbad


def main():
    args = sys.argv[1:]
    sample = 1
    if "--sample" in args:
        k = args.index("--sample")
        sample = int(args[k + 1])
        del args[k:k + 2]
    shim, mujaz, docs = args[0], args[1], args[2:]
    listing = []
    passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for doc in docs:
            passed += torture(shim, mujaz, doc, sample, tmp, listing)
    if os.environ.get("TORTURE_LIST"):
        with open(os.environ["TORTURE_LIST"], "w") as f:
            f.writelines(listing)
    print("%d passed, %d failed" % (passed, len(docs) - passed))
    sys.exit(0 if passed == len(docs) else 1)


main()
