#!/usr/bin/python3
"""torture.py - every allocation failure ends in a clean exit (curl's idea).

usage: torture.py SHIM.so MUJAZ [--sample K] DOC...
       torture.py SHIM.so MUJAZ [--sample K] --batch J DOC...

For each DOC: counts the heap allocations of one render, then fails
allocation N alone for every N (or every K-th and the first and last 200
with --sample K).  Each run must end with exit 6 (out of memory), a
message, the old output intact and no temporary file, or with exit 0 and a
PDF byte-identical to the reference render.  Anything else (a crash, an
abort, another exit status, exit 0 with other bytes) is reported.  One test
per DOC.

With --batch J, one test: `mujaz build -j J` of all the DOCs (their base
names distinct).  Each output must be its old bytes or the reference's;
exit 0 only when all are the reference's, exit 6 with a message otherwise.
With J > 1 which allocation is the N-th depends on the threads' timing: the
runs are still each checked, not repeatable.

The last line is the runner's "N passed, N failed".  TORTURE_LIST=FILE
writes every failing N there (test, N, why, message)."""
import concurrent.futures
import os
import shutil
import signal
import subprocess
import sys
import tempfile

OLD = b"OLD OUTPUT\n"


def outputs_of(docs):
    return [os.path.splitext(os.path.basename(d))[0] + ".pdf" for d in docs]


def command(mujaz, docs, batch, outdir):
    if batch:
        return [mujaz, "build", "-q", "--force", "-j", str(batch), "-o", outdir] + docs
    return [mujaz, docs[0], "-o", os.path.join(outdir, outputs_of(docs)[0])]


def judge(rc, got, refs, left, msg, batch):
    """What is wrong with one run, or None."""
    if rc < 0:
        return "signal %s" % signal.Signals(-rc).name
    if left:
        return "left %s" % left
    if rc == 0:
        return None if got == refs else "exit 0 with other bytes"
    if rc != 6:
        return "exit %d" % rc
    if not msg:
        return "exit 6 without a message"
    for g, r in zip(got, refs):
        if g != OLD and (not batch or g != r):
            return "exit 6 but an old output changed"
    return None


def run_one(shim, mujaz, docs, batch, refs, n, tmp):
    d = tempfile.mkdtemp(dir=tmp)
    names = outputs_of(docs)
    for x in names:
        with open(os.path.join(d, x), "wb") as f:
            f.write(OLD)
    env = dict(os.environ, LD_PRELOAD=shim, MZ_FAIL_AT=str(n), SOURCE_DATE_EPOCH="1")
    try:
        r = subprocess.run(command(mujaz, docs, batch, d), env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        shutil.rmtree(d)
        return n, "hang (120 s)", ""
    got = [open(os.path.join(d, x), "rb").read() for x in names]
    # .mujaz-deps and its lock file are the batch's own, kept on purpose
    left = [x for x in os.listdir(d) if x not in names and x not in (".mujaz-deps", ".mujaz-deps.lock")]
    err = r.stderr.decode("utf-8", "replace").strip().splitlines()
    msg = err[-1] if err else ""
    shutil.rmtree(d)
    return n, judge(r.returncode, got, refs, left, msg, batch), msg


def torture(shim, mujaz, docs, batch, sample, tmp, listing):
    name = ("build -j %d %s" % (batch, " ".join(docs))) if batch else docs[0]
    refdir = tempfile.mkdtemp(dir=tmp)
    count_path = os.path.join(tmp, "count")
    env = dict(os.environ, LD_PRELOAD=shim, MZ_COUNT_FILE=count_path, SOURCE_DATE_EPOCH="1")
    r = subprocess.run(command(mujaz, docs, batch, refdir), env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    if r.returncode:
        sys.exit("torture: the reference render failed: " + r.stderr.decode("utf-8", "replace"))
    total = int(open(count_path).read())
    refs = [open(os.path.join(refdir, x), "rb").read() for x in outputs_of(docs)]
    shutil.rmtree(refdir)
    ns = [n for n in range(1, total + 1) if sample == 1 or n % sample == 0 or n <= 200 or n > total - 200]
    bad = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for n, why, msg in ex.map(lambda n: run_one(shim, mujaz, docs, batch, refs, n, tmp), ns):
            if why:
                bad.setdefault(why, []).append((n, msg))
    print("# %s: %d allocations, %d runs (failing allocation N alone)" % (name, total, len(ns)))
    for why, lst in sorted(bad.items(), key=lambda kv: -len(kv[1])):
        print("#   %s: %d runs (N = %s; %s)" % (why, len(lst), ", ".join(str(n) for n, _ in lst[:8]),
                                              lst[0][1][:200]))
        listing.extend("%s\t%d\t%s\t%s\n" % (name, n, why, msg) for n, msg in lst)
    nbad = sum(len(v) for v in bad.values())
    if nbad:
        print("FAIL torture %s: %d of %d runs did not end cleanly" % (name, nbad, len(ns)))
    else:
        print("PASS torture %s: all %d allocation failures end cleanly" % (name, len(ns)))
    return not nbad


def main():
    args = sys.argv[1:]
    opts = {"--sample": 1, "--batch": 0}
    for o in opts:
        if o in args:
            k = args.index(o)
            opts[o] = int(args[k + 1])
            del args[k:k + 2]
    shim, mujaz, docs = args[0], args[1], args[2:]
    tests = [docs] if opts["--batch"] else [[d] for d in docs]
    listing = []
    passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for t in tests:
            passed += torture(shim, mujaz, t, opts["--batch"], opts["--sample"], tmp, listing)
    if os.environ.get("TORTURE_LIST"):
        with open(os.environ["TORTURE_LIST"], "w") as f:
            f.writelines(listing)
    print("%d passed, %d failed" % (passed, len(tests) - passed))
    sys.exit(0 if passed == len(tests) else 1)


main()
