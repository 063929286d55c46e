#!/bin/sh
# deb_chroot.sh DEB RESULTS
#
# Installs the Debian package DEB into a throw-away copy of this machine's root, runs the
# installed collector the way its systemd unit would, then purges the package; facts for the
# test go to the directory RESULTS. Run as root in a private mount namespace:
#
#   unshare --mount --propagation private sh deb_chroot.sh DEB RESULTS
#
# so that every mount below disappears with the process. The copy is an overlay: the real root
# read-only below, a tmpfs above, so the host's files, users and dpkg database stay untouched
# (and the package's dependencies, installed on the host, are present in the copy).
#
# Protocol: the collector's output is this script's standard output; once it runs, the script
# waits for a line on standard input, then stops the collector with SIGTERM, purges the package
# and prints "DONE". Everything else goes to standard error.
set -eu

deb=$1
results=$2
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

layers=$results/layers
mkdir -p "$layers"
mount -t tmpfs divolte-package-test "$layers"
mkdir "$layers/upper" "$layers/work" "$layers/root"
root=$layers/root
mount -t overlay overlay -o "lowerdir=/,upperdir=$layers/upper,workdir=$layers/work" "$root"
mount --bind /dev "$root/dev"
mount -t proc proc "$root/proc"
# Empty /tmp and /run, as after a boot (no systemd running: maintainer scripts skip systemctl).
mount -t tmpfs tmpfs "$root/tmp"
mount -t tmpfs tmpfs "$root/run"

in_root() {
  chroot "$root" "$@"
}

cp "$deb" "$root/tmp/divolte-collector.deb"
in_root dpkg --install /tmp/divolte-collector.deb >&2

in_root getent passwd divolte >"$results/passwd" || true
in_root getent group divolte >"$results/group" || true
in_root stat -c '%U:%G' /var/log/divolte >"$results/log-directory"
# shellcheck disable=SC2016  # a dpkg-query field, not a shell expansion
in_root dpkg-query --show --showformat='${Conffiles}\n' divolte-collector >"$results/conffiles"
in_root dpkg-query --listfiles divolte-collector >"$results/files"
unit=$root/lib/systemd/system/divolte-collector.service
cp "$unit" "$results/unit"

# Installing again runs postinst again (it must not fail on the existing user) and keeps an
# edited conffile.
echo "# edited by the administrator" >>"$root/etc/divolte/divolte-env.sh"
in_root dpkg --install /tmp/divolte-collector.deb >&2
tail -n 1 "$root/etc/divolte/divolte-env.sh" >"$results/edited-conffile"

# The unit's User, Group, Environment and ExecStart; only the port changes (0: any free one).
setting() {
  sed -n "s/^$1=//p" "$unit"
}
user=$(setting User)
group=$(setting Group)
environment=$(setting Environment)
exec_start=$(setting ExecStart)
# shellcheck disable=SC2086  # ExecStart is a command line
chroot --userspec="$user:$group" "$root" /usr/bin/env -i PATH=/usr/bin:/bin "$environment" \
  DIVOLTE_OPTS="-D divolte.global.server.port=0" $exec_start &
collector=$!

read -r _ || true  # a line or end of input
# Numeric: the user exists only in the copy.
stat -c '%u:%g' "/proc/$collector" >"$results/collector-ids" || true
kill -TERM "$collector" 2>/dev/null || true  # unless it already exited
status=0
wait "$collector" || status=$?
echo "$status" >"$results/collector-exit-status"

in_root dpkg --purge divolte-collector >&2
in_root getent passwd divolte >"$results/passwd-after-purge" || true
in_root getent group divolte >"$results/group-after-purge" || true
if [ -e "$root/etc/divolte" ]; then
  echo present >"$results/etc-after-purge"
else
  echo absent >"$results/etc-after-purge"
fi
echo DONE
