#!/usr/bin/env bash
# A throw-away single-node SLURM cluster on this machine, for the `sweep --slurm` tests and for
# trying `--slurm` locally. Needs root and Debian's packages: slurmctld slurmd slurm-client munge.
#
#   test/support/slurm-cluster.sh start   # prints the SLURM_CONF line to export
#   test/support/slurm-cluster.sh stop    # stops exactly the daemons `start` started (pid files)
#   test/support/slurm-cluster.sh status
#
# Everything (config, munge socket, state, spool, logs, pid files) lives in one folder,
# $UE_SLURM_DIR (default /tmp/utility-engine-slurm), so nothing of a system SLURM or munge is touched.
set -euo pipefail

DIR=${UE_SLURM_DIR:-/tmp/utility-engine-slurm}
CONF="$DIR/slurm.conf"
PIDS=(munged.pid slurmctld.pid slurmd.pid)

alive() { [ -f "$DIR/$1" ] && kill -0 "$(cat "$DIR/$1")" 2>/dev/null; }

start() {
  [ "$(id -u)" = 0 ] || { echo "slurm-cluster: needs root (SlurmUser=root, munged --force)" >&2; exit 1; }
  for cmd in munged slurmctld slurmd sinfo; do
    command -v "$cmd" >/dev/null || { echo "slurm-cluster: $cmd not found; install: apt-get install slurmctld slurmd slurm-client munge" >&2; exit 1; }
  done
  if alive slurmctld.pid && alive slurmd.pid && alive munged.pid; then
    echo "slurm-cluster: already running; export SLURM_CONF=$CONF"
    return 0
  fi
  stop >/dev/null 2>&1 || true
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/munge"
  chmod 700 "$DIR/munge"
  # The package's key when there is one, else a fresh one: only this cluster's daemons use it.
  if [ -r /etc/munge/munge.key ]; then cp /etc/munge/munge.key "$DIR/munge/munge.key"
  else dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none; fi
  chmod 400 "$DIR/munge/munge.key"
  munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
    --pid-file="$DIR/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munge.seed"

  local cpus mem host
  cpus=$(nproc --all)
  # Leave some memory to the machine; jobs asking more than this stay pending.
  mem=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  host=$(hostname -s)
  cat > "$CONF" <<EOF
# Written by test/support/slurm-cluster.sh: a single-node throw-away cluster.
ClusterName=ue-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  # -i: ignore state from an earlier cluster in the same folder.
  slurmctld -f "$CONF" -i
  slurmd -f "$CONF"
  export SLURM_CONF="$CONF"
  for _ in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "slurm-cluster: up ($cpus CPUs, ${mem} MB, partition debug); export SLURM_CONF=$CONF"
      return 0
    fi
    sleep 0.5
  done
  echo "slurm-cluster: the node did not become idle; logs in $DIR/log" >&2
  tail -n 20 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2 || true
  exit 1
}

stop() {
  # Only the processes whose pids this script's daemons wrote; never by name.
  local f pid
  for f in slurmd.pid slurmctld.pid munged.pid; do
    if alive "$f"; then
      pid=$(cat "$DIR/$f")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$DIR/$f"
  done
  echo "slurm-cluster: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    for f in "${PIDS[@]}"; do if alive "$f"; then echo "${f%.pid}: running ($(cat "$DIR/$f"))"; else echo "${f%.pid}: not running"; fi; done ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
