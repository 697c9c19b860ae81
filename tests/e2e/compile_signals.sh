#!/usr/bin/env bash
# Signals: every signal whose default action ends folio and that comes from
# outside (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
# SIGXCPU, SIGVTALRM, SIGPROF, SIGPOLL, SIGPWR, SIGSTKFLT and every realtime
# signal) sent to folio
#  - while a (fake, never-ending) --compile engine runs must kill the
#    engine's whole process group (its background child too), remove the
#    folio-tex-* directory from $TMPDIR and write no PDF;
#  - while folio writes an output file (strace delivers it at the fchmod
#    between write and rename) must remove NAME.folio-XXXXXX and leave the
#    earlier output as it was;
# and folio must end as killed by that signal, printing nothing.  SIGPIPE
# and SIGXFSZ are ignored (a closed pipe, a file size limit: an error
# message; tests/e2e/output.sh): sent during --compile they change nothing.
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
import glob, os, resource, shutil, signal, subprocess, sys, time

folio, src, tmp = sys.argv[1:]
env = dict(os.environ, PATH=tmp + "/bin:/usr/bin:/bin", TMPDIR=tmp + "/tmp")
first = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
named = ["SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU", "SIGVTALRM", "SIGPROF",
         "SIGPOLL", "SIGPWR", "SIGSTKFLT"]
others = [getattr(signal, n) for n in named if hasattr(signal, n)]
others += list(range(signal.SIGRTMIN, signal.SIGRTMAX + 1))
fail = 0

def name_of(sig):
    try:
        return signal.Signals(sig).name
    except ValueError:
        return "SIGRTMIN+%d" % (sig - signal.SIGRTMIN)

