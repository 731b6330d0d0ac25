#!/usr/bin/env bash
# A single-node Slurm on localhost for testing `impulse-lab export-slurm` / `merge` (test/main/slurm.test.ts).
# Not for production: slurmctld and slurmd run as root with a private config in $IMPULSE_SLURM_DIR, so an existing
# cluster configuration (/etc/slurm) is never touched. Clients must see SLURM_CONF=$IMPULSE_SLURM_DIR/slurm.conf.
#
#   scripts/slurm-local.sh start    install (apt-get) if needed, configure, start munged + slurmctld + slurmd, wait
#   scripts/slurm-local.sh stop     stop the daemons this script started (munged only if it started it)
#   scripts/slurm-local.sh env      print the SLURM_CONF line to export
# Exit status 0 when the node is up (start) or the daemons are gone (stop); otherwise 1 with the reason on stderr.
set -euo pipefail

DIR="${IMPULSE_SLURM_DIR:-/tmp/impulse-lab-slurm}"
CONF="$DIR/slurm.conf"
export SLURM_CONF="$CONF"

fail() { echo "slurm-local: $*" >&2; exit 1; }

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || fail "slurm-wlm/munge are not installed and installing them needs root"
  command -v apt-get >/dev/null || fail "slurm-wlm/munge are not installed and there is no apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >"$DIR/apt.log" 2>&1 \
    || { apt-get update -qq >>"$DIR/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >>"$DIR/apt.log" 2>&1; } \
    || fail "apt-get install slurm-wlm munge failed (see $DIR/apt.log)"
}

write_config() {
  local host cpus mem
  host="$(hostname -s)"
  cpus="$(nproc)"
  mem="$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)"
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  # proctrack/linuxproc and task/none: no cgroup setup needed (containers); cons_tres + CR_CPU: one task per CPU.
  cat >"$CONF" <<EOF
ClusterName=impulselab
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
InactiveLimit=0
KillWait=5
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=30
Waittime=0
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  [ -f /etc/munge/munge.key ] || mungekey --create >/dev/null 2>&1 || fail "cannot create /etc/munge/munge.key"
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown -R munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge 2>/dev/null || true
  if id munge >/dev/null 2>&1 && command -v runuser >/dev/null; then
    runuser -u munge -- /usr/sbin/munged >/dev/null 2>&1 || /usr/sbin/munged --force >/dev/null 2>&1 || true
  else
    /usr/sbin/munged --force >/dev/null 2>&1 || true
  fi
  # Remember that munged is ours, so `stop` ends it too (and leaves a munged it found running alone).
  touch "$DIR/munged.started"
  for _ in $(seq 1 20); do
    munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  fail "munged did not start"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  [ "$(id -u)" -eq 0 ] || fail "needs root (slurmd runs jobs as any user)"
  mkdir -p "$DIR"
  install_packages
  write_config
  start_munge
  alive "$DIR/slurmctld.pid" || /usr/sbin/slurmctld -f "$CONF" >"$DIR/log/slurmctld.out" 2>&1 || fail "slurmctld did not start (see $DIR/log)"
  alive "$DIR/slurmd.pid" || /usr/sbin/slurmd -f "$CONF" >"$DIR/log/slurmd.out" 2>&1 || fail "slurmd did not start (see $DIR/log)"
  for _ in $(seq 1 60); do
    state="$(sinfo -h -o '%t' 2>/dev/null | head -n 1 || true)"
    case "$state" in
      idle*|mix*|alloc*) echo "slurm-local: node $(hostname -s) is $state; export SLURM_CONF=$CONF" >&2; return 0 ;;
      down*|drain*) scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  fail "the node did not become idle within 30 s (sinfo: ${state:-no answer}; see $DIR/log)"
}

stop() {
  for daemon in slurmd slurmctld; do
    if alive "$DIR/$daemon.pid"; then
      pid="$(cat "$DIR/$daemon.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
  done
  if [ -f "$DIR/munged.started" ] && alive /run/munge/munged.pid; then
    kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    rm -f "$DIR/munged.started"
  fi
  ! alive "$DIR/slurmd.pid" && ! alive "$DIR/slurmctld.pid" || fail "daemons still running"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) fail "usage: $0 start|stop|env" ;;
esac
