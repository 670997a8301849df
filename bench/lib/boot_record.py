"""One PAR boot's timeline, appended as a JSON line: boot_record.py KIND STATE_DIR
Called by bench/boot.sh when it stops a PAR run (outside the timed part). Reads the start and ready instants
boot.sh took ($EPOCHREALTIME, the clock PAR's log timestamps use), the run's log and, while PAR still runs, its CPU
time and its worker's from /proc. Writes to STATE_DIR/timeline-KIND.jsonl, milliseconds since the process start:
  listening     runtime.listening (the host is built, Kestrel listens, the boot phases are about to start)
  phases        each boot phase's start and end (boot.phase.started / boot.phase.completed)
  ready         runtime.ready; probe200 the first 200 the bench's probe saw
  cpuMs         PAR (user+system), the children PAR waited for (venv creation), the worker, at stop"""
import datetime
import json
import os
import sys

kind, state = sys.argv[1:3]
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu(pid):
    try:
        with open("/proc/%s/stat" % pid, encoding="utf-8") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return {"self": round((utime + stime) * TICK_MS), "children": round((cutime + cstime) * TICK_MS)}


def main():
    try:
        with open(os.path.join(state, kind + ".epoch"), encoding="utf-8") as f:
            start, probe = (float(v) for v in f.read().split())
        with open(os.path.join(state, kind + ".pid"), encoding="utf-8") as f:
            pid = f.read().strip()
    except (OSError, ValueError):
        return
    since = lambda ts: round(datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000 - start * 1000, 1)
    record = {"wallMs": round((probe - start) * 1000, 1), "probe200": round((probe - start) * 1000, 1), "phases": {}}
    worker = None
    with open(os.path.join(state, kind + ".log"), encoding="utf-8") as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            event = e.get("event")
            if event == "runtime.listening":
                record["listening"] = since(e["ts"])
            elif event == "config.loaded":
                record["configLoaded"] = since(e["ts"])
            elif event == "boot.phase.started":
                record["phases"].setdefault(e["phase"], {})["start"] = since(e["ts"])
            elif event == "boot.phase.completed":
                record["phases"].setdefault(e["phase"], {})["end"] = since(e["ts"])
                record["phases"][e["phase"]]["durationMs"] = e.get("durationMs")
            elif event == "agent.worker.started" and worker is None:
                worker = e.get("pid")
            elif event == "runtime.ready":
                record["ready"] = since(e["ts"])
                record["bootMs"] = e.get("bootMs")
                break
    par = cpu(pid)
    record["cpuMs"] = {"par": par["self"] if par else None, "parChildren": par["children"] if par else None,
                       "worker": (cpu(worker) or {}).get("self") if worker else None}
    with open(os.path.join(state, "timeline-%s.jsonl" % kind), "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


main()
