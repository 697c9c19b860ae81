#!/usr/bin/env bash
# --compile and signals: SIGINT, SIGTERM and SIGHUP sent to folio while a
# (fake, never-ending) engine runs must kill the engine's whole process
# group (its background child too), remove the folio-tex-* directory from
# $TMPDIR, write no PDF, and folio must end as killed by that signal.
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/tmp" "$tmp/out"
# The engine: a background child in its group, a mark that it runs, then waits forever.
cat > "$tmp/bin/pdflatex" <<'EOF'
#!/bin/sh
sleep 1000 &
echo "$$ $!" > started
wait
EOF
chmod +x "$tmp/bin/pdflatex"

python3 - "$FOLIO" "$SRC" "$tmp" <<'EOF'
import glob, os, signal, subprocess, sys, time

folio, src, tmp = sys.argv[1:]
env = dict(os.environ, PATH=tmp + "/bin:/usr/bin:/bin", TMPDIR=tmp + "/tmp")
guarded = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
fail = 0

def default_signals():
    for s in guarded:  # as from a terminal, even if the test runner ignores some
        signal.signal(s, signal.SIG_DFL)

def alive(pid):
    """True while pid runs (a zombie counts as gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

def group_members(pgid):
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = open(stat).read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.split("/")[2]))
    return found

# Each signal several times: the engine may die of folio's SIGKILL before
# folio's wait loop has seen the signal, and that must not read as a crash.
for sig in guarded * 4:
    name = signal.Signals(sig).name
    p = subprocess.Popen([folio, "build", "-q", "-f", "tex", "--compile=pdflatex",
                          "-o", tmp + "/out/cv.tex", src + "/data/example.yaml"],
                         env=env, preexec_fn=default_signals, stderr=subprocess.PIPE)
    marks = []
    for _ in range(600):
        marks = glob.glob(tmp + "/tmp/folio-tex-*/started")
        if marks and open(marks[0]).read().strip():
            break
        time.sleep(0.05)
    if not marks:
        print("FAIL %s: the engine never started" % name)
        p.kill(); p.wait(); fail += 1
        continue
    engine, child = (int(x) for x in open(marks[0]).read().split())
    p.send_signal(sig)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print("FAIL %s: folio still runs" % name)
        p.kill(); p.wait(); fail += 1
        continue
    err = p.stderr.read().decode()
    deadline = time.time() + 3
    while time.time() < deadline and (alive(engine) or alive(child) or group_members(engine)):
        time.sleep(0.05)
    problems = []
    if rc != -sig:
        problems.append("exit %s, not killed by %s" % (rc, name))
    if alive(engine) or alive(child) or group_members(engine):
        problems.append("engine group %d survives: %s" % (engine, group_members(engine)))
        for pid in group_members(engine):
            os.kill(pid, signal.SIGKILL)
    left = glob.glob(tmp + "/tmp/folio-tex-*")
    if left:
        problems.append("left behind: %s" % left)
    if os.path.exists(tmp + "/out/cv.pdf"):
        problems.append("a PDF was written")
    if err:
        problems.append("printed: %r" % err)
    if problems:
        print("FAIL %s: %s" % (name, "; ".join(problems)))
        fail += 1
    else:
        print("ok   %s: folio killed by it, engine %d and its child %d gone, no folio-tex-* left"
              % (name, engine, child))

print("compile_signals: %d failed" % fail)
sys.exit(1 if fail else 0)
EOF