def as_from_a_shell():
    # default actions, as from a terminal, even if the test runner ignores some;
    # no core files from SIGQUIT and SIGXCPU
    for s in range(1, signal.SIGRTMAX + 1):
        if s not in (signal.SIGKILL, signal.SIGSTOP):
            try:
                signal.signal(s, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

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

def start_compile():
    """folio --compile with the fake engine running; (process, engine, child) or None."""
    p = subprocess.Popen([folio, "build", "-q", "-f", "tex", "--compile=pdflatex",
                          "-o", tmp + "/out/cv.tex", src + "/data/example.yaml"],
                         env=env, preexec_fn=as_from_a_shell, stderr=subprocess.PIPE)
    for _ in range(600):
        marks = glob.glob(tmp + "/tmp/folio-tex-*/started")
        if marks and open(marks[0]).read().strip():
            engine, child = (int(x) for x in open(marks[0]).read().split())
            return p, engine, child
        time.sleep(0.02)
    p.kill(); p.wait()
    return None

def stop_and_check(p, engine, child, sig, label):
    global fail
    p.send_signal(sig)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print("FAIL %s: folio still runs" % label)
        p.kill(); p.wait(); fail += 1
        return
    err = p.stderr.read().decode()
    deadline = time.time() + 3
    while time.time() < deadline and (alive(engine) or alive(child) or group_members(engine)):
        time.sleep(0.02)
    problems = []
    if rc != -sig:
        problems.append("exit %s, not killed by %s" % (rc, name_of(sig)))
    if alive(engine) or alive(child) or group_members(engine):
        problems.append("engine group %d survives: %s" % (engine, group_members(engine)))
        for pid in group_members(engine):
            os.kill(pid, signal.SIGKILL)
    left = glob.glob(tmp + "/tmp/folio-tex-*")
    if left:
        problems.append("left behind: %s" % left)
        for d in left:
            shutil.rmtree(d, ignore_errors=True)
    if os.path.exists(tmp + "/out/cv.pdf"):
        problems.append("a PDF was written")
    if err:
        problems.append("printed: %r" % err)
    if problems:
        print("FAIL %s: %s" % (label, "; ".join(problems)))
        fail += 1
    else:
        print("ok   %s: folio killed by it, engine %d and its child %d gone, no folio-tex-* left"
              % (label, engine, child))

# ---- --compile ----------------------------------------------------------
# SIGINT, SIGTERM, SIGHUP several times: the engine may die of folio's
# SIGKILL before folio's wait loop has seen the signal, and that must not
# read as a crash; then every other signal once.
for sig in first * 4 + others:
    started = start_compile()
    if not started:
        print("FAIL %s: the engine never started" % name_of(sig)); fail += 1
        continue
    stop_and_check(*started, sig, "--compile, " + name_of(sig))

# SIGPIPE and SIGXFSZ are ignored: folio and the engine go on; SIGTERM then cleans up
started = start_compile()
if not started:
    print("FAIL SIGPIPE/SIGXFSZ: the engine never started"); fail += 1
else:
    p, engine, child = started
    p.send_signal(signal.SIGPIPE)
    p.send_signal(signal.SIGXFSZ)
    time.sleep(0.3)
    if p.poll() is not None or not alive(engine):
        print("FAIL SIGPIPE/SIGXFSZ: folio ended (%s)" % p.returncode); fail += 1
    else:
        print("ok   --compile, SIGPIPE and SIGXFSZ: ignored")
    if p.poll() is None:
        stop_and_check(p, engine, child, signal.SIGTERM, "--compile, SIGTERM after them")

# ---- an output file being written --------------------------------------
# strace delivers the signal as folio enters the fchmod between writing
# NAME.folio-XXXXXX and renaming it (its log names the temporary file).
# Skipped where strace is missing or may not trace.
import re

if not shutil.which("strace") or subprocess.run(["strace", "-o", "/dev/null", "true"],
                                                stderr=subprocess.DEVNULL).returncode != 0:
    print("SKIP output file: strace missing or not permitted")
else:
    # LeakSanitizer cannot run under ptrace: it aborts at exit in a
    # traced process, so the leak check is off for these runs only.
    traced_env = dict(os.environ)
    traced_env["ASAN_OPTIONS"] = (os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
    for sig in first + others + [signal.SIGPIPE, signal.SIGXFSZ]:
        label = "output file, " + name_of(sig)
        ignored = sig in (signal.SIGPIPE, signal.SIGXFSZ)
        d = tmp + "/w%d" % sig
        os.mkdir(d)
        with open(d + "/cv.pdf", "w") as f:
            f.write("earlier good output")
        p = subprocess.run(["strace", "-f", "-o", d + "/trace", "-e", "trace=openat,fchmod,rename",
                            "-e", "inject=fchmod:signal=%d" % sig,
                            folio, "build", "-q", "-o", d + "/cv.pdf", src + "/data/example.yaml"],
                           env=traced_env, preexec_fn=as_from_a_shell, stderr=subprocess.PIPE,
                           timeout=60)
        trace = open(d + "/trace").read()
        made = re.findall(r'openat\(AT_FDCWD, "([^"]*\.folio-[^"]*)", [^)]*O_CREAT', trace)
        problems = []
        if not made or "fchmod(" not in trace:
            problems.append("no temporary file and fchmod in the trace")
        if ignored:
            if p.returncode != 0:
                problems.append("exit %s, want 0 (ignored)" % p.returncode)
            if not open(d + "/cv.pdf", "rb").read().startswith(b"%PDF-"):
                problems.append("the PDF was not written")
        else:
            if p.returncode != -sig:  # strace ends as its tracee did
                problems.append("exit %s, not killed by %s" % (p.returncode, name_of(sig)))
            if open(d + "/cv.pdf").read() != "earlier good output":
                problems.append("the earlier cv.pdf changed")
        left = [m for m in made if os.path.exists(m)]
        if left:
            problems.append("left behind: %s" % left)
        if p.stderr:
            problems.append("printed: %r" % p.stderr.decode())
        if problems:
            print("FAIL %s: %s" % (label, "; ".join(problems)))
            fail += 1
        elif ignored:
            print("ok   %s: ignored, the PDF written" % label)
        else:
            print("ok   %s: %s removed, earlier output kept" % (label, os.path.basename(made[0])))

print("compile_signals: %d failed" % fail)
sys.exit(1 if fail else 0)
EOF
