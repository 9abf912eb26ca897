#!/bin/bash
# usage: cpu_threads.sh SERVERBIN LOADGENBIN RESPONSES [extra loadgen args]
# As cpu.sh, with the server's CPU per complete response split by thread (/proc/PID/task/TID/stat):
# the two I/O threads (the main thread and the one Server::Run starts last, the highest TID), the
# SQLite writer (the first thread started, when the storage opens) and all others.
mkdir -p "${WORK:-/tmp/mcs-profile}"
SB=$1; LB=$2; N=$3; shift 3; EXTRA="$@"
PORT=$((20000 + RANDOM % 20000)); DB=${WORK:-/tmp/mcs-profile}/cput-$PORT.db; rm -f $DB*
MCSURVEY_ADMIN_PASSWORD=bench-password-123 $SB/mcsurvey serve --db sqlite:$DB --listen 127.0.0.1:$PORT --threads 2 --post-rate 0 >${WORK:-/tmp/mcs-profile}/cput-$PORT.log 2>&1 &
SP=$!
for i in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.2; done
F="--form employers --form authorities --form vet_providers --form employee_orgs"
$LB/loadgen --url http://127.0.0.1:$PORT $F --connections 32 --responses 200 $EXTRA >/dev/null
tck=$(getconf CLK_TCK)
snap() { for t in /proc/$SP/task/*; do echo "$(basename $t) $(awk '{print $14, $15}' $t/stat)"; done; }
for run in 1 2 3; do
  before=$(snap)
  out=$( { /usr/bin/time -f "LGCPU %U %S" $LB/loadgen --url http://127.0.0.1:$PORT $F --connections 32 --responses $N $EXTRA; } 2>&1 )
  after=$(snap)
  lg=$(echo "$out" | awk '/LGCPU/{print $2+$3}')
  echo "$out" | grep -o 'failures [0-9]*' | head -1
  python3 - "$SP" "$N" "$tck" "$lg" "$before" "$after" <<'PY'
import sys
pid, n, tck, lg = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
def parse(s): return {int(l.split()[0]): (int(l.split()[1]), int(l.split()[2])) for l in s.strip().split('\n')}
b, a = parse(sys.argv[5]), parse(sys.argv[6])
tids = sorted(a)
io = {pid, tids[-1]}
writer = tids[1]
def ms(ts): return [sum((a[t][i] - b.get(t, (0, 0))[i]) for t in ts) / tck * 1000 / n for i in (0, 1)]
iou, iok = ms(io); wu, wk = ms([writer]); ou, ok = ms([t for t in tids if t not in io and t != writer])
print(f"I/O threads user {iou:.3f} + sys {iok:.3f} = {iou+iok:.3f} ms/resp; writer {wu:.3f} + {wk:.3f}; others {ou+ok:.3f}; server {iou+iok+wu+wk+ou+ok:.3f}; loadgen {lg*1000/n:.3f}")
PY
done
kill $SP; wait $SP 2>/dev/null
