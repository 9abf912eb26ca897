#!/bin/bash
# usage: cg_server.sh BINDIR OUT [N1 N2] [extra loadgen args] -- callgrind of the server, instructions per response by difference
mkdir -p "${WORK:-/tmp/mcs-profile}"
BIN=$1; OUT=$2; N1=${3:-20}; N2=${4:-80}; shift 4; EXTRA="$@"
PORT=$((20000 + RANDOM % 20000)); DB=${WORK:-/tmp/mcs-profile}/cg-$PORT.db; rm -f $DB*
MCSURVEY_ADMIN_PASSWORD=bench-password-123 valgrind --tool=callgrind --callgrind-out-file=$OUT.%p $BIN/mcsurvey serve --db sqlite:$DB --listen 127.0.0.1:$PORT --threads 1 --post-rate 0 >${WORK:-/tmp/mcs-profile}/cg-$PORT.log 2>&1 &
VP=$!
for i in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.5; done
F=${FORMS:-"--form employers --form authorities --form vet_providers --form employee_orgs"}
$BIN/loadgen --url http://127.0.0.1:$PORT $F --connections 4 --responses 20 $EXTRA
callgrind_control -z $VP >/dev/null
$BIN/loadgen --url http://127.0.0.1:$PORT $F --connections 4 --responses $N1 $EXTRA
callgrind_control -d a $VP >/dev/null
$BIN/loadgen --url http://127.0.0.1:$PORT $F --connections 4 --responses $N2 $EXTRA
callgrind_control -d b $VP >/dev/null
kill $VP; wait $VP
ls $OUT.$VP*
