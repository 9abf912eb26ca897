#!/bin/bash
# usage: cpu.sh SERVERBIN LOADGENBIN RESPONSES [extra loadgen args]: server and loadgen CPU ms per complete response (/proc)
mkdir -p "${WORK:-/tmp/mcs-profile}"
SB=$1; LB=$2; N=$3; shift 3; EXTRA="$@"
PORT=$((20000 + RANDOM % 20000)); DB=${WORK:-/tmp/mcs-profile}/cpu-$PORT.db; rm -f $DB*
MCSURVEY_ADMIN_PASSWORD=bench-password-123 $SB/mcsurvey serve --db sqlite:$DB --listen 127.0.0.1:$PORT --threads 2 --post-rate 0 >${WORK:-/tmp/mcs-profile}/cpu-$PORT.log 2>&1 &
SP=$!
for i in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.2; done
F="--form employers --form authorities --form vet_providers --form employee_orgs"
$LB/loadgen --url http://127.0.0.1:$PORT $F --connections 32 --responses 200 $EXTRA >/dev/null
tck=$(getconf CLK_TCK)
for run in 1 2 3; do
  read u0 k0 < <(awk '{print $14, $15}' /proc/$SP/stat)
  out=$( { /usr/bin/time -f "LGCPU %U %S" $LB/loadgen --url http://127.0.0.1:$PORT $F --connections 32 --responses $N $EXTRA; } 2>&1 )
  read u1 k1 < <(awk '{print $14, $15}' /proc/$SP/stat)
  lg=$(echo "$out" | awk '/LGCPU/{print $2+$3}')
  echo "$out" | grep -o 'responses [0-9]* in [0-9.]* s = [0-9.]* complete responses/s.*failures [0-9]*' | head -1
  python3 -c "n=$N; u=($u1-$u0)/$tck*1000/n; k=($k1-$k0)/$tck*1000/n; s=u+k; print(f'server user {u:.3f} + system {k:.3f} ms/resp'); g=$lg*1000/n; print(f'server {s:.3f} ms/resp, loadgen {g:.3f} ms/resp, total {s+g:.3f} ms -> CPU allows {2000/(s+g):.0f} resp/s on 2 cores')"
done
kill $SP; wait $SP 2>/dev/null
