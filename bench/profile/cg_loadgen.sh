#!/bin/bash
# usage: cg_loadgen.sh SERVERBIN LOADGENBIN OUT N1 N2 [extra]: loadgen's instructions per response by difference
mkdir -p "${WORK:-/tmp/mcs-profile}"
SB=$1; LB=$2; OUT=$3; N1=$4; N2=$5; shift 5; EXTRA="$@"
PORT=$((20000 + RANDOM % 20000)); DB=${WORK:-/tmp/mcs-profile}/lg-$PORT.db; rm -f $DB*
MCSURVEY_ADMIN_PASSWORD=bench-password-123 $SB/mcsurvey serve --db sqlite:$DB --listen 127.0.0.1:$PORT --threads 1 --post-rate 0 >${WORK:-/tmp/mcs-profile}/lg-$PORT.log 2>&1 &
SP=$!
for i in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.2; done
F=${FORMS:-"--form employers --form authorities --form vet_providers --form employee_orgs"}
for n in $N1 $N2; do
  valgrind --tool=callgrind --callgrind-out-file=$OUT.$n $LB/loadgen --url http://127.0.0.1:$PORT $F --connections 4 --responses $n $EXTRA 2>&1 | grep responses
  grep -E '^totals:' $OUT.$n
done
kill $SP; wait $SP
a=$(grep -E '^totals:' $OUT.$N1 | awk '{print $2}'); b=$(grep -E '^totals:' $OUT.$N2 | awk '{print $2}')
echo "loadgen instructions per response: $(( (b - a) / (N2 - N1) ))"
